import { DomainException } from '../errors/domain-error';
import { UpcasterChain, type Upcaster } from './upcaster-chain';

/** One test per kind of change an upcaster may carry (STYLE.md rule 6); breaking changes get a new type instead. */
describe('UpcasterChain', () => {
  const added: Upcaster = { type: 'AccountOpened', fromVersion: 1, upcast: (d) => ({ ...d, country: d.country ?? 'FR' }) };
  const renamed: Upcaster = {
    type: 'PaymentReceived',
    fromVersion: 1,
    upcast: ({ reference, ...rest }) => ({ ...rest, ...(reference !== undefined ? { remittanceReference: reference } : {}) }),
  };
  const reshaped: Upcaster = {
    type: 'InvoiceIssued',
    fromVersion: 1,
    upcast: ({ amountMinor, currency, ...rest }) => ({ ...rest, total: { amountMinor, currency } }),
  };
  const chained: Upcaster = { type: 'InvoiceIssued', fromVersion: 2, upcast: (d) => ({ ...d, lines: d.lines ?? [] }) };
  const chain = new UpcasterChain([added, renamed, reshaped, chained], { AccountOpened: 2, PaymentReceived: 2, InvoiceIssued: 3 });

  it('additive: a field that did not exist gets its documented default; one that was given is kept', () => {
    expect(chain.upcast({ type: 'AccountOpened', schemaVersion: 1, data: { accountId: 'A' } })).toEqual({ type: 'AccountOpened', schemaVersion: 2, data: { accountId: 'A', country: 'FR' } });
    expect(chain.upcast({ type: 'AccountOpened', schemaVersion: 1, data: { accountId: 'A', country: 'BE' } }).data).toEqual({ accountId: 'A', country: 'BE' });
  });

  it('renamed: the old field moves to its new name, and an absent optional field stays absent', () => {
    expect(chain.upcast({ type: 'PaymentReceived', schemaVersion: 1, data: { paymentId: 'P', reference: 'INV-1' } }).data).toEqual({ paymentId: 'P', remittanceReference: 'INV-1' });
    expect(chain.upcast({ type: 'PaymentReceived', schemaVersion: 1, data: { paymentId: 'P' } }).data).toEqual({ paymentId: 'P' });
  });

  it('reshaped and chained: v1 goes through v2 to v3, each step once', () => {
    expect(chain.upcast({ type: 'InvoiceIssued', schemaVersion: 1, data: { invoiceId: 'I', amountMinor: 100, currency: 'EUR' } })).toEqual({
      type: 'InvoiceIssued',
      schemaVersion: 3,
      data: { invoiceId: 'I', total: { amountMinor: 100, currency: 'EUR' }, lines: [] },
    });
    expect(chain.upcast({ type: 'InvoiceIssued', schemaVersion: 2, data: { invoiceId: 'I', total: { amountMinor: 1, currency: 'EUR' }, lines: [{ n: 1 }] } }).data).toEqual({
      invoiceId: 'I',
      total: { amountMinor: 1, currency: 'EUR' },
      lines: [{ n: 1 }],
    });
  });

  it('an event without a version is version 1; a current one and an unversioned type pass untouched (same object)', () => {
    expect(chain.upcast<{ type: string; schemaVersion?: number; data: unknown }>({ type: 'AccountOpened', data: { accountId: 'A' } }).schemaVersion).toBe(2);
    const current = { type: 'AccountOpened', schemaVersion: 2, data: { accountId: 'A', country: 'FR' } };
    expect(chain.upcast(current)).toBe(current);
    const other = { type: 'CreditLimitChanged', schemaVersion: 1, data: {} };
    expect(chain.upcast(other)).toBe(other);
  });

  it('the stored data is never changed in place', () => {
    const stored = Object.freeze({ type: 'AccountOpened', schemaVersion: 1, data: Object.freeze({ accountId: 'A' }) });
    chain.upcast(stored);
    expect(stored.data).toEqual({ accountId: 'A' });
  });

  it('a version newer than this release reads is refused, naming the type and versions', () => {
    try {
      chain.upcast({ type: 'AccountOpened', schemaVersion: 3, data: {} });
      throw new Error('not refused');
    } catch (error) {
      expect(error).toBeInstanceOf(DomainException);
      expect((error as DomainException).error).toMatchObject({ code: 'event.unsupported_version', field: 'schemaVersion', message: 'AccountOpened version 3 is newer than this release reads (2)' });
    }
  });

  it('a gap in a type\'s history is a programming error found at start', () => {
    expect(() => new UpcasterChain([added], { AccountOpened: 3 })).toThrow('AccountOpened is at version 3 but has no upcaster from version 2');
    expect(() => new UpcasterChain([added, added], { AccountOpened: 2 })).toThrow('two upcasters for AccountOpened v1');
    expect(() => new UpcasterChain([added], {})).toThrow('the type has no current version');
  });
});

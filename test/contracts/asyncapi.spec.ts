import Ajv from 'ajv';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildAsyncApi, versionOfPayload } from '../../scripts/contracts/asyncapi';

const ROOT = join(__dirname, '..', '..');
const committed = JSON.parse(readFileSync(join(ROOT, 'libs/contracts/asyncapi.json'), 'utf8'));

/** A validator for one message of the document: its payload with every component schema in scope. */
function payloadValidator(messageId: string) {
  const ajv = new Ajv({ strict: false, allErrors: true });
  ajv.addSchema({ $id: 'o2c', components: committed.components }, 'o2c');
  const payload = JSON.parse(JSON.stringify(committed.components.messages[messageId].payload).replace(/"#\/components\//g, '"o2c#/components/'));
  return ajv.compile(payload);
}

describe('published contracts: the AsyncAPI document generated from libs/contracts', () => {
  jest.setTimeout(120_000);

  it('is current: libs/contracts/asyncapi.json equals what the code generates (run `npm run contracts:doc` after changing a contract)', () => {
    const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    expect(JSON.parse(JSON.stringify(buildAsyncApi(ROOT, version)))).toEqual(committed);
  });

  it('lists every context topic and the ingress topics, each message with its type and schema version', () => {
    expect(Object.keys(committed.channels).sort()).toEqual(
      ['o2c.accounts.events', 'o2c.agency.events', 'o2c.collections.events', 'o2c.disputes.events', 'o2c.ingress.dlq', 'o2c.ingress.orders', 'o2c.ingress.payments', 'o2c.invoicing.events'].sort(),
    );
    const invoicing = committed.channels['o2c.invoicing.events'].messages;
    expect(Object.keys(invoicing)).toEqual(expect.arrayContaining(['InvoiceIssued', 'PaymentApplied', 'PaymentReversed', 'CreditNoteIssued']));
    expect(committed.components.messages['invoicing.PaymentApplied.v1'].payload.properties.schemaVersion).toEqual({ const: 1 });
    expect(committed.components.schemas.PaymentAppliedV1.properties.amountMinor.type).toBe('integer');
  });

  it('a payload interface without a V<n> suffix is refused with the type named', () => {
    expect(versionOfPayload('InvoiceIssued', 'InvoiceIssuedV2')).toBe(2);
    expect(() => versionOfPayload('InvoiceIssued', 'InvoiceIssuedPayload')).toThrow(/InvoiceIssued: its payload interface InvoiceIssuedPayload has no V<n> suffix/);
  });

  it('validates a real published message and refuses a float amount, a missing field and an unknown one', () => {
    const validate = payloadValidator('invoicing.PaymentApplied.v1');
    const message = {
      type: 'PaymentApplied',
      schemaVersion: 1,
      context: 'invoicing',
      key: 'ACME',
      data: { invoiceId: 'INV-1', accountId: 'ACME', paymentId: 'PAY-1', amountMinor: 12_000, currency: 'EUR', receivedOn: '2026-11-25', openAmountMinor: 0 },
      metadata: { messageId: 'm-1', correlationId: 'c-1', causationId: 'c-1', actor: 'svc:bank', occurredAt: '2026-11-25T09:00:00.000Z', sourceStream: 'ledger-ACME', sourcePosition: '42' },
    };
    expect(validate(message)).toBe(true);
    expect(validate({ ...message, data: { ...message.data, amountMinor: 120.5 } })).toBe(false);
    expect(validate.errors?.[0]?.instancePath).toBe('/data/amountMinor');
    const { paymentId: _omitted, ...withoutPayment } = message.data;
    expect(validate({ ...message, data: withoutPayment })).toBe(false);
    expect(validate({ ...message, data: { ...message.data, extra: 1 } })).toBe(false);
    expect(validate({ ...message, schemaVersion: 2 })).toBe(false);
  });

  it('the ingress messages carry their class-validator rules (the README example is valid, a bad one is not)', () => {
    const validate = payloadValidator('ingress.OrderPlaced.v1');
    const example = { messageId: 'oms-2026-11-25-000123', type: 'OrderPlaced', schemaVersion: 1, data: { orderId: 'ORD-000123', accountId: 'ACME', currency: 'EUR', amountMinor: 125000, placedAt: '2026-11-25T09:30:00Z' } };
    expect([validate(example), validate.errors]).toEqual([true, null]);
    expect(validate({ ...example, data: { ...example.data, currency: 'euro' } })).toBe(false);
    expect(validate({ ...example, data: { ...example.data, amountMinor: 1250.5 } })).toBe(false);
    const delivered = payloadValidator('ingress.OrderDelivered.v1');
    expect(
      delivered({ messageId: 'oms-1', type: 'OrderDelivered', data: { orderId: 'ORD-1', accountId: 'ACME', currency: 'EUR', deliveredAt: '2026-11-26T10:00:00Z', lines: [] } }),
    ).toBe(false);
  });
});

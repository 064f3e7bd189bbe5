import type { PublishedEvent } from '@o2c/contracts';
import { PostgresEventStore } from '@o2c/event-store/postgres';
import { DomainException, ManualClock } from '@o2c/kernel';
import { UndecodableMessageError, type HandlerContext, type IncomingMessage } from '@o2c/messaging';
import type { EntityManager } from 'typeorm';
import { createTestDatabase } from '../../../../test/support/database';
import { LedgerService } from '../ledger/ledger.service';
import { accountTermsConsumer } from './account-terms.consumer';

describe('invoicing learns account terms from accounts (real PostgreSQL)', () => {
  let store: PostgresEventStore;
  let ledger: LedgerService;
  let consumer: ReturnType<typeof accountTermsConsumer>;
  const clock = new ManualClock('2026-11-25T09:00:00Z');

  const incoming = (type: string, data: Record<string, unknown>, messageId: string, schemaVersion = 1): IncomingMessage => {
    const event: PublishedEvent = {
      type,
      schemaVersion,
      context: 'accounts',
      key: String(data.accountId),
      data,
      metadata: { messageId, correlationId: messageId, causationId: messageId, actor: 'user:cm', occurredAt: clock.now().toISOString(), sourceStream: 'account-x', sourcePosition: '1' },
    };
    return { topic: 'o2c.accounts.events', partition: 0, offset: '0', key: event.key, value: JSON.stringify(event), headers: {}, timestamp: 0 };
  };
  const deliver = async (message: IncomingMessage) => {
    const decoded = consumer.decode(message);
    await consumer.handle(decoded, { manager: {} as EntityManager, messageId: 'm', incoming: message } as HandlerContext);
  };
  const opened = (accountId: string, paymentTermsDays: number) => ({ accountId, legalName: 'Acme', kind: 'b2b', segment: 'standard', currency: 'EUR', paymentTermsDays, creditLimitMinor: 1, contacts: [], openedAt: '2026-11-01T00:00:00Z' });

  beforeAll(async () => {
    store = await PostgresEventStore.connect({ url: await createTestDatabase('invoicing_terms') });
    ledger = new LedgerService(store, clock);
    consumer = accountTermsConsumer(ledger);
  });
  afterAll(async () => {
    await store?.close();
  });

  it('is the group o2c.invoicing.accounts on the accounts topic', () => {
    expect(consumer.groupId).toBe('o2c.invoicing.accounts');
    expect(consumer.topics).toEqual(['o2c.accounts.events']);
  });

  it('records the terms once, even when the message is delivered twice', async () => {
    await deliver(incoming('AccountOpened', opened('T1', 45), 'a-1'));
    await deliver(incoming('AccountOpened', opened('T1', 45), 'a-1'));
    const events = await store.readStream('ledger-T1');
    expect(events.map((e) => [e.type, e.data])).toEqual([['AccountTermsLearned', { accountId: 'T1', currency: 'EUR', paymentTermsDays: 45 }]]);
  });

  it('applies a terms change to the invoices issued after it', async () => {
    await deliver(incoming('PaymentTermsChanged', { accountId: 'T1', paymentTermsDays: 10, reason: 'renegotiated' }, 'a-2'));
    const outcome = await ledger.execute(
      { type: 'IssueInvoice', accountId: 'T1', orderId: 'o', currency: 'EUR', deliveredOn: '2026-11-25', lines: [{ description: 'x', quantity: 1, unitPriceMinor: 1, taxRateBp: 0 }] },
      { causationId: 'c', actor: 'svc:test' },
    );
    expect(outcome.newEvents[0].data).toMatchObject({ dueOn: '2026-12-05' });
  });

  it('a terms change for an account not opened yet is not_found (retried by the consumer); an unknown version is undecodable', async () => {
    await expect(deliver(incoming('PaymentTermsChanged', { accountId: 'NOPE', paymentTermsDays: 10, reason: 'r' }, 'a-3'))).rejects.toThrow(DomainException);
    expect(() => consumer.decode(incoming('AccountOpened', opened('T2', 30), 'a-4', 3))).toThrow(UndecodableMessageError);
    expect(consumer.decode(incoming('CreditLimitChanged', { accountId: 'T2' }, 'a-5'))).toBeUndefined();
  });
});

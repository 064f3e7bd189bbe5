import type { INestApplication } from '@nestjs/common';
import type { PublishedEvent } from '@o2c/contracts';
import { EVENT_STORE, type EventStore } from '@o2c/event-store';
import { ManualClock } from '@o2c/kernel';
import { MESSAGE_TRANSPORT, type IncomingMessage, type MessageTransport, type RunningConsumer } from '@o2c/messaging';
import { createTestDatabase } from '../../../test/support/database';
import { DailyRunService, collectionsContext } from './index';
import type { ReminderPort } from './dunning/reminder-port';
import { callerFor, createTestApp, headersOf, type Caller } from '../../../test/support/auth';

/** Collections hosted alone (in-process bus): other contexts' events published on their topics, HTTP commands, published events out. */
describe('collections end to end over HTTP (real PostgreSQL, in-process bus)', () => {
  jest.setTimeout(120_000);
  let app: INestApplication;
  let base: string;
  let transport: MessageTransport;
  let published: RunningConsumer;
  const out: PublishedEvent[] = [];
  const clock = new ManualClock('2026-03-01T09:00:00Z');

  const send = async (method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown, as?: Caller) => {
    const headers = await headersOf(as ?? callerFor(path, 'collector'));
    const response = await fetch(`${base}${path}`, { method, headers: { 'content-type': 'application/json', ...headers }, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: response.status, body: (await response.json()) as Record<string, any> };
  };
  const until = async <T>(probe: () => Promise<T | undefined>, what: string): Promise<T> => {
    for (let i = 0; i < 300; i++) {
      const value = await probe();
      if (value !== undefined) return value;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`timed out waiting for ${what}`);
  };
  const publish = (context: 'accounts' | 'invoicing' | 'disputes', type: string, data: Record<string, unknown>, messageId: string) => {
    const event: PublishedEvent = {
      type,
      schemaVersion: 1,
      context,
      key: String(data.accountId),
      data,
      metadata: { messageId, correlationId: messageId, causationId: messageId, actor: `svc:${context}`, occurredAt: clock.now().toISOString(), sourceStream: 'x-1', sourcePosition: '1' },
    };
    return transport.publish(`o2c.${context}.events`, [{ key: event.key, value: JSON.stringify(event), headers: { 'o2c-message-id': messageId } }]);
  };
  const caseOf = (accountId: string) => send('GET', `/collections/accounts/${accountId}`);
  const stepsOf = async (accountId: string) =>
    ((await send('GET', `/collections/accounts/${accountId}/decisions`)).body.decisions as { type: string; stepId?: string; on?: string; reason?: string }[]).filter((d) => d.type === 'DunningStepTaken' || d.type === 'CallTaskOpened');

  beforeAll(async () => {
    process.env.O2C_COLLECTIONS_CONFIG = JSON.stringify({ autoRunCheckMs: 0 });
    process.env.O2C_REMINDER_WORKERS = '0';
    const databaseUrl = await createTestDatabase('collections_e2e');
    app = await createTestApp({ eventStore: { adapter: 'postgresql', databaseUrl }, clock, databaseUrl, contexts: [collectionsContext] }, false);
    await app.listen(0, '127.0.0.1');
    base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    transport = app.get<MessageTransport>(MESSAGE_TRANSPORT);
    await transport.ensureTopics([{ topic: 'o2c.collections.events' }]);
    published = await transport.consume({ groupId: 'test.collections.out', topics: ['o2c.collections.events'] }, async (batch: readonly IncomingMessage[]) => {
      for (const m of batch) out.push(JSON.parse(m.value) as PublishedEvent);
    });
    await publish('accounts', 'AccountOpened', { accountId: 'ACME', legalName: 'Acme', kind: 'b2b', segment: 'standard', currency: 'EUR', paymentTermsDays: 30, creditLimitMinor: 1_000_000, contacts: [{ contactId: 'b', name: 'Bob Buyer', role: 'buyer', email: 'bob@acme.test', preferredChannel: 'email' }, { contactId: 'a', name: 'Ann Compta', role: 'accountant', email: 'ann@acme.test', preferredChannel: 'email' }], openedAt: '2026-01-01T00:00:00Z' }, 'acc-1');
    await publish('invoicing', 'InvoiceIssued', { invoiceId: 'INV-1', accountId: 'ACME', orderId: 'O-1', currency: 'EUR', lines: [], netMinor: 100_000, taxMinor: 0, totalMinor: 100_000, issuedOn: '2026-01-01', dueOn: '2026-01-31', openAmountMinor: 100_000 }, 'inv-1');
    // Two consumer groups (accounts', invoicing's): wait for both facts, in whichever order they land.
    await until(async () => {
      const view = (await caseOf('ACME')).body;
      return view.invoices?.length === 1 && view.profile ? true : undefined;
    }, 'the case to learn the account and invoice');
  });
  afterAll(async () => {
    await published?.stop();
    await app?.close();
    delete process.env.O2C_COLLECTIONS_CONFIG;
    delete process.env.O2C_REMINDER_WORKERS;
  });

  it('learns the account from accounts and invoicing: the accountant is the first contact', async () => {
    const view = (await caseOf('ACME')).body;
    expect(view.profile.contacts.map((c: { contactId: string }) => c.contactId)).toEqual(['a', 'b']);
    expect(view.invoices[0]).toMatchObject({ invoiceId: 'INV-1', dueOn: '2026-01-31', openMinor: 100_000 });
  });

  it('changes a policy by API: a bad one is a 400 naming the field and records nothing; a good one is version 2, every version kept', async () => {
    const current = (await send('GET', '/collections/policies/standard.b2b')).body.versions[0];
    const { version: _v, effectiveFrom: _f, ...policy } = current;
    const bad = await send('PUT', '/collections/policies/standard.b2b', { policy: { ...policy, steps: [{ ...policy.steps[0], channel: 'pigeon' }] }, reason: 'oops' }, 'credit_manager');
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'policy.invalid', field: 'steps[0].channel' });
    const good = await send('PUT', '/collections/policies/standard.b2b', { policy: { ...policy, name: 'Standard, first letter at day 16' , steps: policy.steps.map((s: { stepId: string }) => (s.stepId === 'letter-1' ? { ...s, offsetDays: 16 } : s)) }, effectiveFrom: '2026-03-01', reason: 'faster' }, ['credit_manager', 'head-of-credit']);
    expect(good.status).toBe(200);
    expect(good.body).toMatchObject({ policyId: 'standard.b2b', version: 2, effectiveFrom: '2026-03-01' });
    expect((await send('GET', '/collections/policies/standard.b2b')).body.versions.map((v: { version: number }) => v.version)).toEqual([1, 2]);
  });

  it('a hold placed by API stops the ladder; released, the ladder resumes; a dispute holds the disputed amount only', async () => {
    const hold = await send('POST', '/collections/accounts/ACME/holds', { holdId: 'LEGAL-1', kind: 'legal', scope: 'account', reason: 'insolvency proceedings' }, ['credit_manager', 'legal']);
    expect(hold.status).toBe(201);
    const badHold = await send('POST', '/collections/accounts/ACME/holds', { holdId: 'X', kind: 'vacation', scope: 'account', reason: 'r' });
    expect(badHold.status).toBe(400);
    expect((await send('POST', '/collections/runs', { date: '2026-03-01' }, 'admin')).body).toMatchObject({ accounts: 1, remindersScheduled: 0 });
    expect(await stepsOf('ACME')).toEqual([]);

    clock.set('2026-03-02T09:00:00Z');
    expect((await send('POST', '/collections/accounts/ACME/holds/LEGAL-1/release', { reason: 'proceedings closed' })).status).toBe(201);
    await publish('disputes', 'DisputeOpened', { disputeId: 'D-1', accountId: 'ACME', invoiceId: 'INV-1', amountMinor: 30_000, currency: 'EUR', cause: 'goods_not_conforming', ownerId: 'o', openedBy: 'user:c', openedAt: '2026-03-02T08:00:00Z', dueBy: '2026-03-05T08:00:00Z' }, 'disp-1');
    await until(async () => ((await caseOf('ACME')).body.holds?.length === 1 ? true : undefined), 'the dispute hold');
    expect((await send('POST', '/collections/runs', { date: '2026-03-02' }, 'admin')).body).toMatchObject({ remindersScheduled: 1 });
    const notice = (await send('GET', '/collections/accounts/ACME/decisions')).body.decisions.find((d: { type: string }) => d.type === 'DunningStepTaken');
    // Held from 03-01 to 03-02: day 30 late, ladder day 29 -> the letter of version 2 (day 16), on 70,000.00 (the disputed 30,000.00 held).
    expect(notice).toMatchObject({ stepId: 'letter-1', policyVersion: 2, totalMinor: 70_000, provenance: { invoices: [{ invoiceId: 'INV-1', daysLate: 30, ladderDay: 29, dunnableMinor: 70_000 }] } });
    expect(notice.provenance.invoices[0].holdsConsidered).toEqual([expect.stringMatching(/^dispute:dispute:D-1:/)]);
    await until(async () => (out.some((e) => e.type === 'HoldPlaced' && (e.data as { kind: string }).kind === 'dispute') && out.some((e) => e.type === 'HoldReleased') ? true : undefined), 'published holds');
  });

  it('a reminder that could not be delivered opens a task on the worklist', async () => {
    const store = app.get<EventStore>(EVENT_STORE);
    await store.appendToStream('reminder-ACME:letter-1:2026-03-02', [
      {
        type: 'ReminderDeliveryFailed',
        data: { reminderId: 'ACME:letter-1:2026-03-02', accountId: 'ACME', channel: 'letter', messageId: 'm', reason: 'bad_address', permanent: true, detail: 'no such street', attempt: 1, failedAt: '2026-03-02T10:00:00Z' },
        metadata: { correlationId: 'c', causationId: 'c', actor: 'svc:reminders', occurredAt: '2026-03-02T10:00:00Z' },
      },
    ]);
    const task = await until(async () => (await stepsOf('ACME')).find((d) => d.type === 'CallTaskOpened' && d.reason === 'delivery_failed'), 'the delivery failure task');
    expect(task).toMatchObject({ reason: 'delivery_failed' });
  });

  it('a promise to pay refuses a bad amount naming the field', async () => {
    const bad = await send('POST', '/collections/accounts/ACME/promises', { promiseId: 'P', amountMinor: 10.5, currency: 'EUR', promisedFor: '2026-03-10', channel: 'phone' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.map((f: { field: string }) => f.field)).toEqual(['amountMinor']);
  });

  it('resumes a run that crashed between deciding and handing over: the notice is decided once and handed over once', async () => {
    clock.set('2026-03-15T09:00:00Z');
    const runs = app.get(DailyRunService);
    const inner = (runs as unknown as { reminders: ReminderPort }).reminders;
    let failures = 1;
    (runs as unknown as { reminders: ReminderPort }).reminders = {
      schedule: async (request, context) => {
        if (failures-- > 0) throw new Error('crash before the hand-over');
        await inner.schedule(request, context);
      },
    };
    const crashed = await send('POST', '/collections/runs', { date: '2026-03-15' }, 'admin');
    expect(crashed.status).toBe(500);
    const resumed = await send('POST', '/collections/runs', { date: '2026-03-15' }, 'admin');
    expect(resumed.body).toMatchObject({ accounts: 1, alreadyDone: 0, remindersScheduled: 1 });
    expect((await send('POST', '/collections/runs', { date: '2026-03-15' }, 'admin')).body).toMatchObject({ alreadyDone: 1, remindersScheduled: 0 });
    const letters = (await stepsOf('ACME')).filter((d) => d.stepId === 'letter-2');
    expect(letters).toHaveLength(1);
    const reminder = await send('GET', `/audit/streams/${encodeURIComponent('reminder-ACME:letter-2:2026-03-15')}/events`);
    expect((reminder.body.events as { type: string }[]).filter((e) => e.type === 'ReminderDue')).toHaveLength(1);
    (runs as unknown as { reminders: ReminderPort }).reminders = inner;
  });
});

import type { AddressInfo } from 'node:net';
import { INGRESS_TOPICS } from '@o2c/contracts';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import type { AppProcess } from '../support/app-process';
import { callerFor, headersOf, type Caller } from '../support/auth';
import { describeOwnKafka } from '../support/kafka';
import { BusScenario, until } from '../faults/bus-harness';

type Json = Record<string, any>;

/** A real SMTP server on loopback: every message it accepted, parsed. */
class Mailbox {
  readonly mails: ParsedMail[] = [];
  private server!: SMTPServer;
  port = 0;

  async start(): Promise<void> {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData: (stream, _session, callback) => {
        simpleParser(stream).then(
          (mail) => {
            this.mails.push(mail);
            callback();
          },
          (error: Error) => callback(error),
        );
      },
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', () => resolve()));
    this.port = (this.server.server.address() as AddressInfo).port;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  reminderIds(): string[] {
    return this.mails.map((m) => String(m.headers.get('x-o2c-reminder-id')));
  }
}

/**
 * Issue 6's "Done when", across processes: accounts, invoicing and
 * collections each run as their own OS process from dist/ (apps/<context>),
 * each with its own manual clock (demo mode), exchanging events only through
 * the run's Kafka broker. A policy changed through the API sends every step
 * by e-mail; an unpaid invoice delivered through the ingress topic walks its
 * ladder day by day, each e-mail received once by a real SMTP server on
 * loopback; a promise to pay holds it; the promise, broken (part paid),
 * escalates it at once and raises the account's risk class in accounts; the
 * worklist explains the row.
 */
describeOwnKafka('collections across processes over Kafka (accounts, invoicing, collections as separate processes, a real SMTP server)', (brokers) => {
  jest.setTimeout(600_000);
  const mailbox = new Mailbox();
  let scenario: BusScenario;
  let accounts: AppProcess;
  let invoicing: AppProcess;
  let collections: AppProcess;
  let accountId: string;
  let invoiceId: string;

  /** Who does this in real life: the operator moves the demo clock and starts daily runs, the credit manager changes policies, the collector the rest. */
  const callerOf = (method: string, path: string): Caller =>
    path === '/clock' || path === '/collections/runs' ? 'admin' : method === 'PUT' ? 'credit_manager' : path.startsWith('/collections/') ? ['collector', 'col-1'] : callerFor(path, 'credit_manager');
  const call = async (app: AppProcess, method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown): Promise<{ status: number; body: Json }> => {
    const response = await fetch(`${app.url}${path}`, { method, headers: { 'content-type': 'application/json', ...(await headersOf(callerOf(method, path))) }, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: response.status, body: (await response.json()) as Json };
  };
  const setClock = async (date: string) => {
    for (const app of [accounts, invoicing, collections]) expect((await call(app, 'POST', '/clock', { instant: `${date}T09:00:00Z` })).status).toBe(200);
  };
  const caseOf = async () => (await call(collections, 'GET', `/collections/accounts/${accountId}`)).body;
  const decisions = async (): Promise<Json[]> => (await call(collections, 'GET', `/collections/accounts/${accountId}/decisions`)).body.decisions ?? [];
  const steps = async () => (await decisions()).filter((d) => d.type === 'DunningStepTaken' || d.type === 'CallTaskOpened').map((d) => `${d.on} ${d.stepId}`);
  const run = async (date: string) => {
    await setClock(date);
    const response = await call(collections, 'POST', '/collections/runs', { date });
    expect(response.status).toBe(200);
    return response.body;
  };
  const mailFor = (date: string, stepId: string) => until(() => mailbox.mails.find((m) => m.headers.get('x-o2c-reminder-id') === `${accountId}:${stepId}:${date}`), `the ${stepId} e-mail of ${date}`, 120_000);
  const pay = (paymentId: string, amountMinor: number, receivedAt: string) =>
    scenario.producer.send({
      topic: INGRESS_TOPICS.payments,
      acks: -1,
      messages: [{ key: accountId, value: JSON.stringify({ messageId: `pay-${paymentId}`, type: 'PaymentReceived', data: { paymentId, accountId, amountMinor, currency: 'EUR', receivedAt, method: 'transfer', reference: invoiceId } }) }],
    });

  /** A process may stop at startup while the fresh broker still moves its partitions' leaders ("does not host this topic-partition"): started again. */
  const start = async (context: 'accounts' | 'invoicing' | 'collections', env: NodeJS.ProcessEnv): Promise<AppProcess> => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await scenario.app(context, attempt === 1 ? context : `${context}-${attempt}`, env);
      } catch (error) {
        if (attempt >= 3) throw error;
      }
    }
  };

  beforeAll(async () => {
    await mailbox.start();
    scenario = new BusScenario(brokers.join(','));
    await scenario.setUp();
    const clock = { O2C_CLOCK: 'manual:2026-10-01T09:00:00Z' };
    // One after the other: processes creating the same topics at the same instant can fail at startup.
    accounts = await start('accounts', clock);
    invoicing = await start('invoicing', clock);
    collections = await start('collections', {
      ...clock,
      // The automatic daily run is off: the test runs each day itself.
      O2C_COLLECTIONS_CONFIG: JSON.stringify({ autoRunCheckMs: 0 }),
      O2C_SMTP_URL: `smtp://127.0.0.1:${mailbox.port}`,
      O2C_REMINDER_POLL_MS: '200',
    });
    [accountId] = await scenario.openAccounts(accounts, 1);
    invoiceId = scenario.invoiceOf(accountId, 0);
    await until(async () => ((await call(collections, 'GET', `/collections/accounts/${accountId}`)).status === 200 ? true : undefined), 'collections to learn the account', 120_000);
  }, 300_000);

  afterAll(async () => {
    await scenario?.tearDown();
    await mailbox.stop();
  });

  it('an unpaid invoice walks its ladder day by day by e-mail; a promise holds it; broken, it escalates; the worklist explains the row', async () => {
    // The policy is data, changed through the API: every reminder of the standard individual's ladder by e-mail, a call on day 1.
    const policy = {
      name: 'Standard individuals, by e-mail',
      segment: 'standard',
      kind: 'b2c',
      collectorTime: true,
      steps: [
        { stepId: 'due-reminder', offsetDays: 0, channel: 'email', templateId: 'due-reminder.b2c' },
        { stepId: 'call-1', offsetDays: 1, channel: 'call_task', templateId: 'first-call' },
        { stepId: 'email-2', offsetDays: 4, channel: 'email', templateId: 'first-letter' },
        { stepId: 'email-3', offsetDays: 9, channel: 'email', templateId: 'second-letter' },
      ],
      handoff: { afterDays: 30 },
    };
    const changed = await call(collections, 'PUT', '/collections/policies/standard.b2c', { policy, effectiveFrom: '2026-01-01', reason: 'individuals read their e-mail' });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ policyId: 'standard.b2c', version: 2 });

    // An order of 1,000.00 delivered on 2 October through the ingress topic: invoiced, due 1 November (30 days' terms).
    await scenario.producer.send({
      topic: INGRESS_TOPICS.orders,
      acks: -1,
      messages: [
        {
          key: accountId,
          value: JSON.stringify({
            messageId: `del-${accountId}-0`,
            type: 'OrderDelivered',
            data: { orderId: `O-${accountId}-0`, accountId, currency: 'EUR', deliveredAt: '2026-10-02T10:00:00Z', lines: [{ description: 'paper', quantity: 1, unitPriceMinor: 100_000, taxRateBp: 0 }] },
          }),
        },
      ],
    });
    const invoice = await until(async () => ((await caseOf()).invoices as Json[] | undefined)?.find((i) => i.invoiceId === invoiceId), 'collections to learn the invoice', 120_000);
    expect(invoice).toMatchObject({ dueOn: '2026-11-01', openMinor: 100_000 });

    // Day 0: the due-date reminder, by e-mail, received by the SMTP server.
    await run('2026-10-31');
    await run('2026-11-01');
    const first = await mailFor('2026-11-01', 'due-reminder');
    expect(first.to).toMatchObject({ value: [{ address: `${accountId.toLowerCase()}@example.com` }] });
    expect(first.text).toContain(invoiceId);
    expect(first.text).toContain('000,00 EUR');
    // Day 1: a call task for a collector.
    await run('2026-11-02');
    expect(await steps()).toEqual(['2026-11-01 due-reminder', '2026-11-02 call-1']);

    // Day 2: the collector reaches the customer, who promises the whole amount by 5 November: the ladder holds.
    await setClock('2026-11-03');
    expect((await call(collections, 'POST', `/collections/accounts/${accountId}/contacts`, { collectorId: 'collections', channel: 'phone', outcome: 'promise' })).status).toBe(201);
    expect((await call(collections, 'POST', `/collections/accounts/${accountId}/promises`, { promiseId: 'PTP-1', amountMinor: 100_000, currency: 'EUR', promisedFor: '2026-11-05', channel: 'phone' })).status).toBe(201);
    await run('2026-11-03');
    // Day 4 would be the second e-mail: held by the promise, nothing goes out.
    await run('2026-11-04');
    await run('2026-11-05');
    expect(await steps()).toEqual(['2026-11-01 due-reminder', '2026-11-02 call-1']);

    // 400.00 arrives through the payments ingress on the promised date: short of the promise.
    await pay(`P-${scenario.run}-1`, 40_000, '2026-11-05T10:00:00Z');
    await until(async () => (((await caseOf()).invoices as Json[]).find((i) => i.invoiceId === invoiceId)?.openMinor === 60_000 ? true : undefined), 'collections to learn the payment', 120_000);

    // The next day's run judges it broken: the hold ends and the ladder jumps to its next step at once, by e-mail.
    await run('2026-11-06');
    const after = await decisions();
    expect(after.find((d) => d.type === 'PromiseToPayBroken')).toMatchObject({ promiseId: 'PTP-1', promisedMinor: 100_000, paidMinor: 40_000, on: '2026-11-06' });
    expect(after.find((d) => d.type === 'LadderEscalated')).toMatchObject({ reason: 'promise PTP-1 broken', on: '2026-11-06' });
    expect(await steps()).toEqual(['2026-11-01 due-reminder', '2026-11-02 call-1', '2026-11-06 email-2']);
    const escalation = await mailFor('2026-11-06', 'email-2');
    expect(escalation.text).toContain('600,00 EUR');

    // Accounts counts the broken promise in the risk class, and collections learns it back, all through Kafka.
    const account = await until(async () => {
      const r = await call(accounts, 'GET', `/accounts/${accountId}`);
      return r.body.riskClass === 'medium' ? r.body : undefined;
    }, "accounts to raise the account's risk", 120_000);
    expect(account.riskClass).toBe('medium');
    await until(async () => ((await caseOf()).riskClass === 'medium' ? true : undefined), 'collections to learn the risk class', 120_000);

    await run('2026-11-07');
    await run('2026-11-08');
    // The worklist explains the row: every reason, the score's parts (they add up to the score), the next best action.
    const row = await until(async () => {
      const page = await call(collections, 'GET', '/collections/worklist?collectorId=collections&date=2026-11-08');
      // Rescored on the 7th with the new risk class; on the 8th only the days late grew.
      return (page.body.entries as Json[] | undefined)?.find((e) => e.accountId === accountId && e.scoreParts.find((p: Json) => p.part === 'risk_class')?.input === 'medium');
    }, 'the worklist row of 8 November');
    expect(row.reasons).toMatchObject({ amountAtStakeMinor: 60_000, daysLate: 7, brokenPromises: 1, riskClass: 'medium', segment: 'standard', lastContact: { outcome: 'promise' }, openDisputes: 0 });
    expect(row.scoreParts.reduce((sum: number, p: Json) => sum + p.points, 0)).toBe(row.score);
    expect(row.scoreParts.find((p: Json) => p.part === 'broken_promises')).toMatchObject({ input: 1, points: 40 });
    expect(row.scoreParts.find((p: Json) => p.part === 'days_late')).toMatchObject({ input: 7, points: 14 });
    expect(row.nextAction).toMatchObject({ channel: 'email', on: '2026-11-11', why: `email-3 for ${invoiceId}` });

    // The ladder keeps its spacing from the escalated step: the third e-mail five days after it, once.
    for (const date of ['2026-11-09', '2026-11-10', '2026-11-11']) await run(date);
    expect(await steps()).toEqual(['2026-11-01 due-reminder', '2026-11-02 call-1', '2026-11-06 email-2', '2026-11-11 email-3']);
    await mailFor('2026-11-11', 'email-3');
    expect((await run('2026-11-11')).remindersScheduled).toBe(0);

    // Every e-mail once: one SMTP message per reminder.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(mailbox.reminderIds().sort()).toEqual([`${accountId}:due-reminder:2026-11-01`, `${accountId}:email-2:2026-11-06`, `${accountId}:email-3:2026-11-11`]);
  });
});

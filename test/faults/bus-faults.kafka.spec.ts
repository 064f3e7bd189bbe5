import { INGRESS_TOPICS } from '@o2c/contracts';
import { Kafka, logLevel } from 'kafkajs';
import { headersOf } from '../support/auth';
import { resumeBroker, startTestBroker, stopBroker, stopTestBroker, type TestBroker } from '../support/kafka-broker';
import { testBrokers } from '../support/kafka';
import { BusScenario, INVOICE_TOTAL, sleep, until } from './bus-harness';

/**
 * Faults on a real Kafka broker of this file's own (it is stopped and
 * restarted here), with accounts and invoicing as separate OS processes that
 * exchange events only through Kafka. After each fault, every balance is the
 * one expected from the messages sent (no payment lost or applied twice),
 * accounts' receivables equal invoicing's open items, and each read model
 * equals its rebuild from the store.
 */
const describeFaults = testBrokers() ? describe : describe.skip;

describeFaults('the bus under faults (real broker, separate processes)', () => {
  jest.setTimeout(300_000);
  let broker: TestBroker;
  let scenario: BusScenario;
  const ACCOUNTS = 6;
  const INVOICES = 2;

  beforeAll(async () => {
    const started = await startTestBroker({ own: true });
    if ('skipped' in started) throw new Error(started.skipped);
    broker = started;
  }, 180_000);
  afterAll(() => {
    if (broker) stopTestBroker(broker);
  });
  afterEach(async () => {
    await scenario?.tearDown();
  });

  /** Payments of 1..n cents spread over the invoices; returns what each account should still owe. */
  function payments(accountIds: readonly string[], from: number, count: number) {
    const messages = [];
    const paid = new Map<string, number>();
    for (let seq = from; seq < from + count; seq++) {
      const accountId = accountIds[seq % accountIds.length];
      const amount = 1 + (seq % 97);
      messages.push(scenario.payment(seq, accountId, scenario.invoiceOf(accountId, seq % INVOICES), amount));
      paid.set(accountId, (paid.get(accountId) ?? 0) + amount);
    }
    return { messages, paid };
  }

  function expectedOpen(accountIds: readonly string[], ...paid: Map<string, number>[]): Map<string, number> {
    return new Map(accountIds.map((id) => [id, INVOICE_TOTAL * INVOICES - paid.reduce((sum, p) => sum + (p.get(id) ?? 0), 0)]));
  }

  async function settle(expected: Map<string, number>, accountsUrl: { url: string }, what: string): Promise<void> {
    await until(async () => {
      const open = await scenario.invoicingOpen();
      return [...expected].every(([id, amount]) => open.get(id) === amount);
    }, `invoicing to reach the expected balances (${what})`, 120_000);
    await until(async () => {
      const receivables = await scenario.accountsReceivables(accountsUrl as never, [...expected.keys()]);
      return [...expected].every(([id, amount]) => receivables.get(id) === amount);
    }, `accounts' receivables to equal invoicing's (${what})`, 120_000);
  }

  async function viewsEqualRebuild(app: { url: string }, projections: readonly { name: string; table: string }[]): Promise<void> {
    for (const { name, table } of projections) {
      const before = await scenario.rowsOf(table);
      const response = await fetch(`${app.url}/projections/${name}/rebuild`, { method: 'POST', headers: await headersOf('analyst') });
      expect(response.status).toBe(200);
      expect(await scenario.rowsOf(table)).toEqual(before);
    }
  }

  const t0 = Date.now();
  const mark = (what: string) => console.log(`[faults] +${((Date.now() - t0) / 1000).toFixed(1)}s ${what}`);
  async function ready(): Promise<{ accounts: Awaited<ReturnType<BusScenario['app']>>; invoicing: Awaited<ReturnType<BusScenario['app']>>; ids: string[] }> {
    scenario = new BusScenario(broker.brokers);
    await scenario.setUp();
    mark('setup');
    const accounts = await scenario.app('accounts');
    mark('accounts up');
    const invoicing = await scenario.app('invoicing');
    mark('invoicing up');
    const ids = await scenario.openAccounts(accounts, ACCOUNTS);
    mark('opened');
    await until(async () => (await scenario.handled('o2c.invoicing.accounts')) >= ACCOUNTS, 'invoicing to learn the accounts');
    mark('invoicing knows accounts');
    await scenario.deliver(ids, INVOICES);
    await settle(expectedOpen(ids), accounts, 'invoices issued');
    mark('invoices settled');
    return { accounts, invoicing, ids };
  }

  it('two contexts in separate processes exchange events only through Kafka: an order over the limit is held, then released by a credit manager', async () => {
    const { accounts, ids } = await ready();
    const response = await fetch(`${accounts.url}/ingress/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(await headersOf('publisher')) },
      body: JSON.stringify({ messageId: `big-${scenario.run}`, type: 'OrderPlaced', data: { orderId: `BIG-${scenario.run}`, accountId: ids[0], currency: 'EUR', amountMinor: 50_000_000, placedAt: '2026-11-25T08:00:00Z' } }),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ outcome: 'held' });
    const approve = await fetch(`${accounts.url}/accounts/${ids[0]}/orders/BIG-${scenario.run}/approve`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(await headersOf('credit_manager')) },
      body: JSON.stringify({ reason: 'guarantee received' }),
    });
    expect(approve.status).toBe(200);
    const account = (await (await fetch(`${accounts.url}/accounts/${ids[0]}`, { headers: await headersOf('credit_manager') })).json()) as { exposure: { uninvoicedOrdersMinor: number; receivablesMinor: number } };
    expect(account.exposure).toMatchObject({ uninvoicedOrdersMinor: 50_000_000, receivablesMinor: INVOICE_TOTAL * INVOICES });
  });

  it('a consumer process killed with SIGKILL mid-batch and restarted applies every payment exactly once', async () => {
    const { accounts, invoicing, ids } = await ready();
    // Enough that the kill lands mid-way: a batch's messages per account are decided together, so 800 were done before it.
    const { messages, paid } = payments(ids, 0, 4000);
    await scenario.producer.send({ topic: INGRESS_TOPICS.payments, acks: -1, messages });
    await until(async () => (await scenario.handled('o2c.invoicing.ingress')) > ACCOUNTS * INVOICES + 1, 'invoicing to be mid-way', 60_000);
    await invoicing.kill();
    const handledAtKill = await scenario.handled('o2c.invoicing.ingress');
    await invoicing.start();
    await settle(expectedOpen(ids, paid), accounts, 'after SIGKILL and restart');
    expect(handledAtKill).toBeLessThan(ACCOUNTS * INVOICES + 4000);
    await viewsEqualRebuild(invoicing, [{ name: 'invoicing.invoices', table: 'invoicing_invoices' }]);
  });

  it('the broker stopped and restarted while the relay and consumers run loses nothing and doubles nothing', async () => {
    const { accounts, invoicing, ids } = await ready();
    const first = payments(ids, 0, 300);
    await scenario.producer.send({ topic: INGRESS_TOPICS.payments, acks: -1, messages: first.messages });
    await sleep(300);
    stopBroker(broker);
    await sleep(2000);
    resumeBroker(broker);
    const second = payments(ids, 300, 300);
    await scenario.producer.send({ topic: INGRESS_TOPICS.payments, acks: -1, messages: second.messages });
    await settle(expectedOpen(ids, first.paid, second.paid), accounts, 'after the broker restart');
    await viewsEqualRebuild(invoicing, [{ name: 'invoicing.invoices', table: 'invoicing_invoices' }]);
  });

  it('the same message delivered twice, and a publisher sending one message id twice (Kafka and HTTP), have one effect', async () => {
    const { accounts, invoicing, ids } = await ready();
    const once = scenario.payment(1, ids[0], scenario.invoiceOf(ids[0], 0), 700, `dup-${scenario.run}`);
    await scenario.producer.send({ topic: INGRESS_TOPICS.payments, acks: -1, messages: [once, once] });
    const viaHttp = await fetch(`${invoicing.url}/ingress/payments`, { method: 'POST', headers: { 'content-type': 'application/json', ...(await headersOf('publisher')) }, body: once.value });
    expect(viaHttp.status).toBe(200);
    // The same publisher message id with another payment id is still the same message.
    const reused = scenario.payment(2, ids[0], scenario.invoiceOf(ids[0], 0), 900, `dup-${scenario.run}`);
    await scenario.producer.send({ topic: INGRESS_TOPICS.payments, acks: -1, messages: [reused] });
    const marker = scenario.payment(3, ids[1], scenario.invoiceOf(ids[1], 0), 5);
    await scenario.producer.send({ topic: INGRESS_TOPICS.payments, acks: -1, messages: [marker] });
    await settle(expectedOpen(ids, new Map([[ids[0], 700], [ids[1], 5]])), accounts, 'after duplicates');
  });

  it('a poison message lands in the dead-letter topic with its reason, and the rest of the partition is processed', async () => {
    const { accounts, ids } = await ready();
    const key = ids[0];
    const poison = { key, value: JSON.stringify({ messageId: `poison-${scenario.run}`, type: 'PaymentReceived', data: { paymentId: 'X', accountId: key, amountMinor: 12.5, currency: 'EUR', receivedAt: '2026-11-20T10:00:00Z', method: 'transfer' } }) };
    const after = scenario.payment(9, key, scenario.invoiceOf(key, 1), 333);
    await scenario.producer.send({ topic: INGRESS_TOPICS.payments, acks: -1, messages: [poison, { key, value: 'not json at all' }, after] });
    await settle(expectedOpen(ids, new Map([[key, 333]])), accounts, 'after the poison');
    const kafka = new Kafka({ clientId: `dlq-${scenario.run}`, brokers: broker.brokers.split(','), logLevel: logLevel.NOTHING });
    const consumer = kafka.consumer({ groupId: `dlq-reader-${scenario.run}` });
    const dead: { value: string; headers: Record<string, string> }[] = [];
    await consumer.connect();
    await consumer.subscribe({ topics: [INGRESS_TOPICS.deadLetters], fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        const headers = Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)]));
        dead.push({ value: message.value?.toString() ?? '', headers });
      },
    });
    try {
      const mine = await until(() => {
        const found = dead.filter((d) => d.value.includes(`poison-${scenario.run}`) || (d.value === 'not json at all' && d.headers['o2c-dlq-group'] === 'o2c.invoicing.ingress'));
        return found.length >= 2 ? found : undefined;
      }, 'two dead letters');
      const bad = mine.find((d) => d.value.includes(`poison-${scenario.run}`))!;
      expect(bad.headers).toMatchObject({ 'o2c-dlq-code': 'ingress.invalid', 'o2c-dlq-field': 'data.amountMinor', 'o2c-dlq-source-topic': INGRESS_TOPICS.payments, 'o2c-dlq-group': 'o2c.invoicing.ingress' });
      expect(Number(bad.headers['o2c-dlq-source-offset'])).toBeGreaterThanOrEqual(0);
    } finally {
      await consumer.disconnect();
    }
  });

  it('a consumer group rebalance while messages flow (a second instance joins, then leaves) applies every payment once', async () => {
    const { accounts, invoicing, ids } = await ready();
    const first = payments(ids, 0, 300);
    await scenario.producer.send({ topic: INGRESS_TOPICS.payments, acks: -1, messages: first.messages });
    const second = await scenario.app('invoicing', 'invoicing-2');
    const middle = payments(ids, 300, 300);
    await scenario.producer.send({ topic: INGRESS_TOPICS.payments, acks: -1, messages: middle.messages });
    await sleep(1000);
    await second.stop();
    const last = payments(ids, 600, 200);
    await scenario.producer.send({ topic: INGRESS_TOPICS.payments, acks: -1, messages: last.messages });
    await settle(expectedOpen(ids, first.paid, middle.paid, last.paid), accounts, 'after the rebalance');
    await viewsEqualRebuild(invoicing, [{ name: 'invoicing.invoices', table: 'invoicing_invoices' }]);
  });
});

import { writeFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { INGRESS_TOPICS } from '@o2c/contracts';
import { Kafka, logLevel, Partitioners, type Producer } from 'kafkajs';
import { Client } from 'pg';
import { headersOf, TEST_AUTH_ENV } from '../support/auth';
import { AppProcess } from '../support/app-process';
import { createTestDatabase } from '../support/database';
import { freePort } from '../support/free-port';

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export async function until<T>(check: () => Promise<T | undefined | false> | T | undefined | false, what: string, ms = 60_000): Promise<T> {
  const deadline = Date.now() + ms;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? ` (last error: ${String(last)})` : ''}`);
    await sleep(200);
  }
}

/** Invoices of a known total and payments of known amounts, so every balance is known in advance. */
export const INVOICE_TOTAL = 100_000;

/**
 * A scenario on a real broker: a fresh database, the contexts as separate
 * processes (apps/accounts, apps/invoicing, from dist), a Kafka producer
 * standing in for the internal services, and SQL access to check effects.
 */
export class BusScenario {
  readonly run = randomUUID().slice(0, 6);
  readonly processes: AppProcess[] = [];
  databaseUrl!: string;
  pg!: Client;
  producer!: Producer;
  private kafka!: Kafka;

  constructor(readonly brokers: string) {}

  async setUp(): Promise<void> {
    this.databaseUrl = await createTestDatabase(`faults_${this.run}`);
    this.pg = new Client({ connectionString: this.databaseUrl });
    this.pg.on('error', () => undefined);
    await this.pg.connect();
    this.kafka = new Kafka({ clientId: `faults-${this.run}`, brokers: this.brokers.split(','), logLevel: logLevel.NOTHING, retry: { retries: 30, initialRetryTime: 200, maxRetryTime: 2000 } });
    this.producer = this.kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });
    await this.producer.connect();
  }

  async app(context: 'accounts' | 'invoicing' | 'collections' | 'disputes' | 'agency' | 'o2c', name: string = context, env: NodeJS.ProcessEnv = {}): Promise<AppProcess> {
    const app = new AppProcess(`${name}-${this.run}`, `apps/${context}/src/main.js`, { DATABASE_URL: this.databaseUrl, KAFKA_BROKERS: this.brokers, O2C_CLOCK: 'manual:2026-11-25T09:00:00Z', ...TEST_AUTH_ENV, ...env }, await freePort());
    this.processes.push(app);
    await app.start();
    return app;
  }

  async tearDown(): Promise<void> {
    for (const app of this.processes) await app.stop().catch(() => undefined);
    if (process.env.O2C_FAULTS_LOG_DIR) {
      for (const app of this.processes) writeFileSync(`${process.env.O2C_FAULTS_LOG_DIR}/${app.name}.log`, app.tail(100_000));
    }
    await this.producer?.disconnect().catch(() => undefined);
    await this.pg?.end().catch(() => undefined);
  }

  account(i: number): string {
    return `F${this.run}-${i}`;
  }

  async openAccounts(accounts: AppProcess, count: number): Promise<string[]> {
    const ids = Array.from({ length: count }, (_, i) => this.account(i));
    for (const accountId of ids) {
      const response = await fetch(`${accounts.url}/accounts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(await headersOf('credit_manager')) },
        body: JSON.stringify({
          accountId,
          legalName: `Customer ${accountId}`,
          kind: 'b2c',
          segment: 'standard',
          currency: 'EUR',
          paymentTermsDays: 30,
          contacts: [{ name: 'Payer', role: 'accountant', email: `${accountId.toLowerCase()}@example.com`, preferredChannel: 'email' }],
        }),
      });
      if (response.status !== 201) throw new Error(`open ${accountId}: ${response.status} ${await response.text()}`);
    }
    return ids;
  }

  invoiceOf(accountId: string, k: number): string {
    return `INV-O-${accountId}-${k}`;
  }

  async deliver(accountIds: readonly string[], perAccount: number): Promise<void> {
    const messages = accountIds.flatMap((accountId) =>
      Array.from({ length: perAccount }, (_, k) => ({
        key: accountId,
        value: JSON.stringify({
          messageId: `del-${accountId}-${k}`,
          type: 'OrderDelivered',
          data: { orderId: `O-${accountId}-${k}`, accountId, currency: 'EUR', deliveredAt: '2026-11-02T10:00:00Z', lines: [{ description: 'paper', quantity: 1, unitPriceMinor: INVOICE_TOTAL, taxRateBp: 0 }] },
        }),
      })),
    );
    await this.producer.send({ topic: INGRESS_TOPICS.orders, acks: -1, messages });
  }

  payment(seq: number, accountId: string, invoiceId: string, amountMinor: number, messageId = `pay-${this.run}-${seq}`): { key: string; value: string } {
    return {
      key: accountId,
      value: JSON.stringify({
        messageId,
        type: 'PaymentReceived',
        data: { paymentId: `P-${this.run}-${seq}`, accountId, amountMinor, currency: 'EUR', receivedAt: '2026-11-20T10:00:00Z', method: 'transfer', reference: invoiceId },
      }),
    };
  }

  async handled(groupId: string): Promise<number> {
    const { rows } = await this.pg.query(`SELECT count(*)::int AS n FROM o2c_messaging.handled_messages WHERE group_id = $1`, [groupId]).catch(() => ({ rows: [{ n: 0 }] }));
    return rows[0].n as number;
  }

  /** Invoicing's read model: what each account still owes. */
  async invoicingOpen(): Promise<Map<string, number>> {
    const { rows } = await this.pg.query(`SELECT account_id, sum(open_amount_minor)::bigint AS open FROM o2c_read.invoicing_invoices WHERE account_id LIKE $1 GROUP BY account_id`, [`F${this.run}-%`]);
    return new Map(rows.map((r: { account_id: string; open: string }) => [r.account_id, Number(r.open)]));
  }

  /** Accounts' view of the same receivables, learned from invoicing's events through Kafka. */
  async accountsReceivables(accounts: AppProcess, accountIds: readonly string[]): Promise<Map<string, number>> {
    const result = new Map<string, number>();
    for (const accountId of accountIds) {
      const response = await fetch(`${accounts.url}/accounts/${accountId}`, { headers: await headersOf('credit_manager') });
      const body = (await response.json()) as { exposure: { receivablesMinor: number } };
      result.set(accountId, body.exposure.receivablesMinor);
    }
    return result;
  }

  /** Each read model's rows, then a rebuild from position 0, then the rows again: they must be equal. */
  async rowsOf(table: string): Promise<unknown[]> {
    const { rows } = await this.pg.query(`SELECT * FROM o2c_read.${table} ORDER BY key`);
    return rows;
  }
}

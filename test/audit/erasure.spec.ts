import type { INestApplication } from '@nestjs/common';
import { accountsContext } from '@o2c/accounts';
import { invoicingContext } from '@o2c/invoicing';
import { ManualClock } from '@o2c/kernel';
import { Command } from 'commander';
import { Client } from 'pg';
import { registerErase } from '../../scripts/o2c/erase';
import { callerFor, createTestApp, headersOf, type Caller } from '../support/auth';
import { createTestDatabase } from '../support/database';

/**
 * GDPR erasure by crypto-shredding, end to end in one process (accounts and
 * invoicing on a real PostgreSQL): personal fields are never stored in clear;
 * erasing a person makes every copy read `[erased]`, while the events, their
 * hash chain, balances and a rebuilt view are exactly what they were.
 */
describe('personal data: sealed at the source, erased by deleting a key (real PostgreSQL)', () => {
  jest.setTimeout(180_000);
  let app: INestApplication;
  let base: string;
  let databaseUrl: string;
  const clock = new ManualClock('2026-11-02T09:00:00Z');
  const run = Math.random().toString(36).slice(2, 8);
  const person = { name: `Jeanne Dupont ${run}`, email: `jeanne.dupont.${run}@example.org`, phone: `+3361234${run.length}${run.slice(0, 3).replace(/\D/g, '7')}` };
  const accountId = `JD-${run}`;

  /** The data protection officer erases (admin); credit managers open and read accounts; the publisher and the auditor as usual. */
  const send = async (method: 'GET' | 'POST', path: string, body?: unknown) => {
    const caller: Caller = path.startsWith('/personal-data/') ? ['admin', 'dpo-1'] : path.startsWith('/projections/') ? 'analyst' : callerFor(path, 'credit_manager');
    const response = await fetch(`${base}${path}`, { method, headers: { 'content-type': 'application/json', ...(await headersOf(caller)) }, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: response.status, body: (await response.json()) as any };
  };
  const until = async <T>(probe: () => Promise<T | undefined>, what: string): Promise<T> => {
    for (let i = 0; i < 400; i++) {
      const value = await probe();
      if (value !== undefined) return value;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`timed out waiting for ${what}`);
  };
  /** Every row of every table of the database, as text: where a clear copy would show. */
  const wholeDatabaseText = async (): Promise<string> => {
    const client = new Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      const tables = (await client.query(`SELECT table_schema, table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')`)).rows as { table_schema: string; table_name: string }[];
      const parts: string[] = [];
      for (const t of tables) {
        const rows = await client.query(`SELECT t::text AS row FROM "${t.table_schema}"."${t.table_name}" t`);
        parts.push(...rows.rows.map((r: { row: string }) => r.row));
      }
      return parts.join('\n');
    } finally {
      await client.end();
    }
  };

  beforeAll(async () => {
    databaseUrl = await createTestDatabase('erasure');
    app = await createTestApp({ eventStore: { adapter: 'postgresql', databaseUrl }, clock, databaseUrl, contexts: [accountsContext, invoicingContext] });
    await app.listen(0, '127.0.0.1');
    base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  });
  afterAll(async () => {
    await app?.close();
  });

  it('a consumer account: clear through the API, sealed everywhere in the database; after erasure [erased] everywhere, history intact', async () => {
    const opened = await send('POST', '/accounts', {
      accountId,
      legalName: person.name,
      kind: 'b2c',
      segment: 'standard',
      country: 'FR',
      currency: 'EUR',
      paymentTermsDays: 30,
      contacts: [{ name: person.name, role: 'accountant', email: person.email, phone: person.phone, preferredChannel: 'email' }],
    });
    expect(opened.status).toBe(201);
    expect(opened.body).toMatchObject({ legalName: person.name, contacts: [expect.objectContaining({ name: person.name, email: person.email })] });

    // Orders, an invoice and a partial payment: money that must not move when the person is forgotten.
    const order = await send('POST', '/ingress/orders', { messageId: `o-${run}`, type: 'OrderPlaced', data: { orderId: `ORD-${run}`, accountId, currency: 'EUR', amountMinor: 50_000, placedAt: '2026-11-02T09:10:00Z' } });
    expect(order.status).toBe(200);
    await until(async () => ((await send('POST', '/ingress/orders', { messageId: `d-${run}`, type: 'OrderDelivered', data: { orderId: `ORD-${run}`, accountId, currency: 'EUR', deliveredAt: '2026-11-03T10:00:00Z', lines: [{ description: 'Chaise', quantity: 2, unitPriceMinor: 20_000, taxRateBp: 2000 }] } })).status === 200 ? true : undefined), 'the invoice');
    const paid = await send('POST', '/ingress/payments', { messageId: `p-${run}`, type: 'PaymentReceived', data: { paymentId: `PAY-${run}`, accountId, amountMinor: 10_000, currency: 'EUR', receivedAt: '2026-11-10T08:00:00Z', method: 'card' } });
    expect(paid.status).toBe(200);
    // Accounts learns the receivable from invoicing's events (asynchronously): 480.00 invoiced, 100.00 paid.
    await until(async () => ((await send('GET', `/accounts?limit=500`)).body.accounts as { accountId: string; receivablesMinor: number }[]).find((a) => a.accountId === accountId && a.receivablesMinor === 38_000), 'receivables of 380.00');
    const balanceBefore = (await send('GET', `/accounts/${accountId}/balance`)).body;
    expect(balanceBefore).toMatchObject({ accountId });

    // Nothing in the database holds the person in clear: events, read models, handled messages, outboxes.
    const beforeText = await wholeDatabaseText();
    expect(beforeText).not.toContain(person.email);
    expect(beforeText).not.toContain(person.name);
    expect(beforeText).not.toContain(person.phone);

    const subjects = await send('GET', `/personal-data/subjects?prefix=${encodeURIComponent(`account:${accountId}:`)}`);
    expect(subjects.body.subjects).toEqual([{ subjectId: `account:${accountId}:person`, state: 'held' }]);
    const stream = await send('GET', `/audit/streams/account-${accountId}/events`);
    expect(stream.body.events[0].data.contacts[0].email).toBe(person.email);

    // Bad requests name the field and erase nothing.
    const noReason = await send('POST', '/personal-data/erasures', { subjectId: `account:${accountId}:person` });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.fields.map((f: { field: string }) => f.field)).toEqual(['reason']);
    expect((await send('POST', '/personal-data/erasures', { subjectId: 'account:NOBODY:person', reason: 'r' })).status).toBe(404);
    expect((await send('GET', `/accounts/${accountId}`)).body.legalName).toBe(person.name);

    const erased = await send('POST', '/personal-data/erasures', { subjectId: `account:${accountId}:person`, reason: 'GDPR art. 17 request #118' });
    expect(erased.status).toBe(200);
    expect(erased.body).toMatchObject({ subjectId: `account:${accountId}:person`, erasedBy: 'user:dpo-1', reason: 'GDPR art. 17 request #118' });
    // Twice: the first record.
    expect((await send('POST', '/personal-data/erasures', { subjectId: `account:${accountId}:person`, reason: 'again' })).body.reason).toBe('GDPR art. 17 request #118');

    // Reads as erased everywhere: the account, the portfolio view, the audit API.
    const account = (await send('GET', `/accounts/${accountId}`)).body;
    expect(account.legalName).toBe('[erased]');
    expect(account.contacts[0]).toMatchObject({ name: '[erased]', email: '[erased]', phone: '[erased]', role: 'accountant', preferredChannel: 'email' });
    const listed = await until(async () => ((await send('GET', `/accounts?limit=500`)).body.accounts as { accountId: string; legalName: string }[]).find((a) => a.accountId === accountId), 'the summary row');
    expect(listed.legalName).toBe('[erased]');
    const audited = (await send('GET', `/audit/streams/account-${accountId}/events`)).body.events[0];
    expect(audited.data.contacts[0].email).toBe('[erased]');
    expect(audited.data.creditLimitMinor).toBe(stream.body.events[0].data.creditLimitMinor);

    // History intact: same balance, the tamper-evident chain verifies, a rebuilt view equals the live one.
    expect((await send('GET', `/accounts/${accountId}/balance`)).body).toEqual(balanceBefore);
    const verify = await send('GET', '/audit/verify');
    expect(verify.body.problems).toEqual([]);
    const liveSummary = (await send('GET', `/accounts?limit=500`)).body;
    const rebuilt = await send('POST', '/projections/accounts.accounts_summary/rebuild');
    expect(rebuilt.status).toBeLessThan(300);
    expect((await send('GET', `/accounts?limit=500`)).body).toEqual(liveSummary);
    expect((await send('GET', `/personal-data/subjects?prefix=${encodeURIComponent(`account:${accountId}:`)}`)).body.subjects).toEqual([{ subjectId: `account:${accountId}:person`, state: 'erased' }]);

    // And no key is left that could open what the events still carry.
    const afterText = await wholeDatabaseText();
    expect(afterText).not.toContain(person.email);
    expect(afterText).toContain(`account:${accountId}:person`); // the erasure record, without personal data
  });

  it('o2c erase: lists an account\'s subjects, erases one with its reason, and refuses an erasure without a reason', async () => {
    const cli = async (...args: string[]): Promise<unknown> => {
      const program = new Command().option('--database-url <url>').exitOverride();
      registerErase(program);
      const lines: string[] = [];
      const log = jest.spyOn(console, 'log').mockImplementation((line: string) => void lines.push(line));
      try {
        await program.parseAsync(['node', 'o2c', '--database-url', databaseUrl, ...args]);
      } finally {
        log.mockRestore();
      }
      return JSON.parse(lines[lines.length - 1]);
    };
    const b2b = `CO-${run}`;
    const opened = await send('POST', '/accounts', {
      accountId: b2b, legalName: 'Meubles Martin SARL', kind: 'b2b', segment: 'standard', siren: '552100554', currency: 'EUR', paymentTermsDays: 30,
      contacts: [
        { contactId: 'compta', name: `Paul Martin ${run}`, role: 'accountant', email: `paul.${run}@example.org`, preferredChannel: 'email' },
        { contactId: 'achats', name: `Lea Martin ${run}`, role: 'buyer', phone: '+33100000001', preferredChannel: 'phone' },
      ],
    });
    expect(opened.status).toBe(201);
    expect(await cli('erase', '--list', `account:${b2b}:`, '--json')).toEqual({
      subjects: [
        { subjectId: `account:${b2b}:contact:achats`, state: 'held' },
        { subjectId: `account:${b2b}:contact:compta`, state: 'held' },
      ],
    });
    await expect(cli('erase', `account:${b2b}:contact:compta`, '--json')).rejects.toThrow('--reason is required');
    expect(await cli('erase', `account:${b2b}:contact:compta`, '--reason', 'left the company, asked to be forgotten', '--by', 'user:dpo-2', '--json')).toMatchObject({
      subjectId: `account:${b2b}:contact:compta`,
      erasedBy: 'user:dpo-2',
    });
    // One contact forgotten, the other and the company's name kept.
    const account = (await send('GET', `/accounts/${b2b}`)).body;
    expect(account.legalName).toBe('Meubles Martin SARL');
    expect(account.contacts).toEqual([
      expect.objectContaining({ contactId: 'compta', name: '[erased]', email: '[erased]' }),
      expect.objectContaining({ contactId: 'achats', name: `Lea Martin ${run}`, phone: '+33100000001' }),
    ]);
  });
});

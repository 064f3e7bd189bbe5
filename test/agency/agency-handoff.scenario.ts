import type { INestApplication } from '@nestjs/common';
import type { PublishedEvent } from '@o2c/contracts';
import { ManualClock } from '@o2c/kernel';
import { MESSAGE_TRANSPORT, type IncomingMessage, type MessageTransport, type RunningConsumer } from '@o2c/messaging';
import { ContextHost } from '@o2c/messaging/nest';
import { agencyContext } from '@o2c/agency';
import { invoicingContext } from '@o2c/invoicing';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase } from '../support/database';
import { freePort } from '../support/free-port';
import { testKafka } from '../support/kafka';
import { callerFor, createTestApp, headersOf, tokenFor } from '../support/auth';

const SIMULATOR = join(__dirname, '..', '..', 'libs', 'agency', 'src', 'simulator', 'agency-simulator.cjs');

/**
 * Agency handoff end to end: invoicing and agency hosted as apps/o2c hosts
 * them, upstream facts (accounts', collections', disputes') published on the
 * bus by the test, a simulated agency as its own OS process on loopback
 * answering through our HTTP API. `kafkaBrokers` absent: the in-process bus.
 */
export function agencyHandoffScenario(kafkaBrokers?: string[]): void {
  let app: INestApplication;
  let base: string;
  let transport: MessageTransport;
  let host: ContextHost;
  let simulator: ChildProcess;
  let simUrl: string;
  let published: RunningConsumer;
  let dropDir: string;
  const simOutput: string[] = [];
  const out: PublishedEvent[] = [];
  const clock = new ManualClock('2026-10-01T09:00:00Z');
  const run = Math.random().toString(36).slice(2, 8);

  const send = async (method: 'GET' | 'POST', path: string, body?: unknown) => {
    const headers = await headersOf(callerFor(path, ['collector', 'collector-ann']));
    const response = await fetch(`${base}${path}`, { method, headers: { 'content-type': 'application/json', ...headers }, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: response.status, body: (await response.json()) as any };
  };
  const until = async <T>(probe: () => Promise<T | undefined>, what: string, tries = 400): Promise<T> => {
    for (let i = 0; i < tries; i++) {
      const value = await probe();
      if (value !== undefined) return value;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`timed out waiting for ${what}\nsimulator:\n${simOutput.join('')}`);
  };
  const streamEvents = async (stream: string): Promise<{ type: string; data: any }[]> => (await send('GET', `/audit/streams/${stream}/events?limit=1000`)).body.events ?? [];
  const caughtUp = async () => {
    // A filtered projection's checkpoint moves with its own streams only: wait for the last event of its category.
    for (const p of [...agencyContext.projections, ...invoicingContext.projections]) {
      const prefix = p.filter?.streamNamePrefixes?.[0] ?? '';
      const head = await send('GET', `/audit/all?direction=backwards&limit=1&streamPrefix=${encodeURIComponent(prefix)}`);
      if (head.body.events?.length) await host.projection(p.name)!.waitFor(BigInt(head.body.events[0].position));
    }
  };
  let seq = 0;
  const publish = (context: 'accounts' | 'collections' | 'disputes', type: string, data: Record<string, unknown>) => {
    const messageId = `${context}-${run}-${++seq}`;
    const event: PublishedEvent = {
      type,
      schemaVersion: 1,
      context,
      key: data.accountId as string,
      data,
      metadata: { messageId, correlationId: messageId, causationId: messageId, actor: `svc:${context}`, occurredAt: clock.now().toISOString(), sourceStream: `${context}-x`, sourcePosition: String(seq) },
    };
    return transport.publish(`o2c.${context}.events`, [{ key: event.key, value: JSON.stringify(event), headers: { 'o2c-message-id': messageId } }]);
  };
  const open = (accountId: string, region: string) =>
    publish('accounts', 'AccountOpened', {
      accountId,
      legalName: `${accountId} SAS`,
      kind: 'b2b',
      segment: 'standard',
      siren: '732829320',
      currency: 'EUR',
      paymentTermsDays: 30,
      creditLimitMinor: 10_000_00,
      contacts: [{ contactId: 'C1', name: 'Jeanne Compta', role: 'accountant', email: 'compta@example.fr', preferredChannel: 'email' }],
      region,
      openedAt: '2026-09-01T00:00:00Z',
    });
  const deliver = (accountId: string, orderId: string, unitPriceMinor: number) =>
    until(async () => {
      const r = await send('POST', '/ingress/orders', {
        messageId: `oms-${run}-${orderId}`,
        type: 'OrderDelivered',
        data: { orderId, accountId, currency: 'EUR', deliveredAt: '2026-10-01T08:00:00Z', lines: [{ description: 'paper', quantity: 10, unitPriceMinor, taxRateBp: 0 }] },
      });
      return r.status === 200 ? r.body : undefined;
    }, `invoicing to learn ${accountId}`);
  const factsOnFile = (accountId: string, count: number) => until(async () => ((await streamEvents(`debtorFile-${accountId}`)).filter((e) => e.type === 'FactNoted').length >= count ? true : undefined), `${count} facts on ${accountId}'s file`);
  const simulatorClaims = async () => (await fetch(`${simUrl}/claims`).then((r) => r.json())) as { placements: any[]; recalls: any[]; callbacks: any[] };

  beforeAll(async () => {
    const [apiPort, simPort] = [await freePort(), await freePort()];
    simUrl = `http://127.0.0.1:${simPort}`;
    simulator = spawn(process.execPath, [SIMULATOR], { env: { ...process.env, SIM_PORT: String(simPort), O2C_API_URL: `http://127.0.0.1:${apiPort}`, SIM_AGENCY_ID: 'intrum', O2C_API_TOKEN: await tokenFor('publisher', 'svc:intrum') }, stdio: ['ignore', 'pipe', 'pipe'] });
    simulator.stdout!.on('data', (c: Buffer) => simOutput.push(c.toString()));
    simulator.stderr!.on('data', (c: Buffer) => simOutput.push(c.toString()));
    await until(async () => (simOutput.join('').includes('listening') ? true : undefined), 'the simulator to listen');

    dropDir = mkdtempSync(join(tmpdir(), 'o2c-agency-drop-'));
    process.env.O2C_AGENCY_ENDPOINTS = JSON.stringify({ intrum: simUrl });
    process.env.O2C_AGENCY_DROP_DIR = dropDir;
    process.env.O2C_AGENCY_EVALUATION_CHECK_MS = '0';
    const databaseUrl = await createTestDatabase('agency_e2e');
    if (kafkaBrokers) {
      // A fresh broker may still be electing leaders and loading its group coordinator: create the topics and wait.
      const admin = testKafka(kafkaBrokers, `agency-e2e-admin-${run}`, { retry: { retries: 30, initialRetryTime: 200, maxRetryTime: 2000 } }).admin();
      await admin.connect();
      await admin.createTopics({ waitForLeaders: true, topics: ['accounts', 'invoicing', 'collections', 'disputes', 'agency'].map((c) => ({ topic: `o2c.${c}.events`, numPartitions: 3 })) });
      await admin.disconnect();
    }
    for (let attempt = 1; ; attempt++) {
      app = await createTestApp({ eventStore: { adapter: 'postgresql', databaseUrl }, clock, databaseUrl, contexts: [invoicingContext, agencyContext], kafkaBrokers, clientId: `agency-e2e-${run}` }, false);
      try {
        await app.listen(apiPort, '127.0.0.1');
        break;
      } catch (error) {
        await app.close().catch(() => undefined);
        if (!kafkaBrokers || attempt >= 4) throw error;
        await new Promise((resolve) => setTimeout(resolve, 2_000));
      }
    }
    base = `http://127.0.0.1:${apiPort}`;
    transport = app.get<MessageTransport>(MESSAGE_TRANSPORT);
    host = app.get(ContextHost);
    await transport.ensureTopics(['accounts', 'collections', 'disputes', 'agency'].map((c) => ({ topic: `o2c.${c}.events` })));
    published = await transport.consume({ groupId: `test.agency.out.${run}`, topics: ['o2c.agency.events'], fromBeginning: true }, async (batch: readonly IncomingMessage[]) => {
      for (const m of batch) out.push(JSON.parse(m.value) as PublishedEvent);
    });
  }, 120_000);

  afterAll(async () => {
    await published?.stop();
    await app?.close();
    simulator?.kill('SIGTERM');
    delete process.env.O2C_AGENCY_ENDPOINTS;
    delete process.env.O2C_AGENCY_DROP_DIR;
    delete process.env.O2C_AGENCY_EVALUATION_CHECK_MS;
  });

  it('places an exhausted account with the simulated agency (not on day 14 after the formal notice, on day 15), takes its partial recovery with commission into invoicing, and recalls the claim when a dispute opens', async () => {
    await open('ACME', 'OCC');
    expect(await deliver('ACME', 'A1', 100_00)).toMatchObject({ invoiceId: 'INV-A1', totalMinor: 1_000_00, dueOn: '2026-10-31' });
    expect(await deliver('ACME', 'A2', 30_00)).toMatchObject({ invoiceId: 'INV-A2', totalMinor: 300_00 });
    clock.set('2026-11-20T09:00:00Z');
    await publish('collections', 'ReminderSent', { accountId: 'ACME', reminderId: 'R1', channel: 'email', stepId: 'first-letter', policyId: 'std', policyVersion: 1, invoiceIds: ['INV-A1', 'INV-A2'], totalMinor: 1_300_00, currency: 'EUR', sentAt: '2026-11-10T09:00:00Z' });
    await publish('collections', 'ContactOutcomeRecorded', { accountId: 'ACME', collectorId: 'ann', channel: 'phone', outcome: 'no_answer', at: '2026-11-12T10:00:00Z' });
    await publish('collections', 'FormalNoticeSent', { accountId: 'ACME', reminderId: 'R2', invoiceIds: ['INV-A1', 'INV-A2'], totalMinor: 1_300_00, currency: 'EUR', sentAt: '2026-11-20T09:00:00Z' });
    await publish('collections', 'DunningLadderExhausted', { accountId: 'ACME', policyId: 'std', policyVersion: 1, invoiceIds: ['INV-A1', 'INV-A2'], openMinor: 1_300_00, currency: 'EUR', exhaustedOn: '2026-11-21' });
    await factsOnFile('ACME', 7); // AccountOpened, 2 x InvoiceIssued, 4 collections facts
    await caughtUp();

    // 14 days after the formal notice (and 34 after the due date): nothing.
    expect((await send('POST', '/agency/evaluations', { date: '2026-12-04' })).body).toEqual({ date: '2026-12-04', evaluated: 1, placed: [] });
    clock.set('2026-12-05T06:00:00Z');
    expect((await send('POST', '/agency/evaluations', {})).body).toEqual({ date: '2026-12-05', evaluated: 1, placed: ['ACME-1'] });
    // The same day again: nothing new.
    expect((await send('POST', '/agency/evaluations', { date: '2026-12-05' })).body.placed).toEqual([]);

    // The simulated agency got the claim file over HTTP (idempotency key = claim id) with the history.
    const atAgency = await until(async () => ((await simulatorClaims()).placements.length ? (await simulatorClaims()).placements[0] : undefined), 'the placement at the agency');
    expect(atAgency).toMatchObject({
      format: 'o2c.agency.claim-file',
      claimId: 'ACME-1',
      agencyId: 'intrum',
      rule: 'ladder-exhausted-15d',
      debtor: { accountId: 'ACME', legalName: 'ACME SAS', siren: '732829320', region: 'OCC' },
      contacts: [expect.objectContaining({ role: 'accountant', email: 'compta@example.fr' })],
      currency: 'EUR',
      totalMinor: 1_300_00,
      invoices: [expect.objectContaining({ invoiceId: 'INV-A1', openAmountMinor: 1_000_00, dueOn: '2026-10-31' }), expect.objectContaining({ invoiceId: 'INV-A2', openAmountMinor: 300_00 })],
    });
    expect(atAgency.history.map((h: { type: string }) => h.type)).toEqual(['ReminderSent', 'ContactOutcomeRecorded', 'FormalNoticeSent', 'DunningLadderExhausted']);

    // Its answers: acknowledged, in contact, 40% of INV-A1 recovered (sent twice), partial recovery.
    const claim = await until(async () => {
      await caughtUp();
      const r = await send('GET', '/agency/claims/ACME-1');
      return r.status === 200 && r.body.agencyStatus === 'partial_recovery' ? r.body : undefined;
    }, 'the partial recovery in the claim view');
    expect(claim).toMatchObject({ claimId: 'ACME-1', accountId: 'ACME', agencyId: 'intrum', status: 'partial_recovery', recoveredMinor: 400_00, commissionMinor: 72_00, recoveries: 1, sentVia: 'http' });
    const repeats = (await simulatorClaims()).callbacks.filter((c) => c.path.endsWith('/recoveries'));
    expect(repeats.map((c) => [c.status, JSON.parse(c.answer).outcome])).toEqual([
      [200, 'recovery_recorded'],
      [200, 'already_handled'],
    ]);

    // Invoicing booked the recovery as payment AGY-<recoveryId> on INV-A1, and the 18% commission beside it.
    const invoice = await until(async () => {
      const r = await send('GET', '/invoices/INV-A1');
      return r.body.openAmountMinor === 600_00 ? r.body : undefined;
    }, "INV-A1's open amount to drop in invoicing");
    expect(invoice.status).toBe('open');
    const ledger = await streamEvents('ledger-ACME');
    expect(ledger.find((e) => e.type === 'PaymentReceived')?.data).toMatchObject({ paymentId: 'AGY-intrum-ACME-1-R1', amountMinor: 400_00, method: 'agency:intrum', reference: 'INV-A1' });
    const commissions = await until(async () => ((await streamEvents('agencyCommissions-ACME')).length ? await streamEvents('agencyCommissions-ACME') : undefined), 'the commission');
    expect(commissions.map((e) => e.data)).toEqual([expect.objectContaining({ recoveryId: 'intrum-ACME-1-R1', commissionMinor: 72_00, recoveredMinor: 400_00, agencyId: 'intrum' })]);

    // A recovery beyond what is claimed, or malformed, is refused naming the field.
    expect((await send('POST', '/agency/claims/ACME-1/recoveries', { recoveryId: 'X', invoiceId: 'INV-A2', amountMinor: 300_01, recoveredOn: '2026-12-06' })).body.error).toMatchObject({ code: 'agency.recovery_exceeds_claim', field: 'amountMinor' });
    const bad = await send('POST', '/agency/claims/ACME-1/recoveries', { recoveryId: 'X', invoiceId: 'INV-A2', amountMinor: 1.5, recoveredOn: '2026-12-06' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.map((f: { field: string }) => f.field)).toEqual(['amountMinor']);

    // A dispute opens on a claimed invoice: the claim is recalled and the agency told.
    clock.set('2026-12-07T10:00:00Z');
    await publish('disputes', 'DisputeOpened', { disputeId: 'D-1', accountId: 'ACME', invoiceId: 'INV-A2', amountMinor: 300_00, currency: 'EUR', cause: 'goods_not_conforming', ownerId: 'bob', openedBy: 'customer', openedAt: '2026-12-07T10:00:00Z', dueBy: '2026-12-10T10:00:00Z' });
    const recalled = await until(async () => {
      await caughtUp();
      const r = await send('GET', '/agency/claims/ACME-1');
      return r.body.status === 'recalled' ? r.body : undefined;
    }, 'the recall');
    expect(recalled).toMatchObject({ closed: true, recallReason: 'dispute_opened', recalledOn: '2026-12-07', recoveredMinor: 400_00 });
    expect((await until(async () => ((await simulatorClaims()).recalls.length ? (await simulatorClaims()).recalls : undefined), 'the recall at the agency'))[0]).toEqual({
      format: 'o2c.agency.recall',
      version: 1,
      claimId: 'ACME-1',
      agencyId: 'intrum',
      accountId: 'ACME',
      reason: 'dispute_opened',
      recalledOn: '2026-12-07',
    });
    expect((await send('POST', '/agency/claims/ACME-1/recall')).body).toEqual({ outcome: 'already_recalled', claimId: 'ACME-1' });
    expect((await send('POST', '/agency/claims/ACME-1/status', { status: 'in_contact' })).body.error.code).toBe('agency.claim_closed');

    // What agency published, in order, for others (collections ends the agency hold on ClaimRecalled).
    const types = await until(async () => (out.some((e) => e.type === 'ClaimClosed') ? out.map((e) => e.type) : undefined), 'the published events');
    expect(types).toEqual(['ClaimPlaced', 'ClaimStatusReported', 'ClaimStatusReported', 'AgencyRecoveryReported', 'ClaimStatusReported', 'ClaimRecalled', 'ClaimClosed']);
    expect(out.find((e) => e.type === 'ClaimRecalled')).toMatchObject({ key: 'ACME', context: 'agency', data: { claimId: 'ACME-1', accountId: 'ACME', agencyId: 'intrum', reason: 'dispute_opened' } });
    expect(out.find((e) => e.type === 'AgencyRecoveryReported')!.data).toEqual({
      claimId: 'ACME-1',
      accountId: 'ACME',
      agencyId: 'intrum',
      recoveryId: 'intrum-ACME-1-R1',
      invoiceId: 'INV-A1',
      amountMinor: 400_00,
      commissionMinor: 72_00,
      currency: 'EUR',
      recoveredOn: '2026-12-05',
    });
  });

  it('places by hand with a file-drop agency, recalls when the customer pays us directly, and counts it all in the stats', async () => {
    await open('BETA', 'IDF');
    await deliver('BETA', 'B1', 50_00);
    await factsOnFile('BETA', 2);
    const refused = await send('POST', '/agency/claims', { accountId: 'BETA', agencyId: 'nobody', reason: 'x' });
    expect(refused.status).toBe(404);
    expect(refused.body.error).toMatchObject({ code: 'agency.agency_unknown', field: 'agencyId' });
    const placed = await send('POST', '/agency/claims', { accountId: 'BETA', agencyId: 'contentia', reason: 'dialogue no longer possible' });
    expect(placed).toEqual({ status: 201, body: { outcome: 'placed', claimId: 'BETA-1' } });
    expect((await send('POST', '/agency/claims', { accountId: 'BETA', agencyId: 'contentia', reason: 'again' })).body.error.code).toBe('agency.claim_active');

    const dropped = join(dropDir, 'contentia', 'BETA-1.placement.json');
    expect(existsSync(dropped)).toBe(true);
    expect(JSON.parse(readFileSync(dropped, 'utf8'))).toMatchObject({ format: 'o2c.agency.claim-file', version: 1, claimId: 'BETA-1', rule: 'manual', reason: 'dialogue no longer possible', totalMinor: 500_00 });

    const paid = await send('POST', '/ingress/payments', {
      messageId: `bank-${run}-1`,
      type: 'PaymentReceived',
      data: { paymentId: `PAY-${run}`, accountId: 'BETA', amountMinor: 500_00, currency: 'EUR', receivedAt: '2026-12-08T10:00:00Z', method: 'transfer', reference: 'INV-B1' },
    });
    expect(paid.status).toBe(200);
    const recalled = await until(async () => {
      await caughtUp();
      const r = await send('GET', '/agency/claims/BETA-1');
      return r.body.status === 'recalled' ? r.body : undefined;
    }, 'the recall of BETA-1');
    expect(recalled.recallReason).toBe('paid_directly');
    // The notice is dropped right after the recall is recorded.
    await until(async () => (existsSync(join(dropDir, 'contentia', 'BETA-1.recall.json')) ? true : undefined), 'the recall notice in the drop folder');
    expect(JSON.parse(readFileSync(join(dropDir, 'contentia', 'BETA-1.recall.json'), 'utf8'))).toMatchObject({ format: 'o2c.agency.recall', reason: 'paid_directly' });

    await caughtUp();
    expect((await send('GET', '/agency/claims?status=recalled')).body.map((c: { claimId: string }) => c.claimId).sort()).toEqual(['ACME-1', 'BETA-1']);
    expect((await send('GET', '/agency/claims?agencyId=contentia')).body.map((c: { claimId: string }) => c.claimId)).toEqual(['BETA-1']);
    expect((await send('GET', '/agency/stats?groupBy=agency&from=2026-12-01&to=2026-12-31')).body).toEqual([
      { group: 'contentia', currency: 'EUR', claimsPlaced: 1, placedMinor: 500_00, recoveredMinor: 0, commissionMinor: 0, recalled: 1, recallRate: 1, recoveryRate: 0 },
      { group: 'intrum', currency: 'EUR', claimsPlaced: 1, placedMinor: 1_300_00, recoveredMinor: 400_00, commissionMinor: 72_00, recalled: 1, recallRate: 1, recoveryRate: 0.3077 },
    ]);
    expect((await send('GET', '/agency/stats?groupBy=month')).body).toEqual([
      { group: '2026-12', currency: 'EUR', claimsPlaced: 2, placedMinor: 1_800_00, recoveredMinor: 400_00, commissionMinor: 72_00, recalled: 2, recallRate: 1, recoveryRate: 0.2222 },
    ]);
    expect((await send('GET', '/agency/stats?groupBy=agency_month')).body).toEqual([
      { group: 'contentia/2026-12', currency: 'EUR', claimsPlaced: 1, placedMinor: 500_00, recoveredMinor: 0, commissionMinor: 0, recalled: 1, recallRate: 1, recoveryRate: 0 },
      { group: 'intrum/2026-12', currency: 'EUR', claimsPlaced: 1, placedMinor: 1_300_00, recoveredMinor: 400_00, commissionMinor: 72_00, recalled: 1, recallRate: 1, recoveryRate: 0.3077 },
    ]);
    expect((await send('GET', '/agency/stats?groupBy=week')).status).toBe(400);
    expect((await send('GET', '/agency/claims/NOPE-1')).status).toBe(404);
  });
}

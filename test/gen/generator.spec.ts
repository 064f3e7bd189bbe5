import 'reflect-metadata';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { decodeIngress } from '@o2c/messaging';
import { OpenAccountRequest } from '../../libs/accounts/src/open-account/open-account.dto';
import { checkSiren, checkSiret } from '../../libs/accounts/src/account/company-id';
import { invoiceAmounts } from '../../libs/invoicing/src/ledger/invoice-amounts';
import { generateAccount } from '../../scripts/gen/accounts';
import { luhnKey, luhnValid } from '../../scripts/gen/company-id';
import { dispatchInKeyOrder } from '../../scripts/gen/dispatch';
import { GenerationStopped, HttpTarget } from '../../scripts/gen/http-target';
import { DEBTOR_FAMILY_SHARES, KIND_SHARES_BY_SEGMENT, SEGMENT_SHARES } from '../../scripts/gen/model';
import { buildPortfolio, buildSchedule, scheduledMessages, type OutgoingMessage, type PortfolioOptions } from '../../scripts/gen/portfolio';

const TODAY = Date.parse('2026-11-25T09:00:00Z');
const options = (overrides: Partial<PortfolioOptions> = {}): PortfolioOptions => ({ seed: 7, accounts: 300, invoices: 3_000, today: TODAY, months: 12, ...overrides });

function messages(o: PortfolioOptions, limit = Infinity): OutgoingMessage[] {
  const portfolio = buildPortfolio(o);
  const out: OutgoingMessage[] = [];
  for (const m of scheduledMessages(portfolio, buildSchedule(portfolio))) {
    if (out.length >= limit) break;
    out.push(m);
  }
  return out;
}

const share = (part: number, whole: number): number => part / whole;
const normalised = (weights: Record<string, number>): Record<string, number> => {
  const total = Object.values(weights).reduce((a, b) => a + b, 0);
  return Object.fromEntries(Object.entries(weights).map(([k, w]) => [k, w / total]));
};

describe('gen: determinism', () => {
  it('the same seed and sizes give byte-identical accounts and messages', () => {
    const a = buildPortfolio(options());
    const b = buildPortfolio(options());
    expect(JSON.stringify(a.accounts.map((x) => x.opening))).toBe(JSON.stringify(b.accounts.map((x) => x.opening)));
    expect(JSON.stringify(messages(options(), 2_000))).toBe(JSON.stringify(messages(options(), 2_000)));
  });

  it('another seed gives other accounts, amounts and dates, under other ids', () => {
    const one = messages(options(), 500);
    const other = messages(options({ seed: 8 }), 500);
    expect(one[0].envelope.messageId.startsWith('g7-')).toBe(true);
    expect(other[0].envelope.messageId.startsWith('g8-')).toBe(true);
    const strip = (ms: OutgoingMessage[]) => JSON.stringify(ms.map((m) => m.envelope.data)).replace(/g[78]-/g, '');
    expect(strip(one)).not.toBe(strip(other));
    const names = (seed: number) => buildPortfolio(options({ seed })).accounts.map((x) => x.opening.legalName);
    expect(names(7)).not.toEqual(names(8));
  });

  it('an order regenerated alone is the same as in the whole schedule', () => {
    const portfolio = buildPortfolio(options());
    expect(JSON.stringify(portfolio.plan(123))).toBe(JSON.stringify(buildPortfolio(options()).plan(123)));
  });
});

describe('gen: realism', () => {
  const portfolio = buildPortfolio(options({ accounts: 20_000, invoices: 0 }));
  const accounts = portfolio.accounts;

  it('segments and kinds come out near the model shares over 20,000 accounts', () => {
    const expected = normalised(SEGMENT_SHARES);
    for (const [segment, p] of Object.entries(expected)) {
      expect(Math.abs(share(accounts.filter((a) => a.opening.segment === segment).length, accounts.length) - p)).toBeLessThan(0.015);
    }
    const standard = accounts.filter((a) => a.opening.segment === 'standard');
    const kinds = normalised(KIND_SHARES_BY_SEGMENT.standard);
    for (const [kind, p] of Object.entries(kinds)) {
      expect(Math.abs(share(standard.filter((a) => a.opening.kind === kind).length, standard.length) - p)).toBeLessThan(0.02);
    }
    expect(accounts.some((a) => a.opening.segment === 'strategic' && a.opening.kind === 'b2c')).toBe(false);
  });

  it("defaulters split into DOMAIN.md's debtor families (insolvent 18%, moved 16%, disputing 16%, lax 10%, bad faith 14%)", () => {
    const defaulters = accounts.filter((a) => a.profile === 'defaulter');
    expect(defaulters.length).toBeGreaterThan(1_000);
    const expected = normalised(DEBTOR_FAMILY_SHARES);
    for (const [family, p] of Object.entries(expected)) {
      expect(Math.abs(share(defaulters.filter((a) => a.family === family).length, defaulters.length) - p)).toBeLessThan(0.035);
    }
    expect(accounts.filter((a) => a.profile !== 'defaulter').every((a) => a.family === undefined)).toBe(true);
  });

  it('every declaration passes the accounts DTO, French companies carry a SIREN/SIRET with a valid Luhn key, payment goes to an accountant', () => {
    for (const a of accounts.slice(0, 3_000)) {
      const dto = plainToInstance(OpenAccountRequest, a.opening);
      expect(validateSync(dto, { whitelist: true, forbidNonWhitelisted: true })).toEqual([]);
      expect(a.opening.contacts.some((c) => c.role === 'accountant')).toBe(true);
      expect([30, 45, 60]).toContain(a.opening.paymentTermsDays);
      if (a.opening.siren) expect(checkSiren(a.opening.siren)).toBe(a.opening.siren);
      if (a.opening.siret) {
        expect(checkSiret(a.opening.siret)).toBe(a.opening.siret);
        if (a.opening.siren) expect(a.opening.siret.startsWith(a.opening.siren)).toBe(true);
      }
      if (a.opening.kind === 'b2b' && a.opening.country === 'FR') expect(a.opening.siren ?? a.opening.siret).toBeDefined();
    }
    expect(accounts.filter((a) => a.opening.kind === 'b2b' && a.opening.siret).length).toBeGreaterThan(1_000);
  });

  it('computes Luhn keys that Insee would accept, and refuses a wrong one', () => {
    expect(luhnKey('55210055')).toBe('4');
    expect(luhnValid('552100554')).toBe(true);
    expect(luhnValid('552100555')).toBe(false);
  });
});

describe('gen: the messages', () => {
  const o = options({ accounts: 400, invoices: 6_000 });
  const portfolio = buildPortfolio(o);
  const schedule = buildSchedule(portfolio);
  const all = [...scheduledMessages(portfolio, schedule)];

  it('are all valid ingress messages, in integer minor units, none after today', () => {
    for (const m of all) {
      const decoded = decodeIngress(m.channel, JSON.parse(JSON.stringify(m.envelope)));
      expect(decoded.messageId).toBe(m.envelope.messageId);
      const at = Object.entries(m.envelope.data).find(([k]) => k.endsWith('At'))![1] as string;
      expect(Date.parse(at)).toBeLessThanOrEqual(TODAY);
    }
    expect(new Set(all.map((m) => m.envelope.messageId)).size).toBe(all.length);
    expect(schedule.figures.messages.total).toBe(all.length);
  });

  it('come in time order, each order placed then delivered (invoiced) before any payment of it', () => {
    const seen = new Map<string, string[]>();
    let last = 0;
    for (const m of all) {
      const d = m.envelope.data as Record<string, string>;
      const at = Date.parse(d.placedAt ?? d.deliveredAt ?? d.receivedAt ?? d.reversedAt);
      expect(at).toBeGreaterThanOrEqual(last - 999);
      last = at;
      const orderId = d.orderId ?? d.paymentId.replace(/-P\d+$/, '');
      const before = seen.get(orderId) ?? [];
      if (m.envelope.type === 'OrderPlaced') expect(before).toEqual([]);
      if (m.envelope.type === 'OrderDelivered') expect(before).toEqual(['OrderPlaced']);
      if (m.envelope.type.startsWith('Payment')) expect(before.slice(0, 2)).toEqual(['OrderPlaced', 'OrderDelivered']);
      seen.set(orderId, [...before, m.envelope.type]);
    }
  });

  it("order totals are invoicing's invoice totals, payments never exceed them, references name the invoice INV-<orderId>", () => {
    const totals = new Map<string, number>();
    const paid = new Map<string, number>();
    const payments = new Map<string, { orderId: string; amountMinor: number }>();
    let withReference = 0;
    let received = 0;
    for (const m of all) {
      const d = m.envelope.data as any;
      if (m.envelope.type === 'OrderPlaced') totals.set(d.orderId, d.amountMinor);
      if (m.envelope.type === 'OrderDelivered') expect(invoiceAmounts(d.lines).totalMinor).toBe(totals.get(d.orderId));
      if (m.envelope.type === 'PaymentReceived') {
        const orderId = d.paymentId.replace(/-P\d+$/, '');
        expect(Number.isSafeInteger(d.amountMinor)).toBe(true);
        received += 1;
        if (d.reference) {
          withReference += 1;
          expect(d.reference).toBe(`INV-${orderId}`);
        }
        payments.set(d.paymentId, { orderId, amountMinor: d.amountMinor });
        paid.set(orderId, (paid.get(orderId) ?? 0) + d.amountMinor);
        expect(paid.get(orderId)!).toBeLessThanOrEqual(totals.get(orderId)!);
      }
      if (m.envelope.type === 'PaymentReversed') {
        const p = payments.get(d.paymentId)!;
        paid.set(p.orderId, paid.get(p.orderId)! - p.amountMinor);
      }
    }
    expect(share(withReference, received)).toBeGreaterThan(0.7);
  });

  it('hold late, partial, bounced and missing payments in plausible shares', () => {
    const f = schedule.figures;
    expect(f.invoices).toBe(6_000);
    const p = f.payments;
    expect(share(p.received, f.invoices)).toBeGreaterThan(0.8);
    expect(share(p.onTime, p.received)).toBeGreaterThan(0.55);
    expect(share(p.late, p.received)).toBeGreaterThan(0.15);
    expect(share(p.late, p.received)).toBeLessThan(0.4);
    expect(share(p.partial, p.received)).toBeGreaterThan(0.02);
    expect(share(p.partial, p.received)).toBeLessThan(0.15);
    expect(p.bounced).toBeGreaterThan(0);
    expect(share(p.bounced, p.received)).toBeLessThan(0.03);
    expect(share(p.missing, f.invoices)).toBeGreaterThan(0.02);
    expect(share(p.missing, f.invoices)).toBeLessThan(0.15);
    expect(f.invoicesAtEnd.settled + f.invoicesAtEnd.partlyPaid + f.invoicesAtEnd.overdueUnpaid + f.invoicesAtEnd.notYetDue).toBe(f.invoices);
  });
});

describe('gen: sending', () => {
  it('keeps each key in order, never exceeds the concurrency, and stops at the first failure', async () => {
    let inFlight = 0;
    let peak = 0;
    const order: string[] = [];
    const items = Array.from({ length: 200 }, (_, i) => ({ key: `k${i % 7}`, n: i }));
    await dispatchInKeyOrder(items, {
      concurrency: 5,
      keyOf: (x) => x.key,
      send: async (x) => {
        inFlight += 1;
        peak = Math.max(peak, inFlight);
        await new Promise((resolve) => setTimeout(resolve, (x.n * 7) % 5));
        order.push(`${x.key}:${x.n}`);
        inFlight -= 1;
      },
    });
    expect(peak).toBeLessThanOrEqual(5);
    for (let k = 0; k < 7; k++) {
      const ns = order.filter((o) => o.startsWith(`k${k}:`)).map((o) => Number(o.split(':')[1]));
      expect(ns).toEqual([...ns].sort((a, b) => a - b));
      expect(ns).toHaveLength(items.filter((x) => x.key === `k${k}`).length);
    }
    const sent: number[] = [];
    await expect(
      dispatchInKeyOrder(items, {
        concurrency: 3,
        keyOf: (x) => x.key,
        send: async (x) => {
          if (x.n === 20) throw new Error('boom');
          sent.push(x.n);
        },
      }),
    ).rejects.toThrow('boom');
    expect(sent.length).toBeLessThan(30);
  });

  it('at a barrier, lets everything before it finish, then waits for it before sending more', async () => {
    const sent: number[] = [];
    const seenAtBarrier: number[][] = [];
    let inFlight = 0;
    await dispatchInKeyOrder(
      Array.from({ length: 60 }, (_, n) => n),
      {
        concurrency: 8,
        keyOf: (n) => `k${n % 5}`,
        send: async (n) => {
          inFlight += 1;
          await new Promise((resolve) => setTimeout(resolve, n % 3));
          sent.push(n);
          inFlight -= 1;
        },
        barrierBefore: (n) =>
          n % 20 === 0 && n > 0
            ? async () => {
                expect(inFlight).toBe(0);
                seenAtBarrier.push([...sent].sort((a, b) => a - b));
                await new Promise((resolve) => setTimeout(resolve, 5));
              }
            : undefined,
      },
    );
    expect(seenAtBarrier).toEqual([Array.from({ length: 20 }, (_, n) => n), Array.from({ length: 40 }, (_, n) => n)]);
    expect(sent).toHaveLength(60);
  });

  describe('over HTTP', () => {
    let server: Server;
    let base: string;
    const answers: { status: number; body: unknown }[] = [];
    const received: unknown[] = [];
    beforeAll(async () => {
      server = createServer((req, res) => {
        let text = '';
        req.on('data', (c) => (text += c));
        req.on('end', () => {
          received.push(text ? JSON.parse(text) : undefined);
          const answer = answers.shift() ?? { status: 200, body: { outcome: 'ok' } };
          res.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body));
        });
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(() => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(resolve));
    });
    const noWait = { sleep: async () => undefined };
    const message: OutgoingMessage = { at: 0, channel: 'payments', accountId: 'A1', envelope: { messageId: 'm1', type: 'PaymentReversed', schemaVersion: 1, data: {} } };

    it('retries 503, an account invoicing does not know yet and a too-busy stream, then succeeds', async () => {
      answers.push(
        { status: 503, body: { error: { code: 'event_store.unavailable' } } },
        { status: 404, body: { error: { code: 'invoicing.account_unknown' } } },
        { status: 409, body: { error: { code: 'command.too_many_conflicts' } } },
      );
      const target = new HttpTarget(base, noWait);
      received.length = 0;
      await target.ingress(message);
      expect(received).toHaveLength(4);
      expect(target.retries).toBe(3);
    });

    it('stops on a 4xx with the error body, and takes 409 on an account as already open', async () => {
      answers.push({ status: 400, body: { error: { code: 'ingress.invalid', field: 'data.paymentId' } } });
      const target = new HttpTarget(base, noWait);
      const failure = await target.ingress(message).catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(GenerationStopped);
      expect((failure as Error).message).toContain('answered 400');
      expect((failure as Error).message).toContain('data.paymentId');
      answers.push({ status: 409, body: { error: { code: 'account.already_opened' } } });
      expect(await target.openAccount(generateAccount(1, 'g1-', 0).opening)).toBe('already_open');
    });

    it('with maxBehind, waits while the consumers are behind, until under half of it, then sends', async () => {
      const health = (behind: (number | null)[]) => ({ status: 200, body: { host: { consumers: behind.map((b, i) => ({ groupId: `g${i}`, behind: b })) } } });
      answers.push(health([300, 200]), health([150, 60]), health([100, 40]));
      let slept = 0;
      const target = new HttpTarget(base, { maxBehind: 400, sleep: async () => void slept++ });
      received.length = 0;
      await target.ingress(message);
      expect(received).toHaveLength(4);
      expect(received[3]).toEqual(message.envelope);
      expect(slept).toBe(2);
      expect(target.paced).toMatchObject({ pauses: 1, mostBehind: 500 });
      answers.push(health([1000]));
      await target.ingress(message);
      expect(received).toHaveLength(5);
      target.close();
    });

    it('with maxBehind, does not hold the ingress when the lag is not known', async () => {
      answers.push({ status: 200, body: { host: { consumers: [{ groupId: 'g', behind: null }] } } });
      const target = new HttpTarget(base, { maxBehind: 1, sleep: async () => undefined });
      received.length = 0;
      await target.ingress(message);
      expect(received).toHaveLength(2);
      expect(target.paced.pauses).toBe(0);
      target.close();
    });

    it('gives up with a clear message when nothing listens', async () => {
      const target = new HttpTarget('http://127.0.0.1:9', { attempts: 2, sleep: async () => undefined });
      await expect(target.ingress(message)).rejects.toThrow(/cannot reach http:\/\/127.0.0.1:9/);
    });

    it('says why nothing answers, after trying again', async () => {
      let slept = 0;
      const target = new HttpTarget('http://127.0.0.1:9', { sleep: async () => void slept++ });
      expect(await target.unreachable(3)).toMatch(/ECONNREFUSED/);
      expect(slept).toBe(2);
      const live = new HttpTarget(base, noWait);
      expect(await live.unreachable(1)).toBeUndefined();
      live.close();
    });
  });
});

import type { GeneratedAccount } from './accounts';
import {
  BOUNCE_CHANCE_BY_PROFILE,
  CHARGEBACK_CHANCE,
  DAYS_LATE_MEDIAN_BY_PROFILE,
  DELIVERED_WITHIN_A_DAY,
  FATE_SHARES_BY_FAMILY,
  FATE_SHARES_BY_PROFILE,
  METHOD_SHARES_BY_KIND,
  ORDER_SIGMA,
  PARTIAL_REMAINDER_PAID,
  REFERENCE_SHARE_BY_KIND,
  REPAY_AFTER_BOUNCE_BY_PROFILE,
  TAX_RATE_SHARES,
  type InvoiceFate,
  type PaymentMethod,
} from './model';
import { chance, intBetween, logNormal, pick, rngFor, STREAM, weighted, type Rng } from './random';

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

/** A delivered line as OrderDelivered carries it (libs/contracts ingress.ts, DeliveredLineV1). */
export interface PlannedLine {
  description: string;
  quantity: number;
  unitPriceMinor: number;
  taxRateBp: number;
}

export type PlannedEvent =
  | { kind: 'placed'; at: number }
  | { kind: 'delivered'; at: number }
  | { kind: 'received'; at: number; paymentId: string; amountMinor: number; method: PaymentMethod; reference?: string }
  | { kind: 'reversed'; at: number; paymentId: string; amountMinor: number; reason: 'direct_debit_bounced' | 'chargeback' | 'cheque_bounced' };

/** One order from placement to its last payment fact, in causal (and time) order. */
export interface OrderPlan {
  readonly index: number;
  readonly orderId: string;
  readonly account: GeneratedAccount;
  readonly lines: readonly PlannedLine[];
  /** Tax included, as invoicing computes it. */
  readonly totalMinor: number;
  /** Start of the due day (UTC); paid "on time" means received on or before that day. */
  readonly dueDay: number;
  readonly fate: InvoiceFate;
  /** At most 16 (the schedule keeps an event's index in 4 bits). */
  readonly events: readonly PlannedEvent[];
}

export const MAX_EVENTS_PER_ORDER = 16;

/** The span of history the portfolio covers: deliveries fall in [from, to]; nothing is sent after `to` (today). */
export interface History {
  readonly from: number;
  readonly to: number;
}

export const orderIdOf = (prefix: string, index: number): string => `${prefix}O${String(index + 1).padStart(7, '0')}`;

const PRODUCTS: readonly { description: string; rate: '2000' | '1000' | '550'; unitMinor: number }[] = [
  { description: 'Ramette papier A4 80 g (500 feuilles)', rate: '2000', unitMinor: 5_90 },
  { description: 'Cartouche d’encre noire', rate: '2000', unitMinor: 34_90 },
  { description: 'Toner laser couleur', rate: '2000', unitMinor: 89_00 },
  { description: 'Classeur à levier dos 80 mm', rate: '2000', unitMinor: 3_20 },
  { description: 'Fauteuil de bureau ergonomique', rate: '2000', unitMinor: 249_00 },
  { description: 'Écran 27 pouces', rate: '2000', unitMinor: 219_00 },
  { description: 'Stylos bille (boîte de 50)', rate: '2000', unitMinor: 12_50 },
  { description: 'Agenda 2027', rate: '2000', unitMinor: 14_90 },
  { description: 'Café en grains 1 kg', rate: '550', unitMinor: 18_40 },
  { description: 'Eau minérale (pack de 6)', rate: '550', unitMinor: 3_10 },
  { description: 'Dictionnaire', rate: '550', unitMinor: 29_90 },
  { description: 'Installation sur site', rate: '1000', unitMinor: 120_00 },
  { description: 'Plateau repas', rate: '1000', unitMinor: 15_50 },
  { description: 'Maintenance mensuelle', rate: '2000', unitMinor: 75_00 },
  { description: 'Enveloppes C5 (boîte de 500)', rate: '2000', unitMinor: 24_00 },
  { description: 'Câble HDMI 2 m', rate: '2000', unitMinor: 9_90 },
];

/** Invoicing's rule (libs/invoicing ledger/invoice-amounts.ts): per line, tax = net x rate / 10000 rounded half up; total = sum of nets and taxes. */
export function lineTotalMinor(line: PlannedLine): number {
  const net = line.quantity * line.unitPriceMinor;
  return net + Math.floor((net * line.taxRateBp + 5_000) / 10_000);
}

const startOfDay = (at: number): number => at - (((at % DAY) + DAY) % DAY);

/** An instant during business hours (07:00-19:00 UTC) on `day`'s date. */
const duringBusinessHours = (rng: Rng, day: number): number => startOfDay(day) + 7 * HOUR + Math.floor(rng() * 12 * HOUR);

function linesFor(rng: Rng, targetMinor: number): PlannedLine[] {
  const count = Number(weighted(rng, { '1': 40, '2': 25, '3': 15, '4': 12, '5': 8 }));
  const lines: PlannedLine[] = [];
  for (let i = 0; i < count; i++) {
    const product = pick(rng, PRODUCTS);
    const rate = chance(rng, 0.8) ? product.rate : weighted(rng, TAX_RATE_SHARES);
    const taxRateBp = Number(rate);
    const lineGross = (targetMinor / count) * (0.5 + rng());
    // The catalogue price, varied +/-20%, and the quantity that brings the line near its share of the target.
    const unitPriceMinor = Math.max(1, Math.round(product.unitMinor * (0.8 + rng() * 0.4)));
    const quantity = Math.max(1, Math.min(9_999, Math.round(lineGross / (unitPriceMinor * (1 + taxRateBp / 10_000)))));
    lines.push({ description: product.description, quantity, unitPriceMinor, taxRateBp });
  }
  return lines;
}

/**
 * Order `index` of the portfolio, delivered (hence invoiced) in the history,
 * with the payments its account's behaviour produces up to `history.to`:
 * a pure function of (seed, index, account, history).
 */
export function planOrder(seed: number, prefix: string, index: number, account: GeneratedAccount, history: History): OrderPlan {
  const rng = rngFor(seed, STREAM.order, index);
  const orderId = orderIdOf(prefix, index);
  const { kind } = account.opening;

  // Deliveries spread over the history; orders placed a little before (DOMAIN 000: 95% delivered within 24 h).
  const deliveryDay = history.from + Math.floor(rng() * Math.max(1, history.to - history.from));
  const deliveredAt = Math.min(duringBusinessHours(rng, deliveryDay), history.to - HOUR);
  const placedAt = deliveredAt - (chance(rng, DELIVERED_WITHIN_A_DAY) ? 2 * HOUR + Math.floor(rng() * 22 * HOUR) : intBetween(rng, 2, 5) * DAY + Math.floor(rng() * 8 * HOUR));

  const lines = linesFor(rng, Math.max(200, logNormal(rng, account.orderMedianMinor, ORDER_SIGMA)));
  const totalMinor = lines.reduce((sum, line) => sum + lineTotalMinor(line), 0);
  const dueDay = startOfDay(deliveredAt) + account.opening.paymentTermsDays * DAY;

  const stopsPayingAt = account.stopsPayingAtFraction === undefined ? undefined : history.from + account.stopsPayingAtFraction * (history.to - history.from);
  let fate: InvoiceFate =
    account.profile === 'defaulter' ? weighted(rng, FATE_SHARES_BY_FAMILY[account.family ?? 'good_faith']) : weighted(rng, FATE_SHARES_BY_PROFILE[account.profile]);
  if (stopsPayingAt !== undefined && deliveredAt >= stopsPayingAt) fate = 'never';

  const events: PlannedEvent[] = [
    { kind: 'placed', at: placedAt },
    { kind: 'delivered', at: deliveredAt },
  ];
  const referenceShare = REFERENCE_SHARE_BY_KIND[kind];
  const methodOf = (): PaymentMethod => (chance(rng, 0.85) ? account.method : weighted(rng, METHOD_SHARES_BY_KIND[kind]));
  const onTimeAt = (method: PaymentMethod): number =>
    // A direct debit is collected on the due date; others pay some time between delivery and the due date.
    method === 'direct_debit' ? dueDay + 6 * HOUR : Math.max(deliveredAt + 2 * HOUR, duringBusinessHours(rng, dueDay - Math.floor(rng() * 0.7 * account.opening.paymentTermsDays) * DAY));
  const lateAt = (): number => {
    const daysLate = Math.min(240, Math.max(1, Math.round(logNormal(rng, DAYS_LATE_MEDIAN_BY_PROFILE[account.profile], 0.7))));
    return duringBusinessHours(rng, dueDay + daysLate * DAY);
  };
  let payments = 0;
  const pay = (at: number, amountMinor: number, method: PaymentMethod, mayBounce: boolean): void => {
    payments += 1;
    const paymentId = `${orderId}-P${payments}`;
    const reference = method === 'direct_debit' || chance(rng, referenceShare) ? `INV-${orderId}` : undefined;
    events.push({ kind: 'received', at, paymentId, amountMinor, method, ...(reference ? { reference } : {}) });
    if (!mayBounce) return;
    const bounce =
      (method === 'direct_debit' || method === 'cheque') && chance(rng, BOUNCE_CHANCE_BY_PROFILE[account.profile])
        ? { reason: method === 'direct_debit' ? ('direct_debit_bounced' as const) : ('cheque_bounced' as const), after: intBetween(rng, 2, 8) * DAY }
        : method === 'card' && chance(rng, CHARGEBACK_CHANCE)
          ? { reason: 'chargeback' as const, after: intBetween(rng, 20, 60) * DAY }
          : undefined;
    if (!bounce) return;
    const reversedAt = at + bounce.after + Math.floor(rng() * 4 * HOUR);
    events.push({ kind: 'reversed', at: reversedAt, paymentId, amountMinor, reason: bounce.reason });
    // Most pay again by transfer once reminded (DOMAIN 003: most settle at the first reminder); bad faith rarely does.
    const repays = account.family === 'bad_faith' ? chance(rng, 0.1) : chance(rng, REPAY_AFTER_BOUNCE_BY_PROFILE[account.profile]);
    if (repays) pay(duringBusinessHours(rng, reversedAt + intBetween(rng, 3, 25) * DAY), amountMinor, 'transfer', false);
  };

  switch (fate) {
    case 'on_time': {
      const method = methodOf();
      pay(onTimeAt(method), totalMinor, method, true);
      break;
    }
    case 'late': {
      // A direct debit is collected on the due date: a late payer with a mandate pays late by transfer.
      const method = methodOf();
      pay(lateAt(), totalMinor, method === 'direct_debit' ? 'transfer' : method, true);
      break;
    }
    case 'partial': {
      // Installments (DOMAIN "payment plans"): a first part (30-70%, whole euros when the invoice allows), then
      // the rest in one to three more parts, a month or so apart; some stop paying after the first part.
      const drawn = methodOf();
      const method = drawn === 'direct_debit' ? 'transfer' : drawn;
      const share = 0.3 + rng() * 0.4;
      const part = Math.max(1, Math.min(totalMinor - 1, totalMinor >= 200_00 ? Math.round((totalMinor * share) / 100) * 100 : Math.round(totalMinor * share)));
      if (part >= totalMinor) {
        pay(lateAt(), totalMinor, method, true);
        break;
      }
      let at = chance(rng, 0.5) ? onTimeAt(method) : lateAt();
      pay(at, part, method, true);
      if (!chance(rng, PARTIAL_REMAINDER_PAID)) break;
      const rest = totalMinor - part;
      const parts = Math.min(rest, account.family === 'good_faith' ? intBetween(rng, 2, 3) : chance(rng, 0.7) ? 1 : 2);
      for (let n = 0; n < parts; n++) {
        at = duringBusinessHours(rng, at + intBetween(rng, 10, 45) * DAY);
        const amount = n === parts - 1 ? rest - Math.floor(rest / parts) * (parts - 1) : Math.floor(rest / parts);
        pay(at, amount, method, true);
      }
      break;
    }
    case 'never':
      // Bad faith: a cheque that bounces, and nothing after (DOMAIN 003, bad faith 14% of defaulters).
      if (account.family === 'bad_faith' && chance(rng, 0.3)) {
        const at = duringBusinessHours(rng, dueDay + intBetween(rng, 5, 40) * DAY);
        payments += 1;
        const paymentId = `${orderId}-P${payments}`;
        events.push({ kind: 'received', at, paymentId, amountMinor: totalMinor, method: 'cheque', reference: `INV-${orderId}` });
        events.push({ kind: 'reversed', at: at + intBetween(rng, 3, 8) * DAY, paymentId, amountMinor: totalMinor, reason: 'cheque_bounced' });
      }
      break;
    default: {
      const unknown: never = fate;
      throw new Error(`unknown fate ${String(unknown)}`);
    }
  }

  // Only what has happened by today is sent; an insolvent or moved debtor pays nothing after leaving.
  const cutoff = stopsPayingAt === undefined ? history.to : Math.min(history.to, Math.max(stopsPayingAt, deliveredAt + HOUR));
  const happened = events.filter((e, i) => i < 2 || e.at <= (e.kind === 'received' ? cutoff : history.to));
  // A reversal without its payment (the payment fell after the cutoff) is dropped too.
  const received = new Set(happened.filter((e) => e.kind === 'received').map((e) => (e as { paymentId: string }).paymentId));
  const kept = happened.filter((e) => e.kind !== 'reversed' || received.has(e.paymentId));
  kept.sort((a, b) => a.at - b.at);
  if (kept.length > MAX_EVENTS_PER_ORDER) throw new Error(`order ${orderId} has ${kept.length} events (max ${MAX_EVENTS_PER_ORDER})`);
  return { index, orderId, account, lines, totalMinor, dueDay, fate, events: kept };
}

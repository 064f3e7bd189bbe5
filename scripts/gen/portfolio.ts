import type { IngressMessageType } from '@o2c/contracts';
import { generateAccount, type AccountOpening, type GeneratedAccount } from './accounts';
import { ORDER_SIGMA, type DebtorFamily, type InvoiceFate, type PayerProfile } from './model';
import { DAY, MAX_EVENTS_PER_ORDER, planOrder, type History, type OrderPlan, type PlannedEvent } from './orders';
import { rngFor, STREAM } from './random';

export interface PortfolioOptions {
  readonly seed: number;
  readonly accounts: number;
  readonly invoices: number;
  /** The end of the history (the application's "now"), epoch ms. */
  readonly today: number;
  readonly months: number;
  /** Prefix of every id (accounts, orders, payments, messages); default `g<seed>-`, so two seeds never collide. */
  readonly prefix?: string;
}

export interface Portfolio {
  readonly seed: number;
  readonly prefix: string;
  readonly history: History;
  readonly accounts: readonly GeneratedAccount[];
  /** The account (index) of each order. */
  readonly orderAccount: Uint32Array;
  plan(orderIndex: number): OrderPlan;
}

/** An ingress message ready to send: the envelope of libs/contracts ingress.ts, on its channel, keyed by account. */
export interface OutgoingMessage {
  /** When the fact happened (epoch ms): not sent, the envelope's data carries it. */
  readonly at: number;
  readonly channel: 'orders' | 'payments';
  readonly accountId: string;
  readonly envelope: { readonly messageId: string; readonly type: IngressMessageType; readonly schemaVersion: 1; readonly data: Record<string, unknown> };
}

export const historyOf = (today: number, months: number): History => {
  const from = new Date(today);
  from.setUTCMonth(from.getUTCMonth() - months);
  return { from: from.getTime(), to: today };
};

/** The accounts, and which account places each order (weighted by segment and size): a pure function of the options. */
export function buildPortfolio(options: PortfolioOptions): Portfolio {
  const { seed } = options;
  if (options.invoices * MAX_EVENTS_PER_ORDER >= 2 ** 32) throw new Error(`at most ${Math.floor(2 ** 32 / MAX_EVENTS_PER_ORDER) - 1} invoices`);
  const prefix = options.prefix ?? `g${seed}-`;
  const history = historyOf(options.today, options.months);
  const generated = Array.from({ length: options.accounts }, (_, i) => generateAccount(seed, prefix, i));

  const cumulative = new Float64Array(generated.length);
  let total = 0;
  generated.forEach((a, i) => (cumulative[i] = total += a.orderWeight));
  const orderAccount = new Uint32Array(options.invoices);
  const rng = rngFor(seed, STREAM.allocation, 0);
  for (let i = 0; i < options.invoices; i++) {
    const r = rng() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cumulative[mid] > r) hi = mid;
      else lo = mid + 1;
    }
    orderAccount[i] = lo;
  }

  // Each customer declares the monthly volume it expects, rounded up to whole euros with a 30% margin: it sets the opening credit limit.
  const meanOrderFactor = Math.exp((ORDER_SIGMA * ORDER_SIGMA) / 2);
  const accounts = generated.map((a): GeneratedAccount => {
    const ordersPerMonth = (options.invoices * a.orderWeight) / total / options.months;
    const expectedMonthlyVolumeMinor = Math.ceil((ordersPerMonth * a.orderMedianMinor * meanOrderFactor * 1.3) / 100) * 100;
    return { ...a, opening: { ...a.opening, expectedMonthlyVolumeMinor } };
  });

  return { seed, prefix, history, accounts, orderAccount, plan: (index) => planOrder(seed, prefix, index, accounts[orderAccount[index]], history) };
}

const iso = (at: number): string => new Date(at).toISOString();

/** The ingress message of one planned event. Ids derive from the order's and payment's ids, so a second run is a no-op. */
export function messageOf(plan: OrderPlan, event: PlannedEvent): OutgoingMessage {
  const accountId = plan.account.opening.accountId;
  const { orderId } = plan;
  switch (event.kind) {
    case 'placed':
      return {
        at: event.at,
        channel: 'orders',
        accountId,
        envelope: { messageId: `${orderId}.placed`, type: 'OrderPlaced', schemaVersion: 1, data: { orderId, accountId, currency: 'EUR', amountMinor: plan.totalMinor, placedAt: iso(event.at) } },
      };
    case 'delivered':
      return {
        at: event.at,
        channel: 'orders',
        accountId,
        envelope: {
          messageId: `${orderId}.delivered`,
          type: 'OrderDelivered',
          schemaVersion: 1,
          data: { orderId, accountId, currency: 'EUR', deliveredAt: iso(event.at), lines: plan.lines.map((l) => ({ ...l })) },
        },
      };
    case 'received':
      return {
        at: event.at,
        channel: 'payments',
        accountId,
        envelope: {
          messageId: `${event.paymentId}.received`,
          type: 'PaymentReceived',
          schemaVersion: 1,
          data: {
            paymentId: event.paymentId,
            accountId,
            amountMinor: event.amountMinor,
            currency: 'EUR',
            receivedAt: iso(event.at),
            method: event.method,
            ...(event.reference ? { reference: event.reference } : {}),
          },
        },
      };
    case 'reversed':
      return {
        at: event.at,
        channel: 'payments',
        accountId,
        envelope: { messageId: `${event.paymentId}.reversed`, type: 'PaymentReversed', schemaVersion: 1, data: { paymentId: event.paymentId, accountId, reason: event.reason, reversedAt: iso(event.at) } },
      };
    default: {
      const unknown: never = event;
      throw new Error(`unknown event ${JSON.stringify(unknown)}`);
    }
  }
}

/** What the generated portfolio holds, as planned (before sending). */
export interface PlannedFigures {
  accounts: {
    total: number;
    bySegment: Record<string, number>;
    byKind: Record<string, number>;
    byPayerProfile: Record<PayerProfile, number>;
    defaultersByFamily: Record<DebtorFamily, number>;
  };
  orders: number;
  invoices: number;
  invoicedTotalMinor: number;
  currency: 'EUR';
  /** The behaviour drawn for each invoice. */
  invoicesByBehaviour: Record<InvoiceFate, number>;
  /** Each PaymentReceived by what it did to its invoice; bounced = PaymentReversed; missing = overdue invoices with nothing paid. */
  payments: { received: number; onTime: number; late: number; partial: number; bounced: number; missing: number };
  /** Invoices as they stand at the end of the history. */
  invoicesAtEnd: { settled: number; partlyPaid: number; overdueUnpaid: number; notYetDue: number };
  messages: { total: number; byType: Record<string, number> };
}

const count = <K extends string>(keys: readonly K[]): Record<K, number> => Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;

/** The ingress messages in time order, as keys: seconds since `epochSec` in the high 32 bits, order index x 16 + event index below. */
export interface Schedule {
  readonly keys: BigUint64Array;
  readonly epochSec: number;
  readonly figures: PlannedFigures;
}

function accountFigures(accounts: readonly GeneratedAccount[]): PlannedFigures['accounts'] {
  const figures: PlannedFigures['accounts'] = {
    total: accounts.length,
    bySegment: {},
    byKind: {},
    byPayerProfile: count(['prompt', 'slightly_late', 'late', 'defaulter']),
    defaultersByFamily: count(['insolvent', 'moved', 'disputing', 'lax', 'bad_faith', 'good_faith']),
  };
  for (const a of accounts) {
    figures.bySegment[a.opening.segment] = (figures.bySegment[a.opening.segment] ?? 0) + 1;
    figures.byKind[a.opening.kind] = (figures.byKind[a.opening.kind] ?? 0) + 1;
    figures.byPayerProfile[a.profile] += 1;
    if (a.family) figures.defaultersByFamily[a.family] += 1;
  }
  return figures;
}

/** Plans every order once, counts what will be sent, and sorts the messages in time order (invoices before their payments). */
export function buildSchedule(portfolio: Portfolio): Schedule {
  const epochSec = Math.floor(portfolio.history.from / 1000) - 60 * 86_400;
  const today = portfolio.history.to - (portfolio.history.to % DAY);
  const figures: PlannedFigures = {
    accounts: accountFigures(portfolio.accounts),
    orders: 0,
    invoices: 0,
    invoicedTotalMinor: 0,
    currency: 'EUR',
    invoicesByBehaviour: count(['on_time', 'late', 'partial', 'never']),
    payments: { received: 0, onTime: 0, late: 0, partial: 0, bounced: 0, missing: 0 },
    invoicesAtEnd: { settled: 0, partlyPaid: 0, overdueUnpaid: 0, notYetDue: 0 },
    messages: { total: 0, byType: {} },
  };
  const orders = portfolio.orderAccount.length;
  let keys = new BigUint64Array(Math.max(16, orders * 4));
  let size = 0;
  for (let i = 0; i < orders; i++) {
    const plan = portfolio.plan(i);
    figures.orders += 1;
    figures.invoices += 1;
    figures.invoicedTotalMinor += plan.totalMinor;
    figures.invoicesByBehaviour[plan.fate] += 1;
    let open = plan.totalMinor;
    plan.events.forEach((event, k) => {
      if (event.kind === 'received') {
        figures.payments.received += 1;
        if (event.amountMinor < open) figures.payments.partial += 1;
        else if (event.at - (event.at % DAY) <= plan.dueDay) figures.payments.onTime += 1;
        else figures.payments.late += 1;
        open -= event.amountMinor;
      } else if (event.kind === 'reversed') {
        figures.payments.bounced += 1;
        open += event.amountMinor;
      }
      const type = messageTypeOf(event);
      figures.messages.byType[type] = (figures.messages.byType[type] ?? 0) + 1;
      figures.messages.total += 1;
      if (size === keys.length) {
        const bigger = new BigUint64Array(keys.length * 2);
        bigger.set(keys);
        keys = bigger;
      }
      keys[size++] = (BigInt(Math.floor(event.at / 1000) - epochSec) << 32n) | BigInt(i * MAX_EVENTS_PER_ORDER + k);
    });
    if (open <= 0) figures.invoicesAtEnd.settled += 1;
    else if (open < plan.totalMinor) figures.invoicesAtEnd.partlyPaid += 1;
    else if (plan.dueDay < today) {
      figures.invoicesAtEnd.overdueUnpaid += 1;
      figures.payments.missing += 1;
    } else figures.invoicesAtEnd.notYetDue += 1;
  }
  const sorted = keys.subarray(0, size).sort();
  return { keys: sorted, epochSec, figures };
}

function messageTypeOf(event: PlannedEvent): IngressMessageType {
  switch (event.kind) {
    case 'placed':
      return 'OrderPlaced';
    case 'delivered':
      return 'OrderDelivered';
    case 'received':
      return 'PaymentReceived';
    case 'reversed':
      return 'PaymentReversed';
  }
}

/** The messages of a schedule, in its order, regenerated one order at a time (memory stays flat however large the portfolio). */
export function* scheduledMessages(portfolio: Portfolio, schedule: Schedule): Generator<OutgoingMessage> {
  let last: OrderPlan | undefined;
  for (const key of schedule.keys) {
    const low = Number(key & 0xffff_ffffn);
    const index = Math.floor(low / MAX_EVENTS_PER_ORDER);
    const plan = last?.index === index ? last : portfolio.plan(index);
    last = plan;
    yield messageOf(plan, plan.events[low % MAX_EVENTS_PER_ORDER]);
  }
}

export const accountOpenings = (portfolio: Portfolio): Iterable<AccountOpening> => portfolio.accounts.map((a) => a.opening);

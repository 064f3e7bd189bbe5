import { Presets, SingleBar } from 'cli-progress';
import { dispatchInBatches, dispatchInKeyOrder } from './dispatch';
import { GenerationStopped, HttpTarget } from './http-target';
import { KafkaTarget } from './kafka-target';
import { DAY } from './orders';
import { buildPortfolio, buildSchedule, scheduledMessages, type OutgoingMessage, type PlannedFigures } from './portfolio';

export interface GenerateOptions {
  readonly seed: number;
  readonly accounts: number;
  readonly invoices: number;
  readonly months: number;
  /** End of the history (ISO instant); default the app's GET /clock, else the system clock. */
  readonly today?: string;
  /** The running o2c app. */
  readonly target: string;
  /** Bearer token for it, with the roles publisher and credit_manager (opens accounts, reads them back). */
  readonly token?: string;
  /** Kafka brokers: ingress messages go on the ingress topics instead of HTTP (accounts are still opened over HTTP). */
  readonly kafka?: readonly string[];
  readonly concurrency: number;
  /** Messages per POST /ingress/batch (1: one message per request on /ingress/orders and /ingress/payments; batches need settleDays 0). */
  readonly batch?: number;
  readonly prefix?: string;
  readonly progress: boolean;
  /** Plan and count only; nothing is sent. */
  readonly dryRun?: boolean;
  readonly log?: (line: string) => void;
  /** How long an ingress message may wait for invoicing to learn its account (ms). */
  readonly unknownAccountWaitMs?: number;
  /**
   * Every this many simulated days (1-7), wait until accounts has recorded the
   * invoices issued so far before sending more, as it would have in real time:
   * otherwise a compressed history lets credit checks see delivered orders as
   * not yet invoiced, and hold them. 0: never wait.
   */
  readonly settleDays?: number;
  /** Longest wait at one settle point (ms). */
  readonly settleTimeoutMs?: number;
  /** Wait while the app's consumer groups are more than this many messages behind (HttpTargetOptions.maxBehind). */
  readonly maxBehind?: number;
}

export interface GenerationSummary {
  seed: number;
  prefix: string;
  target: string;
  via: 'http' | 'kafka' | 'dry-run';
  history: { from: string; to: string; months: number };
  planned: PlannedFigures;
  sent: { accountsOpened: number; accountsAlreadyOpen: number; messages: number; byType: Record<string, number> };
  /** Settle points passed, seconds spent waiting at them, and how many gave up waiting. */
  settle: { days: number; points: number; seconds: number; timedOut: number };
  retries: number;
  /** --max-behind: the limit, times the ingress waited for the consumers, seconds waiting, the most behind seen. */
  paced?: { maxBehind: number; pauses: number; seconds: number; mostBehind: number };
  elapsedSeconds: number;
  accountsPerSecond: number;
  messagesPerSecond: number;
  errors: string[];
}

const round1 = (n: number): number => Math.round(n * 10) / 10;

function progressBar(enabled: boolean, total: number, phase: string): SingleBar | undefined {
  if (!enabled || !process.stderr.isTTY || total === 0) return undefined;
  const bar = new SingleBar(
    { format: `${phase.padEnd(9)} [{bar}] {percentage}% | {value}/{total} | {speed}/s | eta {eta_formatted}`, stream: process.stderr, hideCursor: true, etaBuffer: 200 },
    Presets.shades_classic,
  );
  bar.start(total, 0, { speed: 0 });
  return bar;
}

/** A rate for the progress bar, updated at most every half second. */
function ticker(bar: SingleBar | undefined): { tick: (n?: number) => void; stop: () => void } {
  const started = Date.now();
  let done = 0;
  let shown = 0;
  return {
    tick: (n = 1) => {
      done += n;
      if (!bar) return;
      const now = Date.now();
      if (now - shown >= 500) {
        shown = now;
        bar.update(done, { speed: Math.round(done / Math.max(0.001, (now - started) / 1000)) });
      }
    },
    stop: () => {
      bar?.update(done, { speed: Math.round(done / Math.max(0.001, (Date.now() - started) / 1000)) });
      bar?.stop();
    },
  };
}

/** Waits until invoicing knows the last accounts opened (their AccountOpened travels to it asynchronously), so the first invoices are not refused. */
async function awaitInvoicingKnows(http: HttpTarget, accountIds: readonly string[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (const accountId of accountIds) {
    for (;;) {
      const { status, body } = await http.get(`/accounts/${encodeURIComponent(accountId)}/balance`);
      const code = (body as { error?: { code?: string } } | null)?.error?.code ?? '';
      if (status !== 404 || !code.endsWith('account_unknown')) break;
      if (Date.now() > deadline) return;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

/**
 * Settle points: at each boundary of `days` simulated days, the invoices last
 * issued to up to 32 accounts in the window just sent must show among their
 * accounts' open receivables (GET /accounts/:id) before the next window goes.
 * A window of 7 days at most: no invoice is paid within 9 days of delivery
 * (payment terms >= 30 days), so those invoices are still open.
 */
function settlePoints(http: HttpTarget, days: number, timeoutMs: number, figures: GenerationSummary['settle'], log: (line: string) => void) {
  const windowMs = days * DAY;
  let windowEnd: number | undefined;
  const lastInvoiced = new Map<string, string>();
  const settle = async (probes: [string, string][]): Promise<void> => {
    const started = Date.now();
    for (const [accountId, invoiceId] of probes) {
      for (;;) {
        const { status, body } = await http.get(`/accounts/${encodeURIComponent(accountId)}`);
        const open = (body as { openReceivables?: { invoiceId: string }[] } | null)?.openReceivables ?? [];
        if (status === 200 && open.some((r) => r.invoiceId === invoiceId)) break;
        if (Date.now() - started > timeoutMs) {
          if (figures.timedOut++ === 0) log(`settle: accounts had not recorded ${invoiceId} after ${timeoutMs / 1000} s; going on (further timeouts are counted in the summary)`);
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
    figures.points += 1;
    figures.seconds = round1(figures.seconds + (Date.now() - started) / 1000);
  };
  return {
    noteSent(message: OutgoingMessage): void {
      if (message.envelope.type !== 'OrderDelivered') return;
      lastInvoiced.delete(message.accountId);
      lastInvoiced.set(message.accountId, `INV-${(message.envelope.data as { orderId: string }).orderId}`);
    },
    barrierBefore(message: OutgoingMessage): (() => Promise<void>) | undefined {
      if (days <= 0) return undefined;
      if (windowEnd === undefined) windowEnd = message.at - (message.at % windowMs) + windowMs;
      if (message.at < windowEnd) return undefined;
      windowEnd = message.at - (message.at % windowMs) + windowMs;
      const probes = [...lastInvoiced].slice(-32);
      lastInvoiced.clear();
      return probes.length ? () => settle(probes) : undefined;
    },
  };
}

/** Plans the portfolio, opens its accounts, then sends its orders and payments in time order; returns the summary (errors included). */
export async function generate(options: GenerateOptions): Promise<GenerationSummary> {
  const log = options.log ?? ((line: string) => console.error(line));
  const started = Date.now();
  const http = new HttpTarget(options.target, { token: options.token, unknownAccountWaitMs: options.unknownAccountWaitMs, sockets: options.concurrency, maxBehind: options.maxBehind });
  const today = options.today ?? (await http.clock()) ?? new Date().toISOString();
  const todayMs = Date.parse(today);
  if (Number.isNaN(todayMs)) throw new GenerationStopped(`--today "${today}" is not an ISO instant`);

  log(`planning ${options.accounts} accounts and ${options.invoices} invoices over ${options.months} months to ${new Date(todayMs).toISOString()} (seed ${options.seed})`);
  const portfolio = buildPortfolio({ seed: options.seed, accounts: options.accounts, invoices: options.invoices, today: todayMs, months: options.months, prefix: options.prefix });
  const schedule = buildSchedule(portfolio);
  const summary: GenerationSummary = {
    seed: options.seed,
    prefix: portfolio.prefix,
    target: options.target,
    via: options.dryRun ? 'dry-run' : options.kafka ? 'kafka' : 'http',
    history: { from: new Date(portfolio.history.from).toISOString(), to: new Date(portfolio.history.to).toISOString(), months: options.months },
    planned: schedule.figures,
    sent: { accountsOpened: 0, accountsAlreadyOpen: 0, messages: 0, byType: {} },
    settle: { days: options.settleDays ?? 0, points: 0, seconds: 0, timedOut: 0 },
    retries: 0,
    elapsedSeconds: 0,
    accountsPerSecond: 0,
    messagesPerSecond: 0,
    errors: [],
  };
  const finish = (): GenerationSummary => {
    http.close();
    summary.retries = http.retries;
    if (options.maxBehind !== undefined) {
      summary.paced = { maxBehind: options.maxBehind, pauses: http.paced.pauses, seconds: round1(http.paced.waitedMs / 1000), mostBehind: http.paced.mostBehind };
    }
    summary.elapsedSeconds = round1((Date.now() - started) / 1000);
    return summary;
  };
  if (options.dryRun) return finish();

  let kafka: KafkaTarget | undefined;
  try {
    const unreachable = await http.unreachable();
    if (unreachable !== undefined) throw new GenerationStopped(`nothing answers at ${http.base} (${unreachable}): start the app (npm start) or pass --target <url>`);
    log(`opening ${portfolio.accounts.length} accounts at ${http.base}`);
    const accountsStarted = Date.now();
    const accountsBar = ticker(progressBar(options.progress, portfolio.accounts.length, 'accounts'));
    try {
      await dispatchInKeyOrder(portfolio.accounts, {
        concurrency: options.concurrency,
        keyOf: (a) => a.opening.accountId,
        send: async (a) => {
          const outcome = await http.openAccount(a.opening);
          if (outcome === 'opened') summary.sent.accountsOpened += 1;
          else summary.sent.accountsAlreadyOpen += 1;
        },
        onSent: () => accountsBar.tick(),
      });
    } finally {
      accountsBar.stop();
    }
    summary.accountsPerSecond = round1(portfolio.accounts.length / Math.max(0.001, (Date.now() - accountsStarted) / 1000));

    await awaitInvoicingKnows(http, portfolio.accounts.slice(-5).map((a) => a.opening.accountId), options.unknownAccountWaitMs ?? 120_000);

    const total = schedule.keys.length;
    log(`sending ${total} order and payment messages ${options.kafka ? `on Kafka (${options.kafka.join(',')})` : `to ${http.base}/ingress`}`);
    const messagesStarted = Date.now();
    const messagesBar = ticker(progressBar(options.progress, total, 'messages'));
    const count = (type: string): void => {
      summary.sent.messages += 1;
      summary.sent.byType[type] = (summary.sent.byType[type] ?? 0) + 1;
    };
    try {
      const settle = settlePoints(http, options.settleDays ?? 0, options.settleTimeoutMs ?? 600_000, summary.settle, log);
      if (options.kafka) {
        kafka = new KafkaTarget(options.kafka);
        await kafka.connect();
        const pending: OutgoingMessage[] = [];
        const sentBatch = (n: number): void => {
          for (const m of pending.splice(0, n)) {
            count(m.envelope.type);
            settle.noteSent(m);
          }
          messagesBar.tick(n);
        };
        for (const message of scheduledMessages(portfolio, schedule)) {
          const barrier = settle.barrierBefore(message);
          if (barrier) {
            sentBatch(await kafka.flush());
            await barrier();
          }
          await http.keepPace();
          pending.push(message);
          sentBatch(await kafka.send(message));
        }
        sentBatch(await kafka.flush());
      } else if ((options.batch ?? 1) > 1 && !options.settleDays) {
        await dispatchInBatches(scheduledMessages(portfolio, schedule), {
          lanes: options.concurrency,
          batchSize: options.batch ?? 1,
          keyOf: (m) => m.accountId,
          sendBatch: (batch) => http.ingressBatch(batch),
          onSent: (batch) => {
            for (const m of batch) count(m.envelope.type);
            messagesBar.tick(batch.length);
          },
        });
      } else {
        await dispatchInKeyOrder(scheduledMessages(portfolio, schedule), {
          concurrency: options.concurrency,
          keyOf: (m) => m.accountId,
          send: (m) => http.ingress(m),
          onSent: (m) => {
            count(m.envelope.type);
            settle.noteSent(m);
            messagesBar.tick();
          },
          barrierBefore: (m) => settle.barrierBefore(m),
        });
      }
    } finally {
      messagesBar.stop();
      summary.messagesPerSecond = round1(summary.sent.messages / Math.max(0.001, (Date.now() - messagesStarted) / 1000));
    }
  } catch (error) {
    summary.errors.push(error instanceof Error ? error.message : String(error));
  } finally {
    await kafka?.close().catch(() => undefined);
  }
  return finish();
}

const euros = (minor: number): string => `${(minor / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} EUR`;
const pairs = (record: Record<string, number>): string =>
  Object.entries(record)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');

/** The human summary; the last line is the whole summary as one JSON object. */
export function formatSummary(s: GenerationSummary): string[] {
  const p = s.planned;
  return [
    `o2c gen: seed ${s.seed}, ids ${s.prefix}*, history ${s.history.from.slice(0, 10)} .. ${s.history.to.slice(0, 10)} (${s.history.months} months), via ${s.via}`,
    `accounts: ${p.accounts.total} (opened ${s.sent.accountsOpened}, already open ${s.sent.accountsAlreadyOpen})`,
    `  by segment: ${pairs(p.accounts.bySegment)}`,
    `  by kind: ${pairs(p.accounts.byKind)}`,
    `  payer profiles: ${pairs(p.accounts.byPayerProfile)}; defaulters by family: ${pairs(p.accounts.defaultersByFamily)}`,
    `orders: ${p.orders}; invoices: ${p.invoices}, total ${euros(p.invoicedTotalMinor)}`,
    `payments: received ${p.payments.received} (on time ${p.payments.onTime}, late ${p.payments.late}, partial ${p.payments.partial}), bounced ${p.payments.bounced}, missing ${p.payments.missing} (overdue invoices with nothing paid)`,
    `invoices at the end: settled ${p.invoicesAtEnd.settled}, partly paid ${p.invoicesAtEnd.partlyPaid}, overdue unpaid ${p.invoicesAtEnd.overdueUnpaid}, not yet due ${p.invoicesAtEnd.notYetDue}`,
    `messages: sent ${s.sent.messages} of ${p.messages.total} (${pairs(s.sent.byType)}); retries ${s.retries}`,
    ...(s.paced ? [`paced to the consumers (at most ${s.paced.maxBehind} messages behind): ${s.paced.pauses} pauses, ${s.paced.seconds} s waiting, at most ${s.paced.mostBehind} behind`] : []),
    ...(s.settle.days ? [`settled every ${s.settle.days} simulated days: ${s.settle.points} points, ${s.settle.seconds} s waiting, ${s.settle.timedOut} timed out`] : []),
    `elapsed ${s.elapsedSeconds} s; accounts ${s.accountsPerSecond}/s; messages ${s.messagesPerSecond}/s`,
    ...(s.errors.length ? s.errors.map((e) => `ERROR: ${e}`) : ['errors: none']),
    JSON.stringify(s),
  ];
}

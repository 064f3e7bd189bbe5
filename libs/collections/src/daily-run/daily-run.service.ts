import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DomainException, type CommandContext } from '@o2c/kernel';
import { READ_MODEL_DATA_SOURCE } from '@o2c/messaging';
import type { DataSource } from 'typeorm';
import type { CaseState, NoticeDecided } from '../collection-case/case.state';
import { CaseStreams } from '../case-store/case.streams';
import { COLLECTIONS_SCHEMA, scheduleNextRuns } from '../case-store/collections.tables';
import { daysBetween } from '../collection-case/calendar';
import { NEXT_RUN_HORIZON_DAYS, nextRunOn } from '../collection-case/next-run';
import { COLLECTIONS_OPTIONS, type CollectionsOptions } from '../collections.options';
import { REMINDER_PORT, type ReminderChannel, type ReminderPort, type ReminderRequest } from '../dunning/reminder-port';
import { PolicyRegistry } from '../policy/policy.registry';

export interface DailyRunReport {
  readonly date: string;
  /** Accounts collections follows. */
  readonly accounts: number;
  /** Accounts this call decided for the date: those whose planned date had come or that changed since their last run. */
  readonly decided: number;
  /** Accounts decided for the date by an earlier call (interrupted or complete): not decided again. */
  readonly alreadyDone: number;
  readonly remindersScheduled: number;
}

export const RUN_ACTOR = 'system:collections.daily-run';
/** Cases read from the store per read (one round trip), ahead of the workers that decide them. */
const PREFETCH_CHUNK = 64;
/** Cases planned per write of the run's records. */
const PLAN_BATCH = 500;
/** Tries of one case while the store is unavailable, before the run stops (to be resumed by the next call). */
const UNAVAILABLE_ATTEMPTS = 8;
const isUnavailable = (error: unknown): boolean => error instanceof DomainException && error.error.kind === 'unavailable';

/** What the reminder service needs from a decided notice. */
export function reminderRequestOf(notice: NoticeDecided, state: Extract<CaseState, { status: 'Active' }>): ReminderRequest {
  const contact = state.profile.contacts[0];
  return {
    reminderId: notice.reminderId,
    accountId: notice.accountId,
    channel: notice.channel as ReminderChannel,
    templateId: notice.templateId,
    stepId: notice.stepId,
    policyId: notice.policyId,
    policyVersion: notice.policyVersion,
    recipient: { name: contact?.name ?? state.profile.legalName, ...(contact?.email ? { email: contact.email } : {}), ...(contact?.phone ? { phone: contact.phone } : {}) },
    items: notice.items,
    totalMinor: notice.totalMinor,
    currency: notice.currency,
    ...(notice.charges.length ? { charges: notice.charges.map((c) => ({ kind: c.kind, amountMinor: c.amountMinor })) } : {}),
  };
}

/**
 * The daily run, once per date. Deterministic (the decision depends on the
 * date and the account's stream only), idempotent (the command id is
 * `run:<date>` on each case stream, reminder ids are
 * `<accountId>:<stepId>:<date>`), resumable (a case gets its next run date
 * only after its reminders were handed over, and handing over again is a
 * no-op for the idempotent reminder service). Only the cases due are loaded:
 * each case carries the next date the run would decide anything for it
 * (`nextRunOn`, by the pure decide), and any change from outside the run puts
 * it back on the next run.
 */
@Injectable()
export class DailyRunService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('collections.daily-run');
  private readonly running = new Map<string, Promise<DailyRunReport>>();
  private timer?: NodeJS.Timeout;
  private lastAutoDate?: string;

  constructor(
    private readonly cases: CaseStreams,
    private readonly policies: PolicyRegistry,
    @Inject(READ_MODEL_DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(REMINDER_PORT) private readonly reminders: ReminderPort,
    @Inject(COLLECTIONS_OPTIONS) private readonly options: CollectionsOptions,
  ) {}

  onApplicationBootstrap(): void {
    if (this.options.autoRunCheckMs <= 0) return;
    this.lastAutoDate = this.cases.today();
    this.timer = setInterval(() => void this.autoRun(), this.options.autoRunCheckMs);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** When the clock's day changes, the new day runs by itself. */
  private async autoRun(): Promise<void> {
    const today = this.cases.today();
    if (today === this.lastAutoDate) return;
    this.lastAutoDate = today;
    try {
      await this.run(today);
    } catch (error) {
      this.logger.error(`automatic run of ${today} failed: ${(error as Error).message}`);
      this.lastAutoDate = undefined;
    }
  }

  /** One run per date at a time in this process; a second caller waits for the same run. */
  run(date: string): Promise<DailyRunReport> {
    const current = this.running.get(date);
    if (current) return current;
    const started = this.runOnce(date).finally(() => this.running.delete(date));
    this.running.set(date, started);
    return started;
  }

  private async runOnce(date: string): Promise<DailyRunReport> {
    const policies = await this.policies.inForceOn(date);
    // A policy version taking effect later changes what the run decides from that day: no case is planned past it.
    const policyChange = await this.policies.nextVersionAfter(date);
    const horizon = Math.min(NEXT_RUN_HORIZON_DAYS, policyChange ? daysBetween(date, policyChange) : NEXT_RUN_HORIZON_DAYS);
    await this.dataSource.query(`INSERT INTO ${COLLECTIONS_SCHEMA}.dunning_runs (run_date, started_at) VALUES ($1, now()) ON CONFLICT DO NOTHING`, [date]);
    const [{ followed, done }]: { followed: number; done: number }[] = await this.dataSource.query(
      `SELECT (SELECT count(*) FROM ${COLLECTIONS_SCHEMA}.cases)::int AS followed, (SELECT count(*) FROM ${COLLECTIONS_SCHEMA}.dunning_run_accounts WHERE run_date = $1)::int AS done`,
      [date],
    );
    // Only the cases with something to decide today (their planned date has come, or something changed them): an index range, not every case.
    const due: { account_id: string; changes: string }[] = await this.dataSource.query(
      `SELECT account_id, changes::text AS changes FROM ${COLLECTIONS_SCHEMA}.cases WHERE next_run_on <= $1 ORDER BY account_id`,
      [date],
    );
    let scheduled = 0;
    let decided = 0;
    const plans: { accountId: string; changes: string; nextRunOn: string | undefined }[] = [];
    const flush = async (): Promise<void> => {
      const batch = plans.splice(0, plans.length);
      if (!batch.length) return;
      await this.dataSource.transaction(async (manager) => {
        await scheduleNextRuns(manager, batch);
        await manager.query(`INSERT INTO ${COLLECTIONS_SCHEMA}.dunning_run_accounts (run_date, account_id) SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING`, [date, batch.map((p) => p.accountId)]);
      });
      decided += batch.length;
    };
    let flushing: Promise<void> = Promise.resolve();
    const runAccount = async ({ account_id: accountId, changes }: { account_id: string; changes: string }): Promise<void> => {
      const context: CommandContext = { causationId: `run:${date}`, commandId: `run:${date}`, correlationId: `run:${date}`, actor: RUN_ACTOR };
      const command = { type: 'RunDailyDunning' as const, accountId, on: date, policies, rules: this.options.rules };
      const outcome = await this.cases.execute(command, context);
      const state = outcome.state;
      if (state.status === 'Active' && state.lastNotices.on === date) {
        for (const notice of state.lastNotices.notices) {
          if (notice.channel === 'call_task') continue;
          await this.reminders.schedule(reminderRequestOf(notice, state), { causationId: `run:${date}:${notice.reminderId}`, correlationId: `run:${date}`, actor: RUN_ACTOR });
          scheduled += 1;
        }
      }
      // Planned only after the hand-over: a crash before it leaves the case due, and the resumed run hands over again (idempotent).
      plans.push({ accountId, changes, nextRunOn: nextRunOn(state, command, horizon) });
      if (plans.length >= PLAN_BATCH) {
        flushing = flushing.then(flush);
        // Awaited at the end of the run; handled here so a failed write is not an unhandled rejection meanwhile.
        flushing.catch(() => undefined);
      }
    };
    // The cases are read PREFETCH_CHUNK at a time, one chunk ahead of the workers: one round trip each, not one per case.
    // A failed read is only a missed shortcut (each case then reads itself).
    const chunks = new Map<number, Promise<void>>();
    const prefetched = (index: number): Promise<void> => {
      const chunk = Math.floor(index / PREFETCH_CHUNK);
      for (const k of [chunk, chunk + 1]) {
        if (k * PREFETCH_CHUNK >= due.length || chunks.has(k)) continue;
        chunks.set(k, this.cases.prefetch(due.slice(k * PREFETCH_CHUNK, (k + 1) * PREFETCH_CHUNK).map((d) => d.account_id)).catch(() => undefined));
      }
      return chunks.get(chunk) ?? Promise.resolve();
    };
    // Cases are independent streams: many at a time, so their appends share the store's group commits; the first failure stops the run (the rest resume on the next call).
    let next = 0;
    let failure: unknown;
    const worker = async (): Promise<void> => {
      while (failure === undefined && next < due.length) {
        const index = next++;
        const account = due[index];
        await prefetched(index);
        for (let attempt = 1; ; attempt++) {
          try {
            await runAccount(account);
            break;
          } catch (error) {
            // The store or the database busy for a moment (a pool wait timed out): the case again, after a pause (its command is idempotent).
            if (isUnavailable(error) && attempt < UNAVAILABLE_ATTEMPTS) {
              await new Promise((resolve) => setTimeout(resolve, Math.min(5_000, 200 * 2 ** attempt)));
              continue;
            }
            failure ??= error;
            break;
          }
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.options.runConcurrency, due.length) }, worker));
    await (flushing = flushing.then(flush));
    if (failure !== undefined) throw failure;
    await this.dataSource.query(`UPDATE ${COLLECTIONS_SCHEMA}.dunning_runs SET finished_at = now(), accounts_done = $2 WHERE run_date = $1`, [date, done + decided]);
    return { date, accounts: followed, decided, alreadyDone: done, remindersScheduled: scheduled };
  }
}

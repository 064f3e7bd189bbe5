import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { CommandContext } from '@o2c/kernel';
import { READ_MODEL_DATA_SOURCE } from '@o2c/messaging';
import type { DataSource } from 'typeorm';
import type { CaseState, NoticeDecided } from '../collection-case/case.state';
import { CaseStreams } from '../case-store/case.streams';
import { COLLECTIONS_SCHEMA } from '../case-store/collections.tables';
import { COLLECTIONS_OPTIONS, type CollectionsOptions } from '../collections.options';
import { REMINDER_PORT, type ReminderChannel, type ReminderPort, type ReminderRequest } from '../dunning/reminder-port';
import { PolicyRegistry } from '../policy/policy.registry';

export interface DailyRunReport {
  readonly date: string;
  readonly accounts: number;
  /** Accounts done by an earlier, interrupted run of the same date (resumed, not redone). */
  readonly alreadyDone: number;
  readonly remindersScheduled: number;
}

export const RUN_ACTOR = 'system:collections.daily-run';
const RUN_CONCURRENCY = 8;

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
 * The daily run: every followed account, once per date. Deterministic (the
 * decision depends on the date and the account's stream only), idempotent
 * (the command id is `run:<date>` on each case stream, reminder ids are
 * `<accountId>:<stepId>:<date>`), resumable (a run record lists the accounts
 * done; an account is marked done only after its reminders were handed over,
 * and handing over again is a no-op for the idempotent reminder service).
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
    await this.dataSource.query(`INSERT INTO ${COLLECTIONS_SCHEMA}.dunning_runs (run_date, started_at) VALUES ($1, now()) ON CONFLICT DO NOTHING`, [date]);
    const rows: { account_id: string; done: boolean }[] = await this.dataSource.query(
      `SELECT c.account_id, (d.account_id IS NOT NULL) AS done FROM ${COLLECTIONS_SCHEMA}.cases c
       LEFT JOIN ${COLLECTIONS_SCHEMA}.dunning_run_accounts d ON d.run_date = $1 AND d.account_id = c.account_id ORDER BY c.account_id`,
      [date],
    );
    let scheduled = 0;
    const todo = rows.filter((r) => !r.done).map((r) => r.account_id);
    const runAccount = async (accountId: string): Promise<void> => {
      const context: CommandContext = { causationId: `run:${date}`, commandId: `run:${date}`, correlationId: `run:${date}`, actor: RUN_ACTOR };
      const outcome = await this.cases.execute({ type: 'RunDailyDunning', accountId, on: date, policies, rules: this.options.rules }, context);
      const state = outcome.state;
      if (state.status === 'Active' && state.lastNotices.on === date) {
        for (const notice of state.lastNotices.notices) {
          if (notice.channel === 'call_task') continue;
          await this.reminders.schedule(reminderRequestOf(notice, state), { causationId: `run:${date}:${notice.reminderId}`, correlationId: `run:${date}`, actor: RUN_ACTOR });
          scheduled += 1;
        }
      }
      await this.dataSource.query(`INSERT INTO ${COLLECTIONS_SCHEMA}.dunning_run_accounts (run_date, account_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [date, accountId]);
    };
    // Accounts are independent streams: a few at a time; the first failure stops the run (the rest resume on the next call).
    let next = 0;
    let failure: unknown;
    const worker = async (): Promise<void> => {
      while (failure === undefined && next < todo.length) {
        try {
          await runAccount(todo[next++]);
        } catch (error) {
          failure ??= error;
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(RUN_CONCURRENCY, todo.length) }, worker));
    if (failure !== undefined) throw failure;
    await this.dataSource.query(`UPDATE ${COLLECTIONS_SCHEMA}.dunning_runs SET finished_at = now(), accounts_done = $2 WHERE run_date = $1`, [date, rows.length]);
    return { date, accounts: rows.length, alreadyDone: rows.length - todo.length, remindersScheduled: scheduled };
  }
}

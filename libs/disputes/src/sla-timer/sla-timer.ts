import { Logger } from '@nestjs/common';
import type { Clock } from '@o2c/kernel';
import type { DataSource } from 'typeorm';
import type { DisputeStreams } from '../dispute/dispute.streams';

export const SLA_TIMER_ACTOR = 'system:disputes.sla-timer';
const TABLE = 'o2c_read.disputes_sla';

/**
 * Emits "at risk" and "breached" on time. Its only memory is the events: the
 * `disputes.sla` projection holds each open dispute's next deadline, so after
 * a restart the timer finds what fell due while it was down. It wakes at the
 * next deadline, and at least every `pollMs` (the demo clock can jump);
 * `tick()` runs one pass at once (tests with a manual clock). Each signal is a
 * command with a deterministic id decided on the dispute's stream: the
 * decider emits it once, only when due, so two timers (or a stale row) add nothing.
 */
export class SlaTimer {
  private readonly logger = new Logger('SlaTimer');
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;
  private stopped = true;

  constructor(
    private readonly streams: DisputeStreams,
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly pollMs: number,
  ) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.running?.catch(() => undefined);
  }

  /** One pass: signals every dispute whose next deadline is at or before now; returns how many events it appended. */
  tick(): Promise<number> {
    this.running ??= this.pass().finally(() => (this.running = undefined));
    return this.running;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.tick()
        .then(() => this.nextDelay())
        .catch((error: unknown) => {
          this.logger.warn(error instanceof Error ? error.message : String(error));
          return this.pollMs;
        })
        .then((delay) => this.schedule(delay));
    }, delayMs);
    this.timer.unref?.();
  }

  private async nextDelay(): Promise<number> {
    const now = this.clock.now();
    const rows: { next: string | null }[] = await this.dataSource.query(`SELECT min(next_deadline) AS next FROM ${TABLE} WHERE next_deadline > $1`, [now.toISOString()]);
    const next = rows[0]?.next;
    return next ? Math.max(0, Math.min(this.pollMs, Date.parse(next) - now.getTime())) : this.pollMs;
  }

  private async pass(): Promise<number> {
    const now = this.clock.now().toISOString();
    const due: { dispute_id: string }[] = await this.dataSource.query(
      `SELECT dispute_id FROM ${TABLE} WHERE next_deadline IS NOT NULL AND next_deadline <= $1 ORDER BY next_deadline LIMIT 1000`,
      [now],
    );
    let appended = 0;
    for (const { dispute_id: disputeId } of due) {
      for (const [type, signal] of [
        ['FlagSlaAtRisk', 'sla-at-risk'],
        ['FlagSlaBreached', 'sla-breached'],
      ] as const) {
        const outcome = await this.streams.execute(disputeId, { type, now }, { commandId: `${signal}:${disputeId}`, causationId: `${signal}:${disputeId}`, actor: SLA_TIMER_ACTOR });
        appended += outcome.newEvents.length;
      }
    }
    return appended;
  }
}

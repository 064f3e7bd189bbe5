import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '@o2c/event-store';
import { CLOCK, type Clock } from '@o2c/kernel';
import { checkpointIfDue, type AuditSql, type Checkpoint } from './verify-log';

export interface CheckpointSchedule {
  /** HMAC key (O2C_AUDIT_KEY); no key, no scheduled checkpoints. */
  readonly key?: string;
  /** How often the head is looked at (O2C_AUDIT_CHECKPOINT_MS, default 5 minutes). */
  readonly intervalMs: number;
  /** A checkpoint once this many events were appended since the last one (O2C_AUDIT_CHECKPOINT_EVERY, default 10,000). */
  readonly every: number;
}

export function checkpointScheduleFromEnv(env: NodeJS.ProcessEnv = process.env): CheckpointSchedule {
  const positive = (name: string, fallback: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isSafeInteger(value) || value < 1) throw new Error(`${name} must be an integer >= 1, got "${raw}"`);
    return value;
  };
  const key = env.O2C_AUDIT_KEY || undefined;
  if (key !== undefined && key.length < 16) throw new Error('O2C_AUDIT_KEY must be at least 16 characters');
  return { key, intervalMs: positive('O2C_AUDIT_CHECKPOINT_MS', 300_000), every: positive('O2C_AUDIT_CHECKPOINT_EVERY', 10_000) };
}

export const CHECKPOINT_SCHEDULE = Symbol('CheckpointSchedule');

/**
 * Periodic signed checkpoints of the tamper-evident log: every app process
 * with O2C_AUDIT_KEY looks at the head on a timer and signs it once enough
 * events were appended since the last checkpoint. Several processes may do it
 * at once: a checkpoint is keyed by its position, so the same head is signed
 * once. Needs the PostgreSQL store (the chain lives there).
 */
@Injectable()
export class AuditCheckpointScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('AuditCheckpoints');
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> = Promise.resolve();

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(CHECKPOINT_SCHEDULE) private readonly schedule: CheckpointSchedule,
  ) {}

  private sql(): AuditSql | undefined {
    const auditable = this.store as EventStore & { auditQuery?: AuditSql };
    return typeof auditable.auditQuery === 'function' ? (text, params) => auditable.auditQuery!(text, params) : undefined;
  }

  onApplicationBootstrap(): void {
    if (!this.schedule.key || !this.sql()) return;
    this.timer = setInterval(() => {
      this.running = this.tick().catch((error: unknown) => this.logger.warn(`checkpoint not written: ${error instanceof Error ? error.message : String(error)}`));
    }, this.schedule.intervalMs);
    this.timer.unref();
  }

  /** One look at the head: a signed checkpoint when due. */
  async tick(): Promise<Checkpoint | undefined> {
    const sql = this.sql();
    if (!this.schedule.key || !sql) return undefined;
    const checkpoint = await checkpointIfDue(sql, this.schedule.key, this.schedule.every, this.clock.now());
    if (checkpoint) this.logger.log(`signed checkpoint at position ${checkpoint.position}`);
    return checkpoint;
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }
}

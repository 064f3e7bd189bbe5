import { randomUUID } from 'node:crypto';
import { ERASED, PersonalDataVault, type Clock, type CommandContext } from '@o2c/kernel';
import type { DataSource } from 'typeorm';
import type { DeliveryResult, ReminderChannels } from '../delivery/delivery.port';
import type { ReminderService } from '../schedule-reminder/reminder.service';
import { noticeDigest, renderNotice } from '../templates/render';
import { OUTBOX, type OutboxRow } from './reminder-outbox';

export interface ReminderDispatcherOptions {
  /** Identifies this dispatcher's claims. Default: a fresh uuid per instance (a restarted process is a new worker). */
  readonly workerId?: string;
  /** How long a claim holds; past it, a row still `sending` is taken again (its worker is presumed dead). Default 60 s. */
  readonly leaseMs?: number;
  /** Delivery attempts before a transient failure becomes permanent. Default 6. */
  readonly maxAttempts?: number;
  /** Wait after transient failure n (1-based). Default 30 s * 4^(n-1), capped at 6 h. */
  readonly backoffMs?: (attempt: number) => number;
  readonly batchSize?: number;
  readonly pollMs?: number;
  /**
   * Wall-clock time for leases and backoff. Not the business clock: a demo
   * clock frozen on a date must not freeze retries. Event dates come from the business clock.
   */
  readonly timer?: Clock;
  readonly onError?: (error: unknown) => void;
  /** Fault injection for crash tests: throwing here stops the row's processing right at that point, as a crash would. */
  readonly crashPoints?: {
    readonly afterProviderAccepted?: (row: OutboxRow) => void | Promise<void>;
    readonly afterAcceptedNoted?: (row: OutboxRow) => void | Promise<void>;
  };
}

const systemTimer: Clock = { now: () => new Date() };
const defaultBackoff = (attempt: number): number => Math.min(30_000 * 4 ** (attempt - 1), 6 * 3_600_000);

/**
 * Sends outbox rows and records the outcome in the reminder's stream.
 *
 * Exactly once per reminder, as far as a provider allows it:
 * 1. claim the row (status `sending`, attempts + 1, a lease) in its own short transaction;
 * 2. send, with the reminder's stable message id (e-mail Message-ID, SMS Idempotency-Key, letter file name);
 * 3. note `accepted` and the provider's id on the row;
 * 4. record ReminderSent (idempotent: the decider ignores a second one), then mark the row `sent`.
 * A crash after 3 resumes at 4 without sending again. A crash between 2 and 3
 * cannot know whether the provider has it: the row is sent again with the same
 * message id when its lease expires, so delivery to the provider is at least
 * once, deduplicated by that id where the provider supports it (SMS gateways
 * with idempotency keys; mail systems that collapse one Message-ID; the letter
 * file is overwritten).
 */
export class ReminderOutboxDispatcher {
  private readonly workerId: string;
  private readonly timer: Clock;
  private running: Promise<void> | undefined;
  private stopping = false;
  private wake: (() => void) | undefined;
  private pendingWake = false;

  private readonly vault: PersonalDataVault;

  constructor(
    private readonly reminders: ReminderService,
    private readonly dataSource: DataSource,
    private readonly channels: ReminderChannels,
    private readonly clock: Clock,
    private readonly options: ReminderDispatcherOptions = {},
  ) {
    this.workerId = options.workerId ?? `reminder-dispatcher:${randomUUID()}`;
    this.vault = new PersonalDataVault(dataSource);
    this.timer = options.timer ?? systemTimer;
  }

  start(): void {
    if (this.running) return;
    this.stopping = false;
    this.running = this.loop();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    await this.running;
    this.running = undefined;
  }

  /** Something was queued: look now instead of at the next poll. */
  nudge(): void {
    this.pendingWake = true;
    this.wake?.();
  }

  private async loop(): Promise<void> {
    while (!this.stopping) {
      let handled = 0;
      try {
        handled = await this.runOnce();
      } catch (error) {
        this.options.onError?.(error);
      }
      if (handled > 0 || this.stopping) continue;
      if (this.pendingWake) {
        this.pendingWake = false;
        continue;
      }
      await new Promise<void>((resolve) => {
        const timeout = setTimeout(() => done(), this.options.pollMs ?? 1000);
        const done = () => {
          clearTimeout(timeout);
          this.wake = undefined;
          resolve();
        };
        this.wake = done;
      });
      this.pendingWake = false;
    }
  }

  /** Claims the rows that are ready and handles each; returns how many it claimed. */
  async runOnce(): Promise<number> {
    const rows = await this.claim();
    for (const row of rows) {
      try {
        await this.process(row);
      } catch (error) {
        // The row keeps its claim; when the lease expires it is taken again from where it stood.
        this.options.onError?.(error);
      }
    }
    return rows.length;
  }

  private async claim(): Promise<OutboxRow[]> {
    const now = this.timer.now();
    const until = new Date(now.getTime() + (this.options.leaseMs ?? 60_000));
    // TypeORM answers an UPDATE on PostgreSQL with [rows, rowCount].
    const [rows]: [OutboxRow[], number] = await this.dataSource.query(
      `UPDATE ${OUTBOX} o SET
         status = CASE WHEN o.status = 'accepted' THEN 'accepted' ELSE 'sending' END,
         attempts = CASE WHEN o.status = 'accepted' THEN o.attempts ELSE o.attempts + 1 END,
         claimed_by = $1, claimed_until = $2, updated_at = now()
       WHERE o.message_id IN (
         SELECT message_id FROM ${OUTBOX}
          WHERE (status = 'pending' AND (next_attempt_at IS NULL OR next_attempt_at <= $3))
             OR (status IN ('sending', 'accepted') AND claimed_until < $3)
          ORDER BY due_position
          LIMIT $4
          FOR UPDATE SKIP LOCKED)
       RETURNING o.*`,
      [this.workerId, until, now, this.options.batchSize ?? 20],
    );
    return rows.sort((a, b) => a.reminder_id.localeCompare(b.reminder_id));
  }

  private context(row: OutboxRow, step: string): CommandContext {
    const id = `reminder-delivery:${row.reminder_id}:${row.attempts}:${step}`;
    return { causationId: id, commandId: id, correlationId: row.correlation_id, actor: 'system:reminder-dispatcher' };
  }

  private async process(row: OutboxRow): Promise<void> {
    const state = await this.reminders.state(row.reminder_id);
    if (state.status === 'sent') return this.finish(row, 'sent', { provider: state.providerMessageId, documentPath: state.documentPath ?? null });
    if (state.status === 'failed') return this.finish(row, 'failed', { error: state.detail, reason: state.reason });
    if (state.status === 'none') throw new Error(`outbox row ${row.message_id}: reminder ${row.reminder_id} has no stream`);

    let accepted: { provider: string; documentPath: string | null; contentDigest?: string };
    if (row.status === 'accepted' && row.provider_message_id) {
      accepted = { provider: row.provider_message_id, documentPath: row.document_path };
    } else {
      const { result, contentDigest } = await this.deliver(row);
      if (!result.ok) return this.failed(row, result);
      await this.options.crashPoints?.afterProviderAccepted?.(row);
      accepted = { provider: result.providerMessageId, documentPath: result.documentPath ?? null, contentDigest };
      await this.dataSource.query(
        `UPDATE ${OUTBOX} SET status = 'accepted', provider_message_id = $3, document_path = $4, updated_at = now() WHERE message_id = $1 AND claimed_by = $2`,
        [row.message_id, this.workerId, accepted.provider, accepted.documentPath],
      );
      await this.options.crashPoints?.afterAcceptedNoted?.(row);
    }
    await this.reminders.handle(
      row.reminder_id,
      { type: 'RecordReminderSent', data: { attempt: row.attempts, providerMessageId: accepted.provider, ...(accepted.documentPath ? { documentPath: accepted.documentPath } : {}), ...(accepted.contentDigest ? { contentDigest: accepted.contentDigest } : {}), at: this.clock.now().toISOString() } },
      this.context(row, 'sent'),
    );
    await this.finish(row, 'sent', accepted);
  }

  private async deliver(row: OutboxRow): Promise<{ result: DeliveryResult; contentDigest: string }> {
    // The recipient's name and address are stored sealed (crypto-shredding): opened only now, to send.
    const request = await this.vault.open(row.request);
    if (JSON.stringify(request.recipient).includes(ERASED)) {
      return { result: { ok: false, reason: 'bad_address', permanent: true, detail: 'the recipient\'s personal data was erased (GDPR): nothing is sent' }, contentDigest: '' };
    }
    const notice = renderNotice(request, row.language, row.issued_on);
    const contentDigest = noticeDigest(notice);
    const result = await this.channels[row.channel].deliver({
      reminderId: row.reminder_id,
      accountId: row.account_id,
      channel: row.channel,
      messageId: row.message_id,
      request,
      notice,
      // What is sent is rendered now; ReminderSent records its digest beside the decided one.
      contentDigest,
      issuedOn: row.issued_on,
      attempt: row.attempts,
    });
    return { result, contentDigest };
  }

  private async failed(row: OutboxRow, result: Extract<DeliveryResult, { ok: false }>): Promise<void> {
    const maxAttempts = this.options.maxAttempts ?? 6;
    const givingUp = !result.permanent && row.attempts >= maxAttempts;
    const permanent = result.permanent || givingUp;
    const detail = givingUp ? `gave up after ${row.attempts} attempts: ${result.detail}` : result.detail;
    await this.reminders.handle(
      row.reminder_id,
      { type: 'RecordReminderDeliveryFailed', data: { attempt: row.attempts, reason: result.reason, permanent, detail, at: this.clock.now().toISOString() } },
      this.context(row, 'failed'),
    );
    if (permanent) return this.finish(row, 'failed', { error: detail, reason: result.reason });
    const next = new Date(this.timer.now().getTime() + (this.options.backoffMs ?? defaultBackoff)(row.attempts));
    await this.dataSource.query(
      `UPDATE ${OUTBOX} SET status = 'pending', next_attempt_at = $3, last_error = $4, claimed_by = NULL, claimed_until = NULL, updated_at = now()
        WHERE message_id = $1 AND claimed_by = $2`,
      [row.message_id, this.workerId, next, detail],
    );
  }

  private async finish(
    row: OutboxRow,
    status: 'sent' | 'failed',
    outcome: { provider?: string; documentPath?: string | null; error?: string; reason?: string },
  ): Promise<void> {
    await this.dataSource.query(
      `UPDATE ${OUTBOX} SET status = $2,
          provider_message_id = COALESCE($3, provider_message_id), document_path = COALESCE($4, document_path),
          last_error = COALESCE($5, last_error), failure_reason = $6,
          sent_at = CASE WHEN $2 = 'sent' THEN COALESCE(sent_at, $7) ELSE sent_at END,
          claimed_by = NULL, claimed_until = NULL, updated_at = now()
        WHERE message_id = $1`,
      [row.message_id, status, outcome.provider ?? null, outcome.documentPath ?? null, outcome.error ?? null, outcome.reason ?? null, this.clock.now()],
    );
  }
}

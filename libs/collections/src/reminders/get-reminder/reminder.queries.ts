import { Inject, Injectable } from '@nestjs/common';
import { DomainException, domainError } from '@o2c/kernel';
import { READ_MODEL_DATA_SOURCE } from '@o2c/messaging';
import type { DataSource } from 'typeorm';
import { OUTBOX, type OutboxRow } from '../outbox/reminder-outbox';
import type { DeliveryAttempt } from '../reminder/reminder.state';
import { ReminderService } from '../schedule-reminder/reminder.service';

export interface ReminderView {
  readonly reminderId: string;
  readonly accountId: string;
  readonly channel: string;
  readonly templateId: string;
  readonly stepId: string;
  readonly policyId: string;
  readonly policyVersion: number;
  /** due: decided, not yet handed to the provider; sending: a dispatcher has it; sent; failed (for good). */
  readonly status: 'due' | 'sending' | 'sent' | 'failed';
  readonly invoiceIds: readonly string[];
  readonly totalMinor: number;
  readonly currency: string;
  readonly messageId: string;
  readonly contentDigest: string;
  readonly dueAt: string;
  readonly attempts: number;
  readonly deliveryAttempts?: readonly DeliveryAttempt[];
  readonly providerMessageId?: string;
  readonly documentPath?: string;
  readonly sentAt?: string;
  readonly failure?: { readonly reason: string; readonly detail: string };
  readonly nextAttemptAt?: string;
}

const iso = (value: Date | string | null): string | undefined => (value == null ? undefined : new Date(value).toISOString());

/** Reads reminders: one from its stream (the truth) and its outbox row (the delivery in flight); an account's from the outbox. */
@Injectable()
export class ReminderQueries {
  constructor(
    private readonly reminders: ReminderService,
    @Inject(READ_MODEL_DATA_SOURCE) private readonly dataSource: DataSource,
  ) {}

  async reminder(reminderId: string): Promise<ReminderView> {
    const state = await this.reminders.state(reminderId);
    if (state.status === 'none') throw new DomainException(domainError('not_found', 'reminder.not_found', `reminder "${reminderId}" does not exist`, { field: 'reminderId' }));
    const [row]: OutboxRow[] = await this.dataSource.query(`SELECT * FROM ${OUTBOX} WHERE reminder_id = $1`, [reminderId]).catch(() => []);
    const { due } = state;
    const inFlight = state.status === 'due' && row && (row.status === 'sending' || row.status === 'accepted');
    return {
      reminderId,
      accountId: due.accountId,
      channel: due.channel,
      templateId: due.request.templateId,
      stepId: due.request.stepId,
      policyId: due.request.policyId,
      policyVersion: due.request.policyVersion,
      status: inFlight ? 'sending' : state.status,
      invoiceIds: due.request.items.map((item) => item.invoiceId),
      totalMinor: due.request.totalMinor,
      currency: due.request.currency,
      messageId: due.messageId,
      contentDigest: due.contentDigest,
      dueAt: due.dueAt,
      attempts: Math.max(row?.attempts ?? 0, state.attempts.length),
      deliveryAttempts: state.attempts,
      ...(state.status === 'sent' ? { providerMessageId: state.providerMessageId, documentPath: state.documentPath, sentAt: state.sentAt } : {}),
      ...(state.status === 'failed' ? { failure: { reason: state.reason, detail: state.detail } } : {}),
      ...(state.status === 'due' && row?.next_attempt_at ? { nextAttemptAt: iso(row.next_attempt_at) } : {}),
    };
  }

  /** The account's reminders, newest first, once queued in the outbox (a moment after they were decided). */
  async ofAccount(accountId: string, limit = 200): Promise<ReminderView[]> {
    const rows: OutboxRow[] = await this.dataSource.query(`SELECT * FROM ${OUTBOX} WHERE account_id = $1 ORDER BY due_at DESC, reminder_id LIMIT $2`, [accountId, limit]);
    return rows.map((row) => ({
      reminderId: row.reminder_id,
      accountId: row.account_id,
      channel: row.channel,
      templateId: row.request.templateId,
      stepId: row.request.stepId,
      policyId: row.request.policyId,
      policyVersion: row.request.policyVersion,
      status: row.status === 'pending' ? 'due' : row.status === 'accepted' ? 'sending' : row.status,
      invoiceIds: row.request.items.map((item) => item.invoiceId),
      totalMinor: row.request.totalMinor,
      currency: row.request.currency,
      messageId: row.message_id,
      contentDigest: row.content_digest,
      dueAt: new Date(row.due_at).toISOString(),
      attempts: row.attempts,
      ...(row.provider_message_id && row.status === 'sent' ? { providerMessageId: row.provider_message_id } : {}),
      ...(row.document_path && row.status === 'sent' ? { documentPath: row.document_path } : {}),
      ...(row.sent_at ? { sentAt: iso(row.sent_at) } : {}),
      ...(row.status === 'failed' ? { failure: { reason: row.failure_reason ?? 'provider_error', detail: row.last_error ?? '' } } : {}),
      ...(row.status === 'pending' && row.next_attempt_at ? { nextAttemptAt: iso(row.next_attempt_at) } : {}),
    }));
  }
}

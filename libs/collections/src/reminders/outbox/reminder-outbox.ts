import type { DataSource } from 'typeorm';
import type { ReminderChannel, ReminderLanguage, ReminderRequest } from '../reminder-port';

export const REMINDERS_SCHEMA = 'o2c_collections';
export const OUTBOX = `${REMINDERS_SCHEMA}.reminder_outbox`;
export const OUTBOX_CHECKPOINTS = `${REMINDERS_SCHEMA}.reminder_outbox_checkpoint`;

/**
 * pending: waiting to be sent (or retried after a transient failure).
 * sending: claimed by a dispatcher until `claimed_until`; the provider may or may not have it.
 * accepted: the provider took it (its id is noted); only the ReminderSent record is missing.
 * sent / failed: recorded in the reminder's stream; nothing more happens.
 */
export type OutboxStatus = 'pending' | 'sending' | 'accepted' | 'sent' | 'failed';

export interface OutboxRow {
  readonly message_id: string;
  readonly reminder_id: string;
  readonly account_id: string;
  readonly channel: ReminderChannel;
  readonly language: ReminderLanguage;
  readonly request: ReminderRequest;
  readonly content_digest: string;
  readonly issued_on: string;
  readonly due_at: Date;
  readonly correlation_id: string;
  readonly status: OutboxStatus;
  readonly attempts: number;
  readonly next_attempt_at: Date | null;
  readonly claimed_by: string | null;
  readonly claimed_until: Date | null;
  readonly provider_message_id: string | null;
  readonly document_path: string | null;
  readonly last_error: string | null;
  readonly failure_reason: string | null;
  readonly sent_at: Date | null;
}

/** The outbox and its sender's checkpoint (idempotent; under an advisory lock, several processes may start together). */
export async function migrateReminders(dataSource: DataSource): Promise<void> {
  await dataSource.transaction(async (manager) => {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext('o2c_collections.reminders.migrate'))`);
    await manager.query(`CREATE SCHEMA IF NOT EXISTS ${REMINDERS_SCHEMA}`);
    await manager.query(`CREATE TABLE IF NOT EXISTS ${OUTBOX} (
      message_id text PRIMARY KEY,
      reminder_id text NOT NULL UNIQUE,
      account_id text NOT NULL,
      channel text NOT NULL,
      language text NOT NULL,
      request jsonb NOT NULL,
      content_digest text NOT NULL,
      issued_on text NOT NULL,
      due_at timestamptz NOT NULL,
      due_position numeric(40,0) NOT NULL,
      correlation_id text NOT NULL,
      status text NOT NULL DEFAULT 'pending',
      attempts integer NOT NULL DEFAULT 0,
      next_attempt_at timestamptz,
      claimed_by text,
      claimed_until timestamptz,
      provider_message_id text,
      document_path text,
      last_error text,
      failure_reason text,
      sent_at timestamptz,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
    await manager.query(`CREATE INDEX IF NOT EXISTS reminder_outbox_ready ON ${OUTBOX} (status, next_attempt_at)`);
    await manager.query(`CREATE INDEX IF NOT EXISTS reminder_outbox_by_account ON ${OUTBOX} (account_id, due_at)`);
    await manager.query(`CREATE TABLE IF NOT EXISTS ${OUTBOX_CHECKPOINTS} (name text PRIMARY KEY, position numeric(40,0))`);
  });
}

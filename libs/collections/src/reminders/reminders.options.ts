import { join } from 'node:path';

export const REMINDERS_OPTIONS = Symbol('RemindersOptions');

export interface RemindersOptions {
  /** O2C_SMTP_URL, e.g. `smtp://user:pass@mail.example:587`; e-mails wait in the outbox (transient failures) while unset. */
  readonly smtpUrl?: string;
  /** O2C_SMTP_FROM. */
  readonly smtpFrom: string;
  /** O2C_LETTERS_DIR: where letters' PDFs are stored for print and post. */
  readonly lettersDir: string;
  /** O2C_LETTERS_SENDER: the sender's address block, lines separated by `|`. */
  readonly lettersSender: readonly string[];
  /** O2C_SMS_URL: the SMS provider's POST endpoint. */
  readonly smsUrl?: string;
  /** O2C_VOICEMAIL_URL: the voicemail provider's POST endpoint (same JSON as SMS). */
  readonly voicemailUrl?: string;
  /** O2C_REMINDER_WORKERS=0 stops this process from sending (the outbox sender and dispatcher); deciding still works. */
  readonly workers: boolean;
  /** O2C_REMINDER_POLL_MS. */
  readonly pollMs: number;
}

export function remindersOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): RemindersOptions {
  return {
    smtpUrl: env.O2C_SMTP_URL || undefined,
    smtpFrom: env.O2C_SMTP_FROM || 'Service recouvrement <recouvrement@o2c.local>',
    lettersDir: env.O2C_LETTERS_DIR || join(process.cwd(), '.o2c', 'letters'),
    lettersSender: (env.O2C_LETTERS_SENDER || 'o2c|Service recouvrement').split('|'),
    smsUrl: env.O2C_SMS_URL || undefined,
    voicemailUrl: env.O2C_VOICEMAIL_URL || undefined,
    workers: env.O2C_REMINDER_WORKERS !== '0',
    pollMs: Number(env.O2C_REMINDER_POLL_MS || 1000),
  };
}

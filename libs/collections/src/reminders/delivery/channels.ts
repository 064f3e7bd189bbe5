import type { RemindersOptions } from '../reminders.options';
import { failure, type ReminderChannelAdapter, type ReminderChannels } from './delivery.port';
import { HttpMessageChannel } from './http-message.channel';
import { PdfLetterChannel } from './pdf-letter.channel';
import { SmtpEmailChannel } from './smtp-email.channel';

const notConfigured = (what: string): ReminderChannelAdapter => ({
  deliver: () => Promise.resolve(failure('provider_error', false, `${what} is not configured`)),
});

/** Every channel from the configuration; one that is not configured fails transiently, so its reminders wait in the outbox. */
export function channelsFromOptions(options: RemindersOptions): ReminderChannels {
  const letters = new PdfLetterChannel({ dir: options.lettersDir, senderLines: options.lettersSender });
  return {
    email: options.smtpUrl ? new SmtpEmailChannel({ url: options.smtpUrl, from: options.smtpFrom }) : notConfigured('O2C_SMTP_URL'),
    sms: new HttpMessageChannel({ url: options.smsUrl, kind: 'sms' }),
    voicemail: new HttpMessageChannel({ url: options.voicemailUrl, kind: 'voicemail' }),
    letter: letters,
    registered_letter: letters,
  };
}

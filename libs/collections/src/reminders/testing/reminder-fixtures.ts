import type { EventStore } from '@o2c/event-store';
import type { CommandContext } from '@o2c/kernel';
import type { ReminderRequest } from '../reminder-port';
import { failure, type ReminderChannels } from '../delivery/delivery.port';

/** A B2B notice with two overdue invoices and the EUR 40 indemnity, built directly (no dunning core involved). */
export function reminderRequest(overrides: Partial<ReminderRequest> = {}): ReminderRequest {
  return {
    reminderId: 'R-ACME-letter-1',
    accountId: 'ACME',
    channel: 'email',
    templateId: 'first-letter',
    stepId: 'letter-1',
    policyId: 'standard.b2b',
    policyVersion: 3,
    recipient: { name: 'ACME Comptabilité', email: 'compta@acme.test', phone: '+33 6 12 34 56 78', postalAddress: ['12 rue des Lilas', '75011 Paris', 'France'] },
    items: [
      { invoiceId: 'INV-2026-000123', openAmountMinor: 1_234_56, currency: 'EUR', dueOn: '2026-10-31', daysLate: 18 },
      { invoiceId: 'INV-2026-000200', openAmountMinor: 99_05, currency: 'EUR', dueOn: '2026-11-05', daysLate: 13 },
    ],
    totalMinor: 1_333_61,
    currency: 'EUR',
    charges: [{ kind: 'recovery_indemnity', amountMinor: 40_00 }],
    ...overrides,
  };
}

export const scheduler = (reminderId: string): CommandContext => ({ causationId: `dunning-run:2026-11-18:${reminderId}`, actor: 'system:dunning-scheduler' });

const unused = { deliver: () => Promise.resolve(failure('provider_error', false, 'not in this test')) };
export const onlyChannels = (channels: Partial<ReminderChannels>): ReminderChannels => ({
  email: unused,
  sms: unused,
  voicemail: unused,
  letter: unused,
  registered_letter: unused,
  ...channels,
});

export async function headPosition(store: EventStore): Promise<bigint> {
  const [head] = await store.readAll({ direction: 'backwards', fromPosition: 'end', maxCount: 1 });
  return head?.position ?? 0n;
}

export async function streamTypes(store: EventStore, reminderId: string): Promise<string[]> {
  return (await store.readStream(`reminder-${reminderId}`)).map((event) => event.type);
}

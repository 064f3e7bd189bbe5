import { DomainException } from '@o2c/kernel';
import type { ReminderRequest } from '../reminder-port';
import { reminderRequest } from '../testing/reminder-fixtures';
import { validateReminderRequest } from './validate-request';

const fieldOf = (request: ReminderRequest): string | undefined => {
  try {
    validateReminderRequest(request);
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(DomainException);
    expect((error as DomainException).error).toMatchObject({ kind: 'validation', code: 'reminder.invalid_request' });
    return (error as DomainException).error.field;
  }
};
const item = reminderRequest().items[0];

describe('a reminder request is refused naming its first bad field', () => {
  it('accepts the well-formed request', () => expect(fieldOf(reminderRequest())).toBeUndefined());
  it.each<[string, Partial<ReminderRequest>]>([
    ['reminderId', { reminderId: 'has space' }],
    ['channel', { channel: 'call_task' as never }],
    ['templateId', { templateId: '' }],
    ['policyVersion', { policyVersion: 0 }],
    ['language', { language: 'de' as never }],
    ['recipient.name', { recipient: { name: ' ' } }],
    ['currency', { currency: 'EURO' }],
    ['items', { items: [] }],
    ['items[0].openAmountMinor', { items: [{ ...item, openAmountMinor: 12.5 }], totalMinor: 12.5 }],
    ['items[0].currency', { items: [{ ...item, currency: 'USD' }], totalMinor: item.openAmountMinor }],
    ['items[0].dueOn', { items: [{ ...item, dueOn: '31/10/2026' }], totalMinor: item.openAmountMinor }],
    ['totalMinor', { totalMinor: 1 }],
    ['charges[0].kind', { charges: [{ kind: 'fee' as never, amountMinor: 1 }] }],
    ['charges[0].amountMinor', { charges: [{ kind: 'recovery_indemnity', amountMinor: -40_00 }] }],
  ])('%s', (field, overrides) => {
    expect(fieldOf(reminderRequest(overrides))).toBe(field);
  });
});

import { DomainException, currencyOf, domainError } from '@o2c/kernel';
import { CHARGE_KINDS, REMINDER_CHANNELS, REMINDER_LANGUAGES, type ReminderRequest } from '../reminder-port';

const invalid = (field: string, message: string): DomainException =>
  new DomainException(domainError('validation', 'reminder.invalid_request', `${field}: ${message}`, { field }));

const ID = /^[A-Za-z0-9][A-Za-z0-9._:@-]{0,199}$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function text(value: unknown, field: string): void {
  if (typeof value !== 'string' || value.trim() === '') throw invalid(field, 'must be a non-empty string');
}

/** Refuses a malformed request before anything is recorded, naming the first bad field. */
export function validateReminderRequest(request: ReminderRequest): void {
  if (!request || typeof request !== 'object') throw invalid('request', 'must be an object');
  if (typeof request.reminderId !== 'string' || !ID.test(request.reminderId)) throw invalid('reminderId', 'must be 1-200 letters, digits or ._:@- (it names a stream)');
  text(request.accountId, 'accountId');
  if (!(REMINDER_CHANNELS as readonly string[]).includes(request.channel)) throw invalid('channel', `must be one of ${REMINDER_CHANNELS.join(', ')}`);
  text(request.templateId, 'templateId');
  text(request.stepId, 'stepId');
  text(request.policyId, 'policyId');
  if (!Number.isSafeInteger(request.policyVersion) || request.policyVersion < 1) throw invalid('policyVersion', 'must be a whole number >= 1');
  if (request.language !== undefined && !(REMINDER_LANGUAGES as readonly string[]).includes(request.language)) throw invalid('language', 'must be fr or en');
  if (!request.recipient || typeof request.recipient !== 'object') throw invalid('recipient', 'is required');
  text(request.recipient.name, 'recipient.name');
  if (request.recipient.postalAddress !== undefined && (!Array.isArray(request.recipient.postalAddress) || request.recipient.postalAddress.some((line) => typeof line !== 'string'))) {
    throw invalid('recipient.postalAddress', 'must be a list of lines');
  }
  if (typeof request.currency !== 'string' || !currencyOf(request.currency)) throw invalid('currency', 'must be an ISO 4217 currency code');
  if (!Array.isArray(request.items) || request.items.length === 0) throw invalid('items', 'a notice lists at least one overdue item');
  let sum = 0;
  request.items.forEach((item, i) => {
    text(item?.invoiceId, `items[${i}].invoiceId`);
    if (!Number.isSafeInteger(item.openAmountMinor) || item.openAmountMinor <= 0) throw invalid(`items[${i}].openAmountMinor`, 'must be a positive whole number of minor units');
    if (item.currency !== request.currency) throw invalid(`items[${i}].currency`, `must be the notice's currency ${request.currency}`);
    if (typeof item.dueOn !== 'string' || !ISO_DATE.test(item.dueOn) || Number.isNaN(Date.parse(item.dueOn))) throw invalid(`items[${i}].dueOn`, 'must be an ISO date YYYY-MM-DD');
    if (!Number.isSafeInteger(item.daysLate)) throw invalid(`items[${i}].daysLate`, 'must be a whole number of days');
    sum += item.openAmountMinor;
  });
  if (!Number.isSafeInteger(request.totalMinor) || request.totalMinor !== sum) throw invalid('totalMinor', `must be the sum of the items' open amounts (${sum})`);
  (request.charges ?? []).forEach((charge, i) => {
    if (!(CHARGE_KINDS as readonly string[]).includes(charge?.kind)) throw invalid(`charges[${i}].kind`, `must be one of ${CHARGE_KINDS.join(', ')}`);
    if (!Number.isSafeInteger(charge.amountMinor) || charge.amountMinor < 0) throw invalid(`charges[${i}].amountMinor`, 'must be a whole number of minor units >= 0');
  });
}

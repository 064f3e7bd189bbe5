import { DomainException, domainError } from '@o2c/kernel';

const DAY_MS = 86_400_000;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Days since 1970-01-01 of an ISO date (UTC): calendar arithmetic in integers, no time zones. */
export function dayNumber(isoDate: string, field = 'date'): number {
  const ms = ISO_DATE.test(isoDate) ? Date.parse(`${isoDate}T00:00:00Z`) : Number.NaN;
  // Date.parse rolls 2026-02-30 over to March: a real calendar day reads back as itself.
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== isoDate) throw new DomainException(domainError('validation', 'invoicing.bad_date', `${field} must be an ISO date (YYYY-MM-DD), got "${isoDate}"`, { field }));
  return Math.round(ms / DAY_MS);
}

export const dateOfDay = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);

export const addDays = (isoDate: string, days: number): string => dateOfDay(dayNumber(isoDate) + days);

/** `to - from` in whole days (negative when `to` is earlier). */
export const daysBetween = (from: string, to: string): number => dayNumber(to) - dayNumber(from);

/** The UTC calendar day of an ISO instant (or of an ISO date given as it is). */
export function utcDateOf(instant: string, field = 'instant'): string {
  const ms = Date.parse(instant);
  if (Number.isNaN(ms)) throw new DomainException(domainError('validation', 'invoicing.bad_instant', `${field} must be an ISO 8601 instant, got "${instant}"`, { field }));
  return new Date(ms).toISOString().slice(0, 10);
}

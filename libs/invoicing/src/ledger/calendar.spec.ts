import { DomainException } from '@o2c/kernel';
import { addDays, daysBetween, dayNumber, utcDateOf } from './calendar';

describe('calendar arithmetic in whole UTC days', () => {
  it('adds days across months, years and leap days', () => {
    expect(addDays('2026-11-25', 30)).toBe('2026-12-25');
    expect(addDays('2026-12-15', 30)).toBe('2027-01-14');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(daysBetween('2026-12-25', '2026-12-24')).toBe(-1);
  });
  it('refuses dates that do not exist, naming the field', () => {
    expect(() => dayNumber('2026-02-30', 'asOf')).toThrow(DomainException);
    expect(() => dayNumber('2026-2-3', 'asOf')).toThrow(/asOf must be an ISO date/);
  });
  it('takes the UTC day of an instant', () => {
    expect(utcDateOf('2026-11-25T23:30:00-02:00')).toBe('2026-11-26');
  });
});

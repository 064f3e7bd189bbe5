import { easterSunday, frenchHolidays } from './french-holidays';
import { addWorkingMs, atRiskAt, DEFAULT_SLA_POLICY, dueAt, pauseClock, remainingAt, resumeClock, startedClock, usedAt, workingMs, type SlaPolicy } from './sla-clock';

const H = 3_600_000;
const business: SlaPolicy = { ...DEFAULT_SLA_POLICY, mode: 'business' };
const ms = (iso: string) => Date.parse(iso);

describe('French holiday calendar', () => {
  it('computes Easter and the holidays that hang on it', () => {
    expect(easterSunday(2026)).toBe('2026-04-05');
    expect(easterSunday(2027)).toBe('2027-03-28');
    expect([...frenchHolidays(2026)].sort()).toEqual(
      ['2026-01-01', '2026-04-06', '2026-05-01', '2026-05-08', '2026-05-14', '2026-05-25', '2026-07-14', '2026-08-15', '2026-11-01', '2026-11-11', '2026-12-25'].sort(),
    );
  });
});

describe('SLA clock, calendar hours (default)', () => {
  it('is due 72 hours after opening and at risk 12 hours before', () => {
    const clock = startedClock('2026-11-25T09:00:00.000Z');
    expect(dueAt(clock, DEFAULT_SLA_POLICY)).toBe('2026-11-28T09:00:00.000Z');
    expect(atRiskAt(clock, DEFAULT_SLA_POLICY)).toBe('2026-11-27T21:00:00.000Z');
  });

  it('given a pause before the breach boundary, when the customer answers after it, the deadline moves by the pause and no time is lost', () => {
    // Opened Mon 09:00, paused after 70 h (Wed 23:00), the customer answers 10 h later (Thu 09:00), well past the old deadline.
    let clock = startedClock('2026-11-23T09:00:00.000Z');
    clock = pauseClock(clock, '2026-11-26T07:00:00.000Z', DEFAULT_SLA_POLICY);
    expect(clock).toEqual({ usedMs: 70 * H, runningSince: null });
    expect(dueAt(clock, DEFAULT_SLA_POLICY)).toBeNull();
    expect(remainingAt(clock, '2026-11-26T09:00:00.000Z', DEFAULT_SLA_POLICY)).toBe(2 * H);
    clock = resumeClock(clock, '2026-11-26T17:00:00.000Z');
    expect(dueAt(clock, DEFAULT_SLA_POLICY)).toBe('2026-11-26T19:00:00.000Z');
    expect(usedAt(clock, '2026-11-26T20:00:00.000Z', DEFAULT_SLA_POLICY)).toBe(73 * H);
    expect(remainingAt(clock, '2026-11-26T20:00:00.000Z', DEFAULT_SLA_POLICY)).toBe(-1 * H);
  });

  it('a clock paused after the breach stays breached (pausing does not give time back)', () => {
    const clock = pauseClock(startedClock('2026-11-23T09:00:00.000Z'), '2026-11-26T10:00:00.000Z', DEFAULT_SLA_POLICY);
    expect(remainingAt(clock, '2026-12-10T00:00:00.000Z', DEFAULT_SLA_POLICY)).toBe(-1 * H);
  });
});

describe('SLA clock, business hours (09:00-18:00 Europe/Paris, French holidays)', () => {
  it('does not count a weekend', () => {
    // Fri 2026-11-27 17:00 Paris (16:00Z) to Mon 2026-11-30 10:00 Paris (09:00Z): 1 h Friday + 1 h Monday.
    expect(workingMs(ms('2026-11-27T16:00:00Z'), ms('2026-11-30T09:00:00Z'), business)).toBe(2 * H);
  });

  it('does not count a holiday: Armistice day (Wed 2026-11-11)', () => {
    expect(workingMs(ms('2026-11-10T08:00:00Z'), ms('2026-11-12T17:00:00Z'), business)).toBe(18 * H);
  });

  it('72 business hours opened on a Friday afternoon before a holiday weekend skip the weekends and Christmas', () => {
    const opened = '2026-12-18T13:00:00.000Z';
    const due = dueAt(startedClock(opened), business) as string;
    // Fri 18th 14:00 Paris: 4 h; weekend off; 21-24: 36 h; Christmas (Fri 25th) and the weekend off; 28-30: 27 h (67 in all); the 31st 09:00 + 5 h = 14:00 Paris.
    expect(due).toBe('2026-12-31T13:00:00.000Z');
    expect(workingMs(ms(opened), ms(due), business)).toBe(72 * H);
  });

  it('opening outside business hours starts counting at the next opening', () => {
    expect(new Date(addWorkingMs(ms('2026-11-28T10:00:00Z'), H, business)).toISOString()).toBe('2026-11-30T09:00:00.000Z');
  });

  it('follows summer time: 09:00 Paris is 07:00Z in July', () => {
    expect(workingMs(ms('2026-07-15T00:00:00Z'), ms('2026-07-16T00:00:00Z'), business)).toBe(9 * H);
    expect(new Date(addWorkingMs(ms('2026-07-15T00:00:00Z'), 1, business)).toISOString()).toBe('2026-07-15T07:00:00.001Z');
  });
});

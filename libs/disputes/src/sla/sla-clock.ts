import { isFrenchHoliday } from './french-holidays';

/**
 * The 72-hour resolution clock as data and pure functions. Policy data is
 * copied into each dispute's opening event, so every figure can be recomputed
 * from the events even after the configuration changes.
 */
export interface SlaPolicy {
  /** `calendar`: every hour counts; `business`: only business hours on working days (French public holidays off). */
  readonly mode: 'calendar' | 'business';
  readonly targetHours: number;
  /** "At risk" when this many hours or fewer are left. */
  readonly atRiskHours: number;
  /** Business hours, local to `timeZone` ([startHour, endHour)). Used in `business` mode only. */
  readonly businessDay: { readonly startHour: number; readonly endHour: number; readonly timeZone: string };
}

export const DEFAULT_SLA_POLICY: SlaPolicy = {
  mode: 'calendar',
  targetHours: 72,
  atRiskHours: 12,
  businessDay: { startHour: 9, endHour: 18, timeZone: 'Europe/Paris' },
};

/** How much SLA time a dispute has used, and since when it is running (null: paused or closed). */
export interface SlaClock {
  readonly usedMs: number;
  readonly runningSince: string | null;
}

const HOUR = 3_600_000;
const DAY = 86_400_000;
/** A dispute is never open ten years: bounds every walk over the calendar. */
const MAX_DAYS = 3_660;

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Wall-clock time in `timeZone` minus UTC, at an instant. */
function offsetMs(instant: number, timeZone: string): number {
  const parts = Object.fromEntries(formatter(timeZone).formatToParts(new Date(instant)).map((p) => [p.type, p.value]));
  const wall = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
  return wall - Math.floor(instant / 1000) * 1000;
}

/** The local calendar date (YYYY-MM-DD) of an instant in `timeZone`. */
export function localDate(instant: number, timeZone: string): string {
  return new Date(instant + offsetMs(instant, timeZone)).toISOString().slice(0, 10);
}

/** The instant of a local wall-clock hour on a date in `timeZone`. */
function localInstant(date: string, hour: number, timeZone: string): number {
  const wall = Date.parse(`${date}T00:00:00Z`) + hour * HOUR;
  const first = wall - offsetMs(wall, timeZone);
  return wall - offsetMs(first, timeZone);
}

const nextDate = (date: string): string => new Date(Date.parse(`${date}T00:00:00Z`) + DAY).toISOString().slice(0, 10);

/** A working day: Monday to Friday and not a French public holiday. */
export function isWorkingDay(date: string): boolean {
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6 && !isFrenchHoliday(date);
}

/** The business-hours windows from the local day of `from` onwards. */
function* businessWindows(from: number, policy: SlaPolicy): Generator<[number, number]> {
  const { startHour, endHour, timeZone } = policy.businessDay;
  let date = localDate(from, timeZone);
  for (let i = 0; i < MAX_DAYS; i++, date = nextDate(date)) {
    if (isWorkingDay(date)) yield [localInstant(date, startHour, timeZone), localInstant(date, endHour, timeZone)];
  }
}

/** SLA time between two instants under the policy. */
export function workingMs(from: number, to: number, policy: SlaPolicy): number {
  if (to <= from) return 0;
  if (policy.mode === 'calendar') return to - from;
  let total = 0;
  for (const [start, end] of businessWindows(from, policy)) {
    if (start >= to) break;
    total += Math.max(0, Math.min(end, to) - Math.max(start, from));
  }
  return total;
}

/** The instant at which `ms` of SLA time will have run from `from`. */
export function addWorkingMs(from: number, ms: number, policy: SlaPolicy): number {
  if (ms <= 0 || policy.mode === 'calendar') return from + Math.max(0, ms);
  let left = ms;
  for (const [start, end] of businessWindows(from, policy)) {
    const begin = Math.max(start, from);
    if (begin >= end) continue;
    if (left <= end - begin) return begin + left;
    left -= end - begin;
  }
  throw new Error(`SLA deadline beyond ${MAX_DAYS} days`);
}

export const targetMs = (policy: SlaPolicy): number => policy.targetHours * HOUR;
export const atRiskBudgetMs = (policy: SlaPolicy): number => Math.max(0, (policy.targetHours - policy.atRiskHours) * HOUR);

export const startedClock = (at: string): SlaClock => ({ usedMs: 0, runningSince: at });

/** SLA time used at an instant (the running segment counted up to it). */
export function usedAt(clock: SlaClock, at: string, policy: SlaPolicy): number {
  return clock.usedMs + (clock.runningSince === null ? 0 : workingMs(Date.parse(clock.runningSince), Date.parse(at), policy));
}

/** Stops the clock: what it used so far is kept. Pausing a paused clock changes nothing. */
export function pauseClock(clock: SlaClock, at: string, policy: SlaPolicy): SlaClock {
  if (clock.runningSince === null) return clock;
  return { usedMs: usedAt(clock, at, policy), runningSince: null };
}

/** Restarts the clock from the time it had used (never from zero). */
export function resumeClock(clock: SlaClock, at: string): SlaClock {
  if (clock.runningSince !== null) return clock;
  return { usedMs: clock.usedMs, runningSince: at };
}

/** When `budgetMs` of SLA time will be used, if the clock keeps running; null when paused. */
export function instantWhenUsed(clock: SlaClock, budgetMs: number, policy: SlaPolicy): string | null {
  if (clock.runningSince === null) return null;
  return new Date(addWorkingMs(Date.parse(clock.runningSince), budgetMs - clock.usedMs, policy)).toISOString();
}

export const dueAt = (clock: SlaClock, policy: SlaPolicy): string | null => instantWhenUsed(clock, targetMs(policy), policy);
export const atRiskAt = (clock: SlaClock, policy: SlaPolicy): string | null => instantWhenUsed(clock, atRiskBudgetMs(policy), policy);

/** SLA time left at an instant (negative once breached). */
export const remainingAt = (clock: SlaClock, at: string, policy: SlaPolicy): number => targetMs(policy) - usedAt(clock, at, policy);

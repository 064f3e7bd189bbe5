/** Easter Sunday of a year (Gregorian, anonymous algorithm, "Meeus/Jones/Butcher"), as YYYY-MM-DD. */
export function easterSunday(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return isoDate(Date.UTC(year, month - 1, day));
}

const isoDate = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
const plusDays = (date: string, days: number): string => isoDate(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000);

/** Fixed public holidays of metropolitan France (MM-DD). */
export const FRENCH_FIXED_HOLIDAYS = ['01-01', '05-01', '05-08', '07-14', '08-15', '11-01', '11-11', '12-25'] as const;

/** Public holidays of metropolitan France in a year: the fixed ones plus Easter Monday, Ascension and Whit Monday (computed from Easter). */
export function frenchHolidays(year: number): ReadonlySet<string> {
  const easter = easterSunday(year);
  return new Set([...FRENCH_FIXED_HOLIDAYS.map((md) => `${year}-${md}`), plusDays(easter, 1), plusDays(easter, 39), plusDays(easter, 50)]);
}

const cache = new Map<number, ReadonlySet<string>>();

export function isFrenchHoliday(date: string): boolean {
  const year = Number(date.slice(0, 4));
  let holidays = cache.get(year);
  if (!holidays) {
    holidays = frenchHolidays(year);
    cache.set(year, holidays);
  }
  return holidays.has(date);
}

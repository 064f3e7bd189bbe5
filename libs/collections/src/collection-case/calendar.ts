const DAY_MS = 86_400_000;

/** Whole days from `from` to `to` (ISO dates, UTC). */
export const daysBetween = (from: string, to: string): number => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);

export const addDays = (date: string, days: number): string => new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

export const maxDate = (a: string, b: string): string => (a > b ? a : b);

export const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

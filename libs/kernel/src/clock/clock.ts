/** Where "now" comes from. Domain code never calls `new Date()`; it is handed a clock. */
export interface Clock {
  now(): Date;
}

export const CLOCK = Symbol('Clock');

export class SystemClock implements Clock {
  now(): Date {
    return new Date();
  }
}

/**
 * A clock that only moves when told to: tests, simulations and the demo mode
 * (`O2C_CLOCK=manual:2026-01-15T09:00:00Z`) use it to walk the calendar.
 */
export class ManualClock implements Clock {
  private current: number;

  constructor(start: Date | string) {
    this.current = new Date(start).getTime();
    if (Number.isNaN(this.current)) throw new Error(`ManualClock: invalid start instant "${String(start)}"`);
  }

  now(): Date {
    return new Date(this.current);
  }

  set(instant: Date | string): void {
    const next = new Date(instant).getTime();
    if (Number.isNaN(next)) throw new Error(`ManualClock: invalid instant "${String(instant)}"`);
    this.current = next;
  }

  advance(ms: number): void {
    this.current += ms;
  }

  advanceDays(days: number): void {
    this.advance(days * 86_400_000);
  }
}

/** Reads `O2C_CLOCK`: unset or `system` -> the system clock; `manual:<ISO instant>` -> a manual clock. */
export function clockFromEnv(value: string | undefined = process.env.O2C_CLOCK): Clock {
  if (value === undefined || value === '' || value === 'system') return new SystemClock();
  if (value.startsWith('manual:')) return new ManualClock(value.slice('manual:'.length));
  throw new Error(`O2C_CLOCK must be "system" or "manual:<ISO instant>", got "${value}"`);
}

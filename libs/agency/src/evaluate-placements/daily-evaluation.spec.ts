import { ManualClock } from '@o2c/kernel';
import type { AgencyService } from '../agency.service';
import { DailyEvaluation } from './daily-evaluation';

describe('daily evaluation (when the clock changes day)', () => {
  it('evaluates nothing on the day it started, the new day once when the day changes, and again the next day', async () => {
    const clock = new ManualClock('2026-12-04T23:00:00Z');
    const evaluated: string[] = [];
    const agency = { evaluate: async (date: string) => (evaluated.push(date), { date, evaluated: 0, placed: [] }) } as unknown as AgencyService;
    const daily = new DailyEvaluation(agency, clock);
    process.env.O2C_AGENCY_EVALUATION_CHECK_MS = '3600000';
    try {
      daily.onApplicationBootstrap();
      await daily.tick();
      expect(evaluated).toEqual([]);
      clock.advance(2 * 3_600_000);
      await daily.tick();
      await daily.tick();
      expect(evaluated).toEqual(['2026-12-05']);
      clock.advanceDays(1);
      await daily.tick();
      expect(evaluated).toEqual(['2026-12-05', '2026-12-06']);
    } finally {
      delete process.env.O2C_AGENCY_EVALUATION_CHECK_MS;
      await daily.onApplicationShutdown();
    }
  });

  it('a failed evaluation is tried again at the next check', async () => {
    const clock = new ManualClock('2026-12-04T12:00:00Z');
    let calls = 0;
    const agency = {
      evaluate: async (date: string) => {
        if (++calls === 1) throw new Error('database down');
        return { date, evaluated: 0, placed: [] };
      },
    } as unknown as AgencyService;
    const daily = new DailyEvaluation(agency, clock);
    process.env.O2C_AGENCY_EVALUATION_CHECK_MS = '3600000';
    try {
      daily.onApplicationBootstrap();
      clock.advanceDays(1);
      await daily.tick();
      await daily.tick();
      await daily.tick();
      expect(calls).toBe(2);
    } finally {
      delete process.env.O2C_AGENCY_EVALUATION_CHECK_MS;
      await daily.onApplicationShutdown();
    }
  });
});

import { ManualClock } from '@o2c/kernel';
import type { CaseStreams } from '../case-store/case.streams';
import { DEFAULT_COLLECTIONS_OPTIONS } from '../collections.options';
import type { PolicyRegistry } from '../policy/policy.registry';
import { DailyRunService } from './daily-run.service';

describe('the automatic daily run', () => {
  afterEach(() => jest.useRealTimers());

  it('runs the new day once when the clock moves to it, and not before', async () => {
    jest.useFakeTimers();
    const clock = new ManualClock('2026-03-01T23:00:00Z');
    const cases = { today: () => clock.now().toISOString().slice(0, 10) } as unknown as CaseStreams;
    const service = new DailyRunService(cases, {} as PolicyRegistry, {} as never, { schedule: async () => undefined }, { ...DEFAULT_COLLECTIONS_OPTIONS, autoRunCheckMs: 1000 });
    const run = jest.spyOn(service, 'run').mockResolvedValue({ date: '', accounts: 0, decided: 0, alreadyDone: 0, remindersScheduled: 0 });
    service.onApplicationBootstrap();
    await jest.advanceTimersByTimeAsync(3000);
    expect(run).not.toHaveBeenCalled();
    clock.advance(2 * 3_600_000);
    await jest.advanceTimersByTimeAsync(3000);
    expect(run.mock.calls).toEqual([['2026-03-02']]);
    service.onApplicationShutdown();
  });
});

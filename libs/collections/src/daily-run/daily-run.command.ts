import { Command } from '@nestjs/cqrs';
import type { DailyRunReport } from './daily-run.service';

/** Run the dunning policies for a day (default: today by the clock). */
export class RunDunningDayCommand extends Command<DailyRunReport> {
  constructor(readonly date: string | undefined) {
    super();
  }
}

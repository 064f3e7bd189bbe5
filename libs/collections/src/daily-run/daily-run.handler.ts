import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CaseStreams } from '../case-store/case.streams';
import { RunDunningDayCommand } from './daily-run.command';
import { DailyRunService, type DailyRunReport } from './daily-run.service';

@CommandHandler(RunDunningDayCommand)
export class RunDunningDayHandler implements ICommandHandler<RunDunningDayCommand> {
  constructor(
    private readonly runs: DailyRunService,
    private readonly cases: CaseStreams,
  ) {}

  execute({ date }: RunDunningDayCommand): Promise<DailyRunReport> {
    return this.runs.run(date ?? this.cases.today());
  }
}

import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AgencyService } from '../agency.service';
import type { RecoveryView } from './report-recovery.dto';
import { ReportRecoveryCommand } from './report-recovery.command';

@CommandHandler(ReportRecoveryCommand)
export class ReportRecoveryHandler implements ICommandHandler<ReportRecoveryCommand> {
  constructor(private readonly agency: AgencyService) {}

  execute(command: ReportRecoveryCommand): Promise<RecoveryView> {
    return this.agency.reportRecovery(command.claimId, command.recovery, command.actor);
  }
}

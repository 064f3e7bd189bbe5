import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AgencyService } from '../agency.service';
import type { ClaimStatusView } from './report-claim-status.dto';
import { ReportClaimStatusCommand } from './report-claim-status.command';

@CommandHandler(ReportClaimStatusCommand)
export class ReportClaimStatusHandler implements ICommandHandler<ReportClaimStatusCommand> {
  constructor(private readonly agency: AgencyService) {}

  async execute(command: ReportClaimStatusCommand): Promise<ClaimStatusView> {
    const events = await this.agency.reportStatus(command.claimId, command.status, command.note, command.actor);
    return { claimId: command.claimId, recorded: events.map((e) => e.type) };
  }
}

import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AgencyService } from '../agency.service';
import type { RecallView } from './recall-claim.dto';
import { RecallClaimCommand } from './recall-claim.command';

@CommandHandler(RecallClaimCommand)
export class RecallClaimHandler implements ICommandHandler<RecallClaimCommand> {
  constructor(private readonly agency: AgencyService) {}

  execute(command: RecallClaimCommand): Promise<RecallView> {
    return this.agency.recall(command.claimId, 'manual', command.actor);
  }
}

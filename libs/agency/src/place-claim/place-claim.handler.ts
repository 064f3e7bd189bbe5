import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AgencyService } from '../agency.service';
import type { ClaimPlacedView } from './place-claim.dto';
import { PlaceClaimCommand } from './place-claim.command';

@CommandHandler(PlaceClaimCommand)
export class PlaceClaimHandler implements ICommandHandler<PlaceClaimCommand> {
  constructor(private readonly agency: AgencyService) {}

  async execute(command: PlaceClaimCommand): Promise<ClaimPlacedView> {
    return { outcome: 'placed', claimId: await this.agency.placeByHand(command.accountId, command.agencyId, command.reason, command.actor) };
  }
}

import { Command } from '@nestjs/cqrs';
import type { ClaimPlacedView } from './place-claim.dto';

/** Place an account's overdue invoices with an agency by hand (a collector's decision). */
export class PlaceClaimCommand extends Command<ClaimPlacedView> {
  constructor(
    readonly accountId: string,
    readonly agencyId: string,
    readonly reason: string,
    readonly actor: string,
  ) {
    super();
  }
}

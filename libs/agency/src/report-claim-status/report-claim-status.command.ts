import { Command } from '@nestjs/cqrs';
import type { AgencyStatus } from '../claim/events';
import type { ClaimStatusView } from './report-claim-status.dto';

/** The agency's status update on a claim (recovered and uncollectable close it). */
export class ReportClaimStatusCommand extends Command<ClaimStatusView> {
  constructor(
    readonly claimId: string,
    readonly status: AgencyStatus,
    readonly note: string | undefined,
    readonly actor: string,
  ) {
    super();
  }
}

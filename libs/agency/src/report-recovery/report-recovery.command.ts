import { Command } from '@nestjs/cqrs';
import type { RecoveryView } from './report-recovery.dto';

/** What the agency collected on an invoice of the claim (booked by invoicing as a payment with the commission). */
export class ReportRecoveryCommand extends Command<RecoveryView> {
  constructor(
    readonly claimId: string,
    readonly recovery: { readonly recoveryId: string; readonly invoiceId: string; readonly amountMinor: number; readonly recoveredOn: string },
    readonly actor: string,
  ) {
    super();
  }
}

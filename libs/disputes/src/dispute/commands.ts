import type { DisputeCause, DisputeOrigin } from '@o2c/contracts';
import type { SlaPolicy } from '../sla/sla-clock';
import type { DisputeOutcome, DisputeOwner } from './events';

/** Commands on one dispute; `now` is always handed in (never read inside the decider). */
export type DisputeCommand =
  | {
      type: 'OpenDispute';
      disputeId: string;
      accountId: string;
      invoiceId: string;
      amountMinor: number;
      currency: string;
      /** What the invoice still owes, as disputes learned it from invoicing. */
      invoiceOpenAmountMinor: number;
      cause: DisputeCause;
      owner: DisputeOwner;
      openedBy: string;
      origin: DisputeOrigin;
      description?: string;
      sla: SlaPolicy;
      now: string;
    }
  | { type: 'AwaitCustomer'; now: string }
  | { type: 'RecordCustomerAnswer'; now: string }
  | { type: 'AssignOwner'; owner: DisputeOwner; now: string }
  | { type: 'FlagSlaAtRisk'; now: string }
  | { type: 'FlagSlaBreached'; now: string }
  | {
      type: 'ResolveDispute';
      outcome: DisputeOutcome;
      creditAmountMinor?: number;
      /** corrected_invoice: what the corrected invoice says in total, in `currency` (which must be the invoice's; absent: the invoice's). */
      correctedTotalMinor?: number;
      currency?: string;
      rootCause: string;
      resolvedBy: string;
      now: string;
    }
  | { type: 'ReopenDispute'; reason: string; reopenedBy: string; now: string };

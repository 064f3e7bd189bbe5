import type { DisputeCause, DisputeOrigin } from '@o2c/contracts';
import type { SlaPolicy } from '../sla/sla-clock';

export const DISPUTE_CATEGORY = 'dispute';
export const disputeStream = (disputeId: string): string => `${DISPUTE_CATEGORY}-${disputeId}`;

export type DisputeOutcome = 'credit_note' | 'corrected_invoice' | 'rejected';
export const DISPUTE_OUTCOMES: readonly DisputeOutcome[] = ['credit_note', 'corrected_invoice', 'rejected'];

/** Who works a dispute, and to whom a breach escalates. */
export interface DisputeOwner {
  readonly ownerId: string;
  readonly managerId: string;
  readonly team: string;
}

/** Internal events of one dispute stream (`dispute-<disputeId>`). Instants are ISO strings; `usedMs` is the SLA time used at that instant. */
export type DisputeEvent =
  | {
      type: 'DisputeOpened';
      data: {
        disputeId: string;
        accountId: string;
        invoiceId: string;
        amountMinor: number;
        currency: string;
        cause: DisputeCause;
        owner: DisputeOwner;
        openedBy: string;
        /** Absent on disputes opened before the origin was recorded. */
        origin?: DisputeOrigin;
        openedAt: string;
        description?: string;
        /** The SLA policy in force at opening: the dispute keeps it for life. */
        sla: SlaPolicy;
        dueBy: string;
      };
    }
  | { type: 'DisputeAwaitingCustomer'; data: { disputeId: string; at: string; usedMs: number } }
  | { type: 'DisputeCustomerAnswered'; data: { disputeId: string; at: string; usedMs: number; dueBy: string } }
  | { type: 'DisputeOwnerAssigned'; data: { disputeId: string; owner: DisputeOwner; at: string } }
  | { type: 'DisputeSlaAtRisk'; data: { disputeId: string; accountId: string; ownerId: string; escalatedTo: string; at: string; remainingMinutes: number; dueBy: string } }
  | { type: 'DisputeSlaBreached'; data: { disputeId: string; accountId: string; ownerId: string; escalatedTo: string; at: string; dueBy: string } }
  | {
      type: 'DisputeResolved';
      data: {
        disputeId: string;
        accountId: string;
        invoiceId: string;
        /** 1 for the first resolution, 2 after one reopening, ... */
        resolution: number;
        outcome: DisputeOutcome;
        creditAmountMinor?: number;
        /** corrected_invoice: what the corrected invoice says in total (tax included), in `currency`. */
        correctedTotalMinor?: number;
        currency: string;
        rootCause: string;
        resolvedBy: string;
        resolvedAt: string;
        usedMs: number;
        withinSla: boolean;
      };
    }
  | { type: 'DisputeReopened'; data: { disputeId: string; accountId: string; invoiceId: string; amountMinor: number; currency: string; reason: string; reopenedBy: string; reopenedAt: string; usedMs: number; dueBy: string } };

export type DisputeEventType = DisputeEvent['type'];

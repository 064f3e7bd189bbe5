import type { DisputeCause, DisputeOrigin } from '@o2c/contracts';
import type { SlaClock, SlaPolicy } from '../sla/sla-clock';
import type { DisputeOutcome, DisputeOwner } from './events';

export interface DisputeFacts {
  readonly disputeId: string;
  readonly accountId: string;
  readonly invoiceId: string;
  readonly amountMinor: number;
  readonly currency: string;
  readonly cause: DisputeCause;
  readonly owner: DisputeOwner;
  readonly openedBy: string;
  /** null: opened before the origin was recorded. */
  readonly origin: DisputeOrigin | null;
  readonly openedAt: string;
  readonly sla: SlaPolicy;
  readonly clock: SlaClock;
  readonly atRiskFlagged: boolean;
  readonly breachFlagged: boolean;
  readonly resolutions: number;
}

/** A dispute is running (clock on), waiting on the customer (clock paused) or resolved (clock stopped until a reopening). */
export type DisputeState =
  | { readonly status: 'Empty' }
  | ({ readonly status: 'Open' } & DisputeFacts)
  | ({ readonly status: 'AwaitingCustomer'; readonly since: string } & DisputeFacts)
  | ({ readonly status: 'Resolved'; readonly outcome: DisputeOutcome; readonly rootCause: string; readonly resolvedAt: string; readonly creditAmountMinor?: number; readonly correctedTotalMinor?: number } & DisputeFacts);

export const initialDisputeState = (): DisputeState => ({ status: 'Empty' });

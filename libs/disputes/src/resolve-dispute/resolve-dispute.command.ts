import { Command } from '@nestjs/cqrs';
import type { DisputeOutcome } from '../dispute/events';
import type { DisputeView } from '../presentation/dispute.view';

/** Resolve a dispute: credit note, corrected invoice or rejection, with its root cause. */
export class ResolveDisputeCommand extends Command<DisputeView> {
  constructor(
    readonly disputeId: string,
    readonly resolution: { readonly outcome: DisputeOutcome; readonly creditAmountMinor?: number; readonly correctedTotalMinor?: number; readonly currency?: string; readonly rootCause: string },
    readonly actor: string,
  ) {
    super();
  }
}

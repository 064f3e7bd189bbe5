import { Query } from '@nestjs/cqrs';
import type { DisputeView } from '../presentation/dispute.view';

/** A dispute from its own stream (no projection lag). */
export class GetDisputeQuery extends Query<DisputeView> {
  constructor(readonly disputeId: string) {
    super();
  }
}

import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DisputeDesk } from '../dispute/dispute.desk';
import type { DisputeView } from '../presentation/dispute.view';
import { GetDisputeQuery } from './get-dispute.query';

@QueryHandler(GetDisputeQuery)
export class GetDisputeHandler implements IQueryHandler<GetDisputeQuery> {
  constructor(private readonly desk: DisputeDesk) {}

  execute(query: GetDisputeQuery): Promise<DisputeView> {
    return this.desk.get(query.disputeId);
  }
}

import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DomainException, domainError, valuesOf } from '@o2c/kernel';
import { CaseStreams } from '../case-store/case.streams';
import { GetCaseQuery } from './get-case.query';

@QueryHandler(GetCaseQuery)
export class GetCaseHandler implements IQueryHandler<GetCaseQuery> {
  constructor(private readonly cases: CaseStreams) {}

  async execute({ accountId }: GetCaseQuery): Promise<Record<string, unknown>> {
    const state = await this.cases.load(accountId);
    if (state.status === 'Empty') throw new DomainException(domainError('not_found', 'collections.account_unknown', `no collections case for account ${accountId}`, { field: 'accountId' }));
    return { ...state, invoices: valuesOf(state.invoices), holds: Object.values(state.holds), promises: Object.values(state.promises), plans: Object.values(state.plans), payments: undefined, lastNotices: undefined };
  }
}

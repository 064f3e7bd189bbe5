import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DomainException, domainError } from '@o2c/kernel';
import { AccountStreams } from '../account.streams';
import { presentAccount, type AccountView } from './account.view';
import { GetAccountQuery } from './get-account.query';

/** Reads the account's own stream: the view a credit decision would see, with no projection lag. */
@QueryHandler(GetAccountQuery)
export class GetAccountHandler implements IQueryHandler<GetAccountQuery> {
  constructor(private readonly streams: AccountStreams) {}

  async execute(query: GetAccountQuery): Promise<AccountView> {
    const { state, revision } = await this.streams.load(query.accountId);
    if (state.status !== 'Open') throw new DomainException(domainError('not_found', 'account.not_found', `no account ${query.accountId}`, { field: 'accountId' }));
    return presentAccount(state, revision);
  }
}

import { Query } from '@nestjs/cqrs';

/** The account's collections view: profile, open invoices, holds, promises, plans, assignment. */
export class GetCaseQuery extends Query<Record<string, unknown>> {
  constructor(readonly accountId: string) {
    super();
  }
}

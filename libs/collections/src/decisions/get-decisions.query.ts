import { Query } from '@nestjs/cqrs';

export interface DecisionsView {
  readonly accountId: string;
  readonly decisions: readonly Record<string, unknown>[];
}

/** Decision provenance: every automated action on the account and the inputs that decided it. */
export class GetDecisionsQuery extends Query<DecisionsView> {
  constructor(readonly accountId: string) {
    super();
  }
}

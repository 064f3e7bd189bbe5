import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DomainException, domainError } from '@o2c/kernel';
import { CaseStreams } from '../case-store/case.streams';
import { GetDecisionsQuery, type DecisionsView } from './get-decisions.query';

/** The automated actions, each with what decided it (policy id and version, step, amounts, days late, risk class, holds considered). */
const DECISION_TYPES = new Set([
  'DunningStepTaken',
  'CallTaskOpened',
  'LatePaymentChargeAssessed',
  'DunningLadderExhausted',
  'LadderEscalated',
  'PromiseToPayKept',
  'PromiseToPayBroken',
  'PaymentPlanInstallmentKept',
  'PaymentPlanInstallmentMissed',
  'PaymentPlanEnded',
  'HoldReleased',
  'CollectorAssigned',
]);

@QueryHandler(GetDecisionsQuery)
export class GetDecisionsHandler implements IQueryHandler<GetDecisionsQuery> {
  constructor(private readonly cases: CaseStreams) {}

  async execute({ accountId }: GetDecisionsQuery): Promise<DecisionsView> {
    const history = await this.cases.history(accountId);
    if (!history.length) throw new DomainException(domainError('not_found', 'collections.account_unknown', `no collections case for account ${accountId}`, { field: 'accountId' }));
    return {
      accountId,
      decisions: history
        .filter((e) => DECISION_TYPES.has(e.type) && (e.type !== 'HoldReleased' || String(e.metadata.actor).startsWith('system:')))
        .map((e) => ({ type: e.type, at: e.metadata.occurredAt, actor: e.metadata.actor, revision: e.revision.toString(), ...(e.data as object) })),
    };
  }
}

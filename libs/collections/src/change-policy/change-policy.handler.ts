import { CommandHandler, QueryHandler, type ICommandHandler, type IQueryHandler } from '@nestjs/cqrs';
import { CaseStreams } from '../case-store/case.streams';
import type { DunningPolicyVersion } from '../policy/dunning-policy';
import { PolicyRegistry } from '../policy/policy.registry';
import { ChangePolicyCommand, GetPolicyVersionsQuery } from './change-policy.command';

@CommandHandler(ChangePolicyCommand)
export class ChangePolicyHandler implements ICommandHandler<ChangePolicyCommand> {
  constructor(
    private readonly policies: PolicyRegistry,
    private readonly cases: CaseStreams,
  ) {}

  execute(c: ChangePolicyCommand): Promise<DunningPolicyVersion> {
    return this.policies.publish(c.policyId, c.policy, c.effectiveFrom ?? this.cases.today(), c.reason, c.context);
  }
}

@QueryHandler(GetPolicyVersionsQuery)
export class GetPolicyVersionsHandler implements IQueryHandler<GetPolicyVersionsQuery> {
  constructor(private readonly policies: PolicyRegistry) {}

  async execute({ policyId }: GetPolicyVersionsQuery): Promise<{ policyId: string; versions: DunningPolicyVersion[] }> {
    return { policyId, versions: await this.policies.versions(policyId) };
  }
}

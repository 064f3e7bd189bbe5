import { Command, Query } from '@nestjs/cqrs';
import type { CommandContext } from '@o2c/kernel';
import type { DunningPolicyVersion } from '../policy/dunning-policy';

export class ChangePolicyCommand extends Command<DunningPolicyVersion> {
  constructor(
    readonly policyId: string,
    readonly policy: unknown,
    readonly effectiveFrom: string | undefined,
    readonly reason: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}

export class GetPolicyVersionsQuery extends Query<{ policyId: string; versions: DunningPolicyVersion[] }> {
  constructor(readonly policyId: string) {
    super();
  }
}

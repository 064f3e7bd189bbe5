import type { Decider } from '@o2c/kernel';
import type { DunningPolicy, DunningPolicyVersion } from './dunning-policy';

export const POLICY_CATEGORY = 'dunningPolicy';
export const policyStream = (policyId: string): string => `${POLICY_CATEGORY}-${policyId}`;

export type PolicyEvent = {
  type: 'DunningPolicyVersionPublished';
  data: DunningPolicyVersion & { publishedBy: string; reason: string };
};

export type PolicyCommand = { type: 'PublishDunningPolicy'; policy: DunningPolicy; effectiveFrom: string; publishedBy: string; reason: string };

export type PolicyState = { status: 'Empty' } | { status: 'Published'; versions: readonly DunningPolicyVersion[] };

const rulesOf = (p: DunningPolicy): string => JSON.stringify([p.name, p.segment, p.kind, p.steps, p.handoff, p.collectorTime]);
const sameRules = (a: DunningPolicy, b: DunningPolicy): boolean => rulesOf(a) === rulesOf(b);

/** Every version is kept; publishing the same rules again with the same start adds nothing. */
export const policyDecider: Decider<PolicyCommand, PolicyEvent, PolicyState> = {
  initialState: () => ({ status: 'Empty' }),
  decide(command, state) {
    switch (command.type) {
      case 'PublishDunningPolicy': {
        const versions = state.status === 'Published' ? state.versions : [];
        const last = versions[versions.length - 1];
        if (last && last.effectiveFrom === command.effectiveFrom && sameRules(last, command.policy)) return [];
        return [
          {
            type: 'DunningPolicyVersionPublished',
            data: { ...command.policy, version: (last?.version ?? 0) + 1, effectiveFrom: command.effectiveFrom, publishedBy: command.publishedBy, reason: command.reason },
          },
        ];
      }
      default: {
        const _never: never = command.type;
        return _never;
      }
    }
  },
  evolve(state, event) {
    switch (event.type) {
      case 'DunningPolicyVersionPublished': {
        const { publishedBy: _by, reason: _reason, ...version } = event.data;
        return { status: 'Published', versions: [...(state.status === 'Published' ? state.versions : []), version] };
      }
      default:
        return state;
    }
  },
};

/** The version in force on a date: the latest published whose start is on or before it. */
export function versionOn(versions: readonly DunningPolicyVersion[], date: string): DunningPolicyVersion | undefined {
  let found: DunningPolicyVersion | undefined;
  for (const v of versions) if (v.effectiveFrom <= date && (!found || v.version > found.version)) found = v;
  return found;
}

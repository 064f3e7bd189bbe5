import { DEFAULT_SLA_POLICY, type SlaPolicy } from './sla/sla-clock';

/** Who may own a dispute, and whom a breach escalates to: configuration, not code. */
export interface OwnerEntry {
  readonly managerId: string;
  readonly team: string;
}

export interface DisputesPolicy {
  readonly sla: SlaPolicy;
  readonly owners: Readonly<Record<string, OwnerEntry>>;
  /** Owner of a dispute opened without one (e.g. by the customer through the API). */
  readonly defaultOwnerId: string;
  /** How often the SLA timer looks again at most (it also wakes at the next deadline): bounds the delay after a jump of the demo clock. */
  readonly timerPollMs: number;
}

export const DEFAULT_DISPUTES_POLICY: DisputesPolicy = {
  sla: DEFAULT_SLA_POLICY,
  owners: {
    'disputes-desk': { managerId: 'disputes-lead', team: 'customer-service' },
    'billing-desk': { managerId: 'billing-lead', team: 'billing' },
    'logistics-desk': { managerId: 'logistics-lead', team: 'logistics' },
  },
  defaultOwnerId: 'disputes-desk',
  timerPollMs: 1_000,
};

export const DISPUTES_POLICY = Symbol('DisputesPolicy');

/** `O2C_DISPUTES_POLICY`: JSON with only what changes, e.g. `{"sla":{"mode":"business"},"owners":{"ann":{"managerId":"max","team":"b2b"}}}`. */
export function disputesPolicyFromEnv(value: string | undefined = process.env.O2C_DISPUTES_POLICY): DisputesPolicy {
  if (!value) return DEFAULT_DISPUTES_POLICY;
  const given = JSON.parse(value) as Partial<DisputesPolicy> & { sla?: Partial<SlaPolicy> };
  const known = new Set(['sla', 'owners', 'defaultOwnerId', 'timerPollMs']);
  for (const key of Object.keys(given)) if (!known.has(key)) throw new Error(`O2C_DISPUTES_POLICY: unknown key "${key}"`);
  const policy: DisputesPolicy = {
    ...DEFAULT_DISPUTES_POLICY,
    ...given,
    sla: { ...DEFAULT_SLA_POLICY, ...given.sla, businessDay: { ...DEFAULT_SLA_POLICY.businessDay, ...given.sla?.businessDay } },
    owners: { ...DEFAULT_DISPUTES_POLICY.owners, ...given.owners },
  };
  if (policy.sla.mode !== 'calendar' && policy.sla.mode !== 'business') throw new Error('O2C_DISPUTES_POLICY: sla.mode must be calendar or business');
  if (!policy.owners[policy.defaultOwnerId]) throw new Error(`O2C_DISPUTES_POLICY: defaultOwnerId "${policy.defaultOwnerId}" is not among the owners`);
  return policy;
}

import type { AccountKind, Segment } from '@o2c/contracts';
import { readFileSync } from 'node:fs';

/** Where an agency receives claim files: a drop folder (the file-drop adapter) or an HTTP endpoint (the HTTP adapter). */
export type AgencyEndpoint = { readonly kind: 'file_drop'; readonly dir?: string } | { readonly kind: 'http'; readonly url: string };

export interface AgencyConfig {
  readonly agencyId: string;
  readonly name: string;
  readonly endpoint: AgencyEndpoint;
  /** The agency's commission on what it recovers, in basis points (1500 = 15%). */
  readonly commissionRateBp: number;
}

/**
 * When an account goes to an agency. Both triggers need the amount at stake
 * (overdue, undisputed) to be at least `minimumOpenMinor`, and no open
 * dispute, no active payment plan, no legal hold, no active claim.
 */
export type PlacementTrigger =
  /** The ladder is exhausted and the formal notice was sent at least N days ago. */
  | { readonly kind: 'ladder_exhausted'; readonly daysAfterFormalNotice: number }
  /** At least N days since the oldest unpaid due date (the insurer's 35 days). */
  | { readonly kind: 'days_since_first_unpaid_due'; readonly days: number };

export interface PlacementRule {
  readonly ruleId: string;
  /** The segments it applies to; absent: every segment. */
  readonly segments?: readonly Segment[];
  readonly trigger: PlacementTrigger;
  readonly minimumOpenMinor: number;
}

/** Which agency takes a claim: the first routing rule that matches the account's region, kind and the claim's amount. */
export interface AgencyRoutingRule {
  readonly agencyId: string;
  readonly regions?: readonly string[];
  readonly kinds?: readonly AccountKind[];
  readonly minTotalMinor?: number;
  readonly maxTotalMinor?: number;
}

export interface AgencyPolicy {
  readonly agencies: readonly AgencyConfig[];
  readonly placementRules: readonly PlacementRule[];
  /** Tried in order; the last one should match everything. */
  readonly routing: readonly AgencyRoutingRule[];
}

export const AGENCY_POLICY = Symbol('AgencyPolicy');

/** DOMAIN.md "Agency handoff": the agencies named by the field reports, the ladder rule and the insurer's 35 days. */
export const DEFAULT_AGENCY_POLICY: AgencyPolicy = {
  agencies: [
    { agencyId: 'contentia', name: 'Contentia', endpoint: { kind: 'file_drop' }, commissionRateBp: 1500 },
    { agencyId: 'intrum', name: 'Intrum Justitia', endpoint: { kind: 'file_drop' }, commissionRateBp: 1800 },
    { agencyId: 'euler-hermes', name: 'Euler Hermes', endpoint: { kind: 'file_drop' }, commissionRateBp: 1200 },
    { agencyId: 'atradius', name: 'Atradius', endpoint: { kind: 'file_drop' }, commissionRateBp: 1200 },
    { agencyId: 'gcollect', name: 'GCollect', endpoint: { kind: 'file_drop' }, commissionRateBp: 2000 },
  ],
  placementRules: [
    // Strategic customers never go automatically: a collector decides (POST /agency/claims).
    {
      ruleId: 'ladder-exhausted-15d',
      segments: ['new', 'standard', 'small_amounts', 'repeat_late_payer', 'sure_not_to_pay'],
      trigger: { kind: 'ladder_exhausted', daysAfterFormalNotice: 15 },
      minimumOpenMinor: 100_00,
    },
    {
      ruleId: 'insurer-35d',
      segments: ['new', 'standard', 'small_amounts', 'repeat_late_payer', 'sure_not_to_pay'],
      trigger: { kind: 'days_since_first_unpaid_due', days: 35 },
      minimumOpenMinor: 100_00,
    },
  ],
  routing: [
    // Agencies with a local footprint recover better (DOMAIN.md): regional ones first.
    { agencyId: 'contentia', regions: ['IDF'], maxTotalMinor: 50_000_00 },
    { agencyId: 'euler-hermes', kinds: ['b2b'], minTotalMinor: 50_000_00 },
    { agencyId: 'gcollect', kinds: ['b2c'] },
    { agencyId: 'intrum' },
  ],
};

/**
 * The policy in force: `O2C_AGENCY_POLICY` (a JSON file path, or JSON) replaces
 * the default's parts it names; `O2C_AGENCY_ENDPOINTS` (JSON `{agencyId: url}`)
 * points agencies at HTTP endpoints without rewriting the rest.
 */
export function agencyPolicyFromEnv(env: NodeJS.ProcessEnv = process.env): AgencyPolicy {
  let policy: AgencyPolicy = DEFAULT_AGENCY_POLICY;
  const raw = env.O2C_AGENCY_POLICY?.trim();
  if (raw) {
    const parsed = JSON.parse(raw.startsWith('{') ? raw : readFileSync(raw, 'utf8')) as Partial<AgencyPolicy>;
    policy = { ...policy, ...parsed };
  }
  const endpoints = env.O2C_AGENCY_ENDPOINTS?.trim();
  if (endpoints) {
    const urls = JSON.parse(endpoints) as Record<string, string>;
    policy = { ...policy, agencies: policy.agencies.map((a) => (urls[a.agencyId] ? { ...a, endpoint: { kind: 'http', url: urls[a.agencyId] } } : a)) };
  }
  return policy;
}

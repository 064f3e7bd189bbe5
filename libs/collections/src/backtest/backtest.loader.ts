import type { EventStore, RecordedEvent } from '@o2c/event-store';
import { DomainException, domainError } from '@o2c/kernel';
import { CASE_CATEGORY } from '../collection-case/case.events';
import { ISO_DATE } from '../collection-case/calendar';
import type { RunRules } from '../collection-case/case-rules';
import { DEFAULT_POLICIES } from '../policy/default-policies';
import type { DunningPolicy, DunningPolicyVersion } from '../policy/dunning-policy';
import { policyStream, versionOn, type PolicyEvent } from '../policy/policy.decider';
import { validatePolicy } from '../policy/policy.validation';
import { backtestCases, type BacktestReport, type PoliciesOn, type RecordedCase } from './backtest';

/** The shipped defaults apply from the beginning of time (policy.registry.ts publishes them so on first start). */
const DEFAULTS_FROM = '2000-01-01';

const invalid = (field: string, message: string): DomainException => new DomainException(domainError('validation', 'backtest.invalid_request', `${field}: ${message}`, { field }));

/**
 * The candidate policies of a backtest from a policy file's JSON: one policy,
 * an array of them, or `{ "policies": [...] }`; each validated as a policy
 * PUT would be (the error names the field, prefixed by its place in the file).
 */
export function parseCandidatePolicies(input: unknown): DunningPolicy[] {
  const list = Array.isArray(input) ? input : input && typeof input === 'object' && Array.isArray((input as { policies?: unknown }).policies) ? (input as { policies: unknown[] }).policies : [input];
  if (list.length === 0) throw invalid('policies', 'the file holds no policy');
  return list.map((raw, i) => {
    const policyId = raw && typeof raw === 'object' ? (raw as { policyId?: unknown }).policyId : undefined;
    if (typeof policyId !== 'string' || !DEFAULT_POLICIES.some((p) => p.policyId === policyId)) {
      throw invalid(`policies[${i}].policyId`, `must be one of the policy ids <segment>.<kind> (${DEFAULT_POLICIES.map((p) => p.policyId).slice(0, 3).join(', ')}, ...)`);
    }
    try {
      return validatePolicy(raw, policyId);
    } catch (error) {
      if (error instanceof DomainException) {
        throw new DomainException({ ...error.error, field: `policies[${i}].${error.error.field ?? 'policy'}`, message: `policies[${i}] (${policyId}): ${error.error.message}` });
      }
      throw error;
    }
  });
}

/** Every version of every policy as recorded (read only: the defaults stand in for a policy never published). */
export async function recordedPolicies(store: EventStore): Promise<PoliciesOn> {
  const versions = new Map<string, DunningPolicyVersion[]>();
  for (const policy of DEFAULT_POLICIES) {
    const recorded = await store.readStream(policyStream(policy.policyId)).catch(() => [] as RecordedEvent[]);
    const list = recorded.map((e) => {
      const data = (e as unknown as PolicyEvent).data;
      return { ...validatePolicy(data, policy.policyId), version: data.version, effectiveFrom: data.effectiveFrom };
    });
    versions.set(policy.policyId, list.length ? list : [{ ...policy, version: 1, effectiveFrom: DEFAULTS_FROM }]);
  }
  const cache = new Map<string, Record<string, DunningPolicyVersion>>();
  return (date) => {
    if (!cache.has(date)) {
      const inForce: Record<string, DunningPolicyVersion> = {};
      for (const [id, list] of versions) {
        const version = versionOn(list, date);
        if (version) inForce[id] = version;
      }
      cache.set(date, inForce);
    }
    return cache.get(date)!;
  };
}

/** Every collection case as recorded, read from `$all` page by page (read only). */
export async function recordedCases(store: EventStore, options: { pageSize?: number; onProgress?: (events: number) => void } = {}): Promise<RecordedCase[]> {
  const byAccount = new Map<string, RecordedEvent[]>();
  const prefix = `${CASE_CATEGORY}-`;
  let from: bigint | 'start' = 'start';
  let read = 0;
  for (;;) {
    const page = await store.readAll({ fromPosition: from, maxCount: options.pageSize ?? 5_000, filter: { streamNamePrefixes: [prefix] } });
    if (page.length === 0) break;
    for (const event of page) {
      const accountId = event.streamName.slice(prefix.length);
      const list = byAccount.get(accountId) ?? [];
      list.push(event);
      byAccount.set(accountId, list);
    }
    read += page.length;
    options.onProgress?.(read);
    from = page[page.length - 1].position + 1n;
  }
  return [...byAccount.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([accountId, events]) => ({ accountId, events }));
}

export interface BacktestRequest {
  readonly from: string;
  readonly to: string;
  /** The policy file's JSON. */
  readonly policy: unknown;
  readonly rules: RunRules;
  readonly onProgress?: (stage: 'reading' | 'replaying', done: number, total: number) => void;
}

const MAX_DAYS = 3_700;

/**
 * `o2c backtest`: the recorded history under candidate policies. Reads the
 * store and never writes to it; sends nothing.
 */
export async function runBacktest(store: EventStore, request: BacktestRequest): Promise<BacktestReport> {
  if (!ISO_DATE.test(request.from) || Number.isNaN(Date.parse(request.from))) throw invalid('from', 'must be a date YYYY-MM-DD');
  if (!ISO_DATE.test(request.to) || Number.isNaN(Date.parse(request.to))) throw invalid('to', 'must be a date YYYY-MM-DD');
  if (request.to < request.from) throw invalid('to', `must be on or after from (${request.from})`);
  if ((Date.parse(request.to) - Date.parse(request.from)) / 86_400_000 > MAX_DAYS) throw invalid('to', `a window of at most ${MAX_DAYS} days`);
  const candidate = parseCandidatePolicies(request.policy);
  const policies = await recordedPolicies(store);
  const cases = await recordedCases(store, { onProgress: (events) => request.onProgress?.('reading', events, events) });
  return backtestCases(cases, policies, { from: request.from, to: request.to, candidate, rules: request.rules, onProgress: (done, total) => request.onProgress?.('replaying', done, total) });
}

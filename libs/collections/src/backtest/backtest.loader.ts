import type { EventStore, RecordedEvent } from '@o2c/event-store';
import { DomainException, domainError } from '@o2c/kernel';
import { CASE_CATEGORY } from '../collection-case/case.events';
import { ISO_DATE } from '../collection-case/calendar';
import type { RunRules } from '../collection-case/case-rules';
import { DEFAULT_POLICIES } from '../policy/default-policies';
import type { DunningPolicy, DunningPolicyVersion } from '../policy/dunning-policy';
import { policyStream, versionOn, type PolicyEvent } from '../policy/policy.decider';
import { validatePolicy } from '../policy/policy.validation';
import { Backtest, RunBoundaryScan, type BacktestReport, type PoliciesOn, type RecordedCase } from './backtest';

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

/**
 * First pass over the case events of `$all`, page by page: where each run of the window sat in the recorded order,
 * and the accounts that have a case. Keeps one entry per day and one id per account, never the events.
 */
export async function scanCases(store: EventStore, from: string, to: string, options: { pageSize?: number; onProgress?: (events: number) => void } = {}): Promise<{ boundaries: Map<string, bigint>; accountIds: string[]; upTo: bigint | 'start' }> {
  const scan = new RunBoundaryScan(from, to);
  const accounts = new Set<string>();
  const prefix = `${CASE_CATEGORY}-`;
  let position: bigint | 'start' = 'start';
  let read = 0;
  for (;;) {
    const page = await store.readAll({ fromPosition: position, maxCount: options.pageSize ?? 5_000, filter: { streamNamePrefixes: [prefix] } });
    if (page.length === 0) break;
    for (const event of page) {
      accounts.add(event.streamName.slice(prefix.length));
      scan.add(event);
    }
    read += page.length;
    options.onProgress?.(read);
    position = page[page.length - 1].position + 1n;
  }
  return { boundaries: scan.boundaries(), accountIds: [...accounts].sort((a, b) => a.localeCompare(b)), upTo: position === 'start' ? 'start' : position - 1n };
}

/**
 * The recorded cases of these accounts up to a position (what the first pass saw), each stream read alone,
 * `concurrency` at a time, yielded in the order given.
 */
export async function* recordedCases(store: EventStore, accountIds: readonly string[], upTo: bigint, concurrency = 16): AsyncGenerator<RecordedCase> {
  const read = (accountId: string): Promise<RecordedCase> => {
    const reading = store.readStream(`${CASE_CATEGORY}-${accountId}`).then((events) => ({ accountId, events: events.filter((e) => e.position <= upTo) }));
    reading.catch(() => undefined); // awaited in turn below; a failure surfaces there
    return reading;
  };
  const ahead: Promise<RecordedCase>[] = [];
  let next = 0;
  while (next < accountIds.length && ahead.length < concurrency) ahead.push(read(accountIds[next++]));
  while (ahead.length > 0) {
    const recorded = await ahead.shift()!;
    if (next < accountIds.length) ahead.push(read(accountIds[next++]));
    yield recorded;
  }
}

export interface BacktestRequest {
  readonly from: string;
  readonly to: string;
  /** The policy file's JSON. */
  readonly policy: unknown;
  readonly rules: RunRules;
  readonly onProgress?: (stage: 'reading' | 'replaying', done: number, total: number) => void;
  /** Accounts with differences listed in the report (default: all). */
  readonly maxDifferences?: number;
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
  // Two passes, so memory does not grow with the portfolio: the run order over every case, then one case at a time.
  const { boundaries, accountIds, upTo } = await scanCases(store, request.from, request.to, { onProgress: (events) => request.onProgress?.('reading', events, events) });
  const backtest = new Backtest(boundaries, policies, { from: request.from, to: request.to, candidate, rules: request.rules, maxDifferences: request.maxDifferences });
  let done = 0;
  for await (const recorded of recordedCases(store, accountIds, upTo === 'start' ? -1n : upTo)) {
    backtest.add(recorded);
    request.onProgress?.('replaying', ++done, accountIds.length);
  }
  return backtest.report();
}

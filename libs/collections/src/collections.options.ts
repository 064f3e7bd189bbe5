import { DEFAULT_ASSIGNMENT_RULES, DEFAULT_SCORING, type RunRules } from './collection-case/case-rules';
import { DEFAULT_LATE_PAYMENT_RULES } from './rules/french-b2b';

export const COLLECTIONS_OPTIONS = Symbol('CollectionsOptions');

export interface CollectionsOptions {
  readonly rules: RunRules;
  /** Missed installments that break a payment plan. */
  readonly planMaxMissed: number;
  /** How often the scheduler looks at the clock for a new day (0: never; runs only by POST /collections/runs). */
  readonly autoRunCheckMs: number;
}

export const DEFAULT_COLLECTIONS_OPTIONS: CollectionsOptions = {
  rules: { latePayment: DEFAULT_LATE_PAYMENT_RULES, scoring: DEFAULT_SCORING, assignment: DEFAULT_ASSIGNMENT_RULES },
  planMaxMissed: 2,
  autoRunCheckMs: 60_000,
};

/**
 * `O2C_COLLECTIONS_CONFIG`: a JSON object merged over the defaults, e.g.
 * `{"legalInterestRateBp": 771, "planMaxMissed": 3, "autoRunCheckMs": 0}`;
 * `scoring` and `assignment` replace the defaults whole. An unknown key stops the start.
 */
export function collectionsOptionsFromEnv(value: string | undefined = process.env.O2C_COLLECTIONS_CONFIG): CollectionsOptions {
  if (!value) return DEFAULT_COLLECTIONS_OPTIONS;
  const raw = JSON.parse(value) as Record<string, unknown>;
  const known = ['legalInterestRateBp', 'termsPenaltyRateBp', 'planMaxMissed', 'autoRunCheckMs', 'scoring', 'assignment'];
  for (const key of Object.keys(raw)) if (!known.includes(key)) throw new Error(`O2C_COLLECTIONS_CONFIG: unknown key "${key}" (known: ${known.join(', ')})`);
  const d = DEFAULT_COLLECTIONS_OPTIONS;
  return {
    rules: {
      latePayment: {
        ...d.rules.latePayment,
        ...(raw.legalInterestRateBp !== undefined ? { legalInterestRateBp: Number(raw.legalInterestRateBp) } : {}),
        ...(raw.termsPenaltyRateBp !== undefined ? { termsPenaltyRateBp: Number(raw.termsPenaltyRateBp) } : {}),
      },
      scoring: (raw.scoring as RunRules['scoring'] | undefined) ?? d.rules.scoring,
      assignment: (raw.assignment as RunRules['assignment'] | undefined) ?? d.rules.assignment,
    },
    planMaxMissed: raw.planMaxMissed !== undefined ? Number(raw.planMaxMissed) : d.planMaxMissed,
    autoRunCheckMs: raw.autoRunCheckMs !== undefined ? Number(raw.autoRunCheckMs) : d.autoRunCheckMs,
  };
}

import { DEFAULT_ASSIGNMENT_RULES, DEFAULT_SCORING, type RunRules } from './collection-case/case-rules';
import { DEFAULT_LATE_PAYMENT_RULES } from './rules/french-b2b';

export const COLLECTIONS_OPTIONS = Symbol('CollectionsOptions');

export interface CollectionsOptions {
  readonly rules: RunRules;
  /** Missed installments that break a payment plan. */
  readonly planMaxMissed: number;
  /** How often the scheduler looks at the clock for a new day (0: never; runs only by POST /collections/runs). */
  readonly autoRunCheckMs: number;
  /**
   * Cases the daily run decides at a time. Their appends share the store's group commits and the projections' pages,
   * so more at a time costs less per case: at 20,000 accounts (bench:worklist) the first run took 27.3 s at 32,
   * 16.8 s at 128, 14.2 s at 512 and 16.5 s at 2,048.
   */
  readonly runConcurrency: number;
}

export const DEFAULT_COLLECTIONS_OPTIONS: CollectionsOptions = {
  rules: { latePayment: DEFAULT_LATE_PAYMENT_RULES, scoring: DEFAULT_SCORING, assignment: DEFAULT_ASSIGNMENT_RULES },
  planMaxMissed: 2,
  autoRunCheckMs: 60_000,
  runConcurrency: 512,
};

/**
 * `O2C_COLLECTIONS_CONFIG`: a JSON object merged over the defaults, e.g.
 * `{"legalInterestRateBp": 771, "planMaxMissed": 3, "autoRunCheckMs": 0, "runConcurrency": 256}`;
 * `scoring` and `assignment` replace the defaults whole. An unknown key stops the start.
 */
export function collectionsOptionsFromEnv(value: string | undefined = process.env.O2C_COLLECTIONS_CONFIG): CollectionsOptions {
  if (!value) return DEFAULT_COLLECTIONS_OPTIONS;
  const raw = JSON.parse(value) as Record<string, unknown>;
  const known = ['legalInterestRateBp', 'termsPenaltyRateBp', 'planMaxMissed', 'autoRunCheckMs', 'runConcurrency', 'scoring', 'assignment'];
  for (const key of Object.keys(raw)) if (!known.includes(key)) throw new Error(`O2C_COLLECTIONS_CONFIG: unknown key "${key}" (known: ${known.join(', ')})`);
  const d = DEFAULT_COLLECTIONS_OPTIONS;
  const runConcurrency = raw.runConcurrency === undefined ? d.runConcurrency : raw.runConcurrency;
  if (typeof runConcurrency !== 'number' || !Number.isInteger(runConcurrency) || runConcurrency < 1 || runConcurrency > 10_000) {
    throw new Error(`O2C_COLLECTIONS_CONFIG: runConcurrency must be an integer from 1 to 10000, not ${JSON.stringify(raw.runConcurrency)}`);
  }
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
    runConcurrency,
  };
}

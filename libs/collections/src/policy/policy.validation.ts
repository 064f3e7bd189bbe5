import { ACCOUNT_KINDS, DUNNING_CHANNELS, RISK_CLASSES, SEGMENTS } from '@o2c/contracts';
import { DomainException, domainError } from '@o2c/kernel';
import type { DunningPolicy, DunningStep } from './dunning-policy';

const ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,79}$/;

const bad = (field: string, message: string): never => {
  throw new DomainException(domainError('validation', 'policy.invalid', `${field}: ${message}`, { field }));
};
const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v);
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Checks a policy read from anywhere (a PUT body, the store on load) and
 * returns it typed, or throws a validation error naming the first bad field
 * (`steps[2].offsetDays`). Rules of the ladder: steps in increasing order of
 * their offset, ids unique; no call task when the policy gives no collector
 * time; a B2B handoff only after a registered letter (the formal notice must
 * precede the agency).
 */
export function validatePolicy(input: unknown, policyId: string): DunningPolicy {
  if (!isObject(input)) return bad('policy', 'must be an object');
  if (!ID.test(policyId)) bad('policyId', 'letters, digits, _ . - (1-80)');
  if (typeof input.name !== 'string' || input.name.trim() === '') bad('name', 'required');
  if (!SEGMENTS.includes(input.segment as never)) bad('segment', `one of ${SEGMENTS.join(', ')}`);
  if (!ACCOUNT_KINDS.includes(input.kind as never)) bad('kind', `one of ${ACCOUNT_KINDS.join(', ')}`);
  if (typeof input.collectorTime !== 'boolean') bad('collectorTime', 'must be true or false');
  if (!Array.isArray(input.steps)) return bad('steps', 'must be an array');
  const steps: DunningStep[] = [];
  const ids = new Set<string>();
  input.steps.forEach((raw: unknown, i: number) => {
    const at = `steps[${i}]`;
    if (!isObject(raw)) return bad(at, 'must be an object');
    if (typeof raw.stepId !== 'string' || !ID.test(raw.stepId)) bad(`${at}.stepId`, 'letters, digits, _ . - (1-80)');
    if (ids.has(raw.stepId as string)) bad(`${at}.stepId`, `"${String(raw.stepId)}" is used twice`);
    ids.add(raw.stepId as string);
    if (!isInt(raw.offsetDays) || raw.offsetDays < -365 || raw.offsetDays > 3650) bad(`${at}.offsetDays`, 'a whole number of days between -365 and 3650');
    if (raw.anchor !== undefined && raw.anchor !== 'dueDate' && raw.anchor !== 'issueDate') bad(`${at}.anchor`, 'dueDate or issueDate');
    if (!DUNNING_CHANNELS.includes(raw.channel as never)) bad(`${at}.channel`, `one of ${DUNNING_CHANNELS.join(', ')}`);
    if (raw.channel === 'call_task' && input.collectorTime === false) bad(`${at}.channel`, 'a call task needs collector time (collectorTime is false)');
    if (typeof raw.templateId !== 'string' || raw.templateId.trim() === '') bad(`${at}.templateId`, 'required');
    if (raw.assessPenalty !== undefined && typeof raw.assessPenalty !== 'boolean') bad(`${at}.assessPenalty`, 'must be true or false');
    if (raw.conditions !== undefined) {
      if (!isObject(raw.conditions)) bad(`${at}.conditions`, 'must be an object');
      const c = raw.conditions as Record<string, unknown>;
      if (c.minAmountMinor !== undefined && (!isInt(c.minAmountMinor) || c.minAmountMinor < 0)) bad(`${at}.conditions.minAmountMinor`, 'a non-negative whole number of minor units');
      if (c.riskClasses !== undefined) {
        if (!Array.isArray(c.riskClasses) || c.riskClasses.length === 0) bad(`${at}.conditions.riskClasses`, 'a non-empty array');
        (c.riskClasses as unknown[]).forEach((r, j) => {
          if (!RISK_CLASSES.includes(r as never)) bad(`${at}.conditions.riskClasses[${j}]`, `one of ${RISK_CLASSES.join(', ')}`);
        });
      }
    }
    steps.push(raw as unknown as DunningStep);
  });
  const dueOffsets = steps.filter((s) => (s.anchor ?? 'dueDate') === 'dueDate').map((s) => s.offsetDays);
  dueOffsets.forEach((offset, i) => {
    if (i > 0 && offset <= dueOffsets[i - 1]) bad(`steps[${steps.findIndex((s) => s.offsetDays === offset && (s.anchor ?? 'dueDate') === 'dueDate')}].offsetDays`, 'due-date steps must come in strictly increasing order of offset');
  });
  let handoff: DunningPolicy['handoff'] = null;
  if (input.handoff !== null && input.handoff !== undefined) {
    if (!isObject(input.handoff)) return bad('handoff', 'an object or null');
    const after = input.handoff.afterDays;
    if (!isInt(after) || after < 1) bad('handoff.afterDays', 'a positive whole number of days');
    const last = dueOffsets.length ? dueOffsets[dueOffsets.length - 1] : 0;
    if ((after as number) <= last) bad('handoff.afterDays', `must come after the last step (day ${last})`);
    if (input.kind !== 'b2c' && !steps.some((s) => s.channel === 'registered_letter')) {
      bad('handoff', 'a formal notice (a registered_letter step) must precede the agency');
    }
    handoff = { afterDays: after as number };
  } else if (input.handoff === undefined) {
    bad('handoff', 'required ({"afterDays": n} or null)');
  }
  return {
    policyId,
    name: input.name as string,
    segment: input.segment as DunningPolicy['segment'],
    kind: input.kind as DunningPolicy['kind'],
    steps,
    handoff,
    collectorTime: input.collectorTime as boolean,
  };
}

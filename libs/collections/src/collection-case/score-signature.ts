import type { CaseEvent } from './case.events';

type Scored = Extract<CaseEvent, { type: 'PriorityScored' }>['data'];

/**
 * What a score says apart from the passing days: the days-late part grows by
 * itself from the oldest due date (the worklist adds it for the date asked),
 * and a call task's "today" moves with the date. A new score is recorded only
 * when this changes, so a worklist row costs nothing on the days nothing
 * happens to it.
 */
export const scoreSignature = (d: Pick<Scored, 'onWorklist' | 'parts' | 'nextAction' | 'oldestDueOn'>): string =>
  JSON.stringify([d.onWorklist, d.parts.filter((p) => p.part !== 'days_late'), d.oldestDueOn ?? null, d.nextAction?.channel === 'phone' ? [d.nextAction.channel, d.nextAction.why] : d.nextAction]);

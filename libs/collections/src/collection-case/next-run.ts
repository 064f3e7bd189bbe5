import { someIn } from '@o2c/kernel';
import { addDays } from './calendar';
import type { CaseCommand } from './case.commands';
import type { CaseState } from './case.state';
import { decide, runDecisionDays } from './decide';

type RunCommand = Extract<CaseCommand, { type: 'RunDailyDunning' }>;

/** How far ahead a case is simulated; a case with nothing due within it is looked at again then. */
export const NEXT_RUN_HORIZON_DAYS = 31;

/**
 * The next date after `command.on` on which the daily run would decide
 * anything for this case, if nothing else happens to it (no payment, hold,
 * promise or policy change: those put the case back on the next run at once).
 * Found by running the pure `decide` on the following days, so it can never
 * disagree with the run itself (only on the days where one of its comparisons
 * with the date can turn: the days between decide alike); undefined when nothing in the case can ever
 * move with time alone (no open invoice, hold expiry, promise, plan, task or
 * worklist row).
 */
export function nextRunOn(state: CaseState, command: RunCommand, horizonDays = NEXT_RUN_HORIZON_DAYS): string | undefined {
  if (state.status !== 'Active') return undefined;
  const timeMoves =
    state.onWorklist ||
    state.openTasks.length > 0 ||
    someIn(state.invoices, (i) => i.openMinor > 0 && !i.handedOff) ||
    Object.values(state.holds).some((h) => h.expiresOn !== undefined) ||
    Object.values(state.promises).some((p) => p.status === 'open') ||
    Object.values(state.plans).some((p) => p.status === 'accepted');
  if (!timeMoves) return undefined;
  for (const days of runDecisionDays(state, command)) {
    if (days > horizonDays) break;
    const on = addDays(command.on, days);
    if (decide({ ...command, on }, state).length > 0) return on;
  }
  return addDays(command.on, horizonDays);
}

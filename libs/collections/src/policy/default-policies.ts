import { ACCOUNT_KINDS, SEGMENTS, type AccountKind, type Segment } from '@o2c/contracts';
import type { DunningPolicy, DunningStep } from './dunning-policy';

/** The reminder at the due date goes on the customer's likely channel: e-mail for companies, SMS for individuals. */
const dueReminder = (kind: AccountKind): DunningStep => ({
  stepId: 'due-reminder',
  offsetDays: 0,
  channel: kind === 'b2c' ? 'sms' : 'email',
  templateId: `due-reminder.${kind}`,
});
const preventive: DunningStep = { stepId: 'preventive-call', offsetDays: 2, anchor: 'issueDate', channel: 'call_task', templateId: 'preventive-call' };
const firstCall: DunningStep = { stepId: 'call-1', offsetDays: 1, channel: 'call_task', templateId: 'first-call' };
const firstLetter: DunningStep = { stepId: 'letter-1', offsetDays: 17, channel: 'letter', templateId: 'first-letter' };
const secondLetter: DunningStep = { stepId: 'letter-2', offsetDays: 42, channel: 'letter', templateId: 'second-letter' };
const formalNotice: DunningStep = { stepId: 'formal-notice', offsetDays: 56, channel: 'registered_letter', templateId: 'formal-notice', assessPenalty: true };

/**
 * The ladder the field describes (DOMAIN.md, Collections): calls from the
 * first day late (the worklist puts the largest first), a first letter at
 * ~2.5 weeks, a second at 6 weeks, the formal notice at 8 weeks, then the
 * agency two weeks later; a reminder at the due date; a preventive call two
 * days after the invoice for new and strategic accounts.
 */
export function defaultPolicy(segment: Segment, kind: AccountKind): DunningPolicy {
  const base = { policyId: `${segment}.${kind}`, segment, kind };
  switch (segment) {
    case 'small_amounts':
      return { ...base, name: 'Small amounts: automation only, no collector time', collectorTime: false, steps: [dueReminder(kind), firstLetter, secondLetter, formalNotice], handoff: { afterDays: 70 } };
    case 'strategic':
      return {
        ...base,
        name: 'Strategic: a careful, human workflow',
        collectorTime: true,
        steps: [
          preventive,
          dueReminder(kind),
          firstCall,
          { stepId: 'call-2', offsetDays: 10, channel: 'call_task', templateId: 'account-manager-call' },
          { stepId: 'letter-1', offsetDays: 30, channel: 'letter', templateId: 'courtesy-letter' },
          { stepId: 'call-3', offsetDays: 45, channel: 'call_task', templateId: 'escalation-call' },
          { ...formalNotice, offsetDays: 60 },
        ],
        handoff: { afterDays: 90 },
      };
    case 'sure_not_to_pay':
      return {
        ...base,
        name: 'Sure not to pay: not called, straight to the last step',
        collectorTime: false,
        steps: [{ ...formalNotice, offsetDays: 1 }],
        handoff: { afterDays: 15 },
      };
    case 'new':
      return { ...base, name: 'New account: preventive call, then the standard ladder', collectorTime: true, steps: [preventive, dueReminder(kind), firstCall, firstLetter, secondLetter, formalNotice], handoff: { afterDays: 70 } };
    case 'standard':
    case 'repeat_late_payer':
      return { ...base, name: 'Standard ladder', collectorTime: true, steps: [dueReminder(kind), firstCall, firstLetter, secondLetter, formalNotice], handoff: { afterDays: 70 } };
    default: {
      const _never: never = segment;
      throw new Error(`no default policy for ${String(_never)}`);
    }
  }
}

export const DEFAULT_POLICIES: readonly DunningPolicy[] = SEGMENTS.flatMap((segment) => ACCOUNT_KINDS.map((kind) => defaultPolicy(segment, kind)));

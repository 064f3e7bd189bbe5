import { valuesOf } from '@o2c/kernel';
import type { AgencyPolicy, AgencyRoutingRule, PlacementRule } from '../agency.config';
import { activeClaimOf, openDisputes, type InvoiceOnFile, type OpenDebtorFile } from '../debtor-file/state';

/** Whole days from `from` to `to` (ISO dates, YYYY-MM-DD). */
export const daysBetween = (from: string, to: string): number => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

export type PlacementVerdict =
  | { readonly place: true; readonly ruleId: string; readonly agencyId: string; readonly invoices: readonly InvoiceOnFile[]; readonly totalMinor: number; readonly currency: string }
  | { readonly place: false; readonly why: string };

/** Open invoices past their due date on `today`: what a claim carries. */
export const overdueInvoices = (file: OpenDebtorFile, today: string): InvoiceOnFile[] =>
  valuesOf(file.invoices).filter((i) => i.openAmountMinor > 0 && i.dueOn < today).sort((a, b) => a.dueOn.localeCompare(b.dueOn) || a.invoiceId.localeCompare(b.invoiceId));

/** What stops any placement, whatever the rule: unknown account, open dispute, active plan, legal hold, a claim already out. */
export function blockerOf(file: OpenDebtorFile): string | undefined {
  if (!file.account) return 'account_unknown';
  if (activeClaimOf(file)) return 'claim_active';
  if (openDisputes(file).length) return 'dispute_open';
  if (file.activePlans.size) return 'payment_plan_active';
  if (file.legalHolds.size) return 'legal_hold';
  return undefined;
}

function triggered(rule: PlacementRule, file: OpenDebtorFile, overdue: readonly InvoiceOnFile[], today: string): boolean {
  switch (rule.trigger.kind) {
    case 'ladder_exhausted':
      return file.ladderExhaustedOn !== undefined && file.formalNoticeSentOn !== undefined && daysBetween(file.formalNoticeSentOn, today) >= rule.trigger.daysAfterFormalNotice;
    case 'days_since_first_unpaid_due':
      return overdue.length > 0 && daysBetween(overdue[0].dueOn, today) >= rule.trigger.days;
    default: {
      const unknown: never = rule.trigger;
      return unknown;
    }
  }
}

const routes = (route: AgencyRoutingRule, file: OpenDebtorFile, totalMinor: number): boolean =>
  (!route.regions || (file.account?.region !== undefined && route.regions.includes(file.account.region))) &&
  (!route.kinds || (file.account !== undefined && route.kinds.includes(file.account.kind))) &&
  (route.minTotalMinor === undefined || totalMinor >= route.minTotalMinor) &&
  (route.maxTotalMinor === undefined || totalMinor < route.maxTotalMinor);

/** The agency for a claim: the first routing rule that matches. */
export function agencyFor(policy: AgencyPolicy, file: OpenDebtorFile, totalMinor: number): string | undefined {
  return policy.routing.find((route) => routes(route, file, totalMinor))?.agencyId;
}

/**
 * The daily placement rule, pure: the first placement rule of the account's
 * segment whose trigger holds and whose minimum the overdue amount reaches
 * (at the minimum: placed), when nothing blocks.
 */
export function evaluatePlacement(file: OpenDebtorFile, policy: AgencyPolicy, today: string): PlacementVerdict {
  const blocker = blockerOf(file);
  if (blocker) return { place: false, why: blocker };
  const overdue = overdueInvoices(file, today);
  const totalMinor = overdue.reduce((sum, i) => sum + i.openAmountMinor, 0);
  if (!overdue.length) return { place: false, why: 'nothing_overdue' };
  const segment = file.account!.segment;
  const rules = policy.placementRules.filter((r) => !r.segments || r.segments.includes(segment));
  const rule = rules.find((r) => triggered(r, file, overdue, today) && totalMinor >= r.minimumOpenMinor);
  if (!rule) return { place: false, why: rules.some((r) => triggered(r, file, overdue, today)) ? 'below_minimum' : 'not_due_for_placement' };
  const agencyId = agencyFor(policy, file, totalMinor);
  if (!agencyId) return { place: false, why: 'no_agency_routes' };
  return { place: true, ruleId: rule.ruleId, agencyId, invoices: overdue, totalMinor, currency: file.account!.currency };
}

import type { Hold } from './case.events';
import type { CaseInvoice } from './case.state';

/** The holds that concern an invoice: account-wide ones, and those naming it. */
export const holdsOn = (holds: Readonly<Record<string, Hold>>, invoiceId: string): Hold[] =>
  Object.values(holds).filter((h) => h.scope === 'account' || (h.invoiceIds ?? []).includes(invoiceId));

/** What may still be dunned on an invoice: its open amount less the amounts held (a dispute holds the disputed amount only). */
export function dunnableMinor(invoice: CaseInvoice, holds: readonly Hold[]): number {
  if (holds.some((h) => h.scope !== 'amount')) return 0;
  const held = holds.reduce((sum, h) => sum + (h.amountMinor ?? 0), 0);
  return Math.max(0, invoice.openMinor - held);
}

/** Holds stack: an invoice is held while any account or invoice hold covers it, or amount holds cover all it owes. */
export const isHeld = (invoice: CaseInvoice, holds: Readonly<Record<string, Hold>>): boolean => invoice.openMinor > 0 && dunnableMinor(invoice, holdsOn(holds, invoice.invoiceId)) === 0;

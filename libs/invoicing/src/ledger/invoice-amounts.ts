import { DomainException, domainError } from '@o2c/kernel';
import type { DeliveredLine } from './commands';
import type { InvoiceLine } from './events';

function safe(value: bigint, field: string): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new DomainException(domainError('validation', 'invoicing.amount_too_large', `${field} exceeds the largest exact amount (${Number.MAX_SAFE_INTEGER} minor units)`, { field }));
  }
  return Number(value);
}

/**
 * A line's amounts, in integer minor units: net = quantity x unit price; tax
 * = net x rate / 10000, rounded half up to the minor unit, per line (the
 * invoice's tax is the sum of its lines' taxes). BigInt in between, so no
 * product is ever rounded by a float.
 */
export function lineAmounts(line: DeliveredLine, index: number): InvoiceLine {
  wholeNumber(line.quantity, 1, `lines[${index}].quantity`);
  wholeNumber(line.unitPriceMinor, 0, `lines[${index}].unitPriceMinor`);
  wholeNumber(line.taxRateBp, 0, `lines[${index}].taxRateBp`);
  const net = BigInt(line.quantity) * BigInt(line.unitPriceMinor);
  const tax = (net * BigInt(line.taxRateBp) + 5_000n) / 10_000n;
  return {
    description: line.description,
    quantity: line.quantity,
    unitPriceMinor: line.unitPriceMinor,
    taxRateBp: line.taxRateBp,
    netMinor: safe(net, `lines[${index}].unitPriceMinor`),
    taxMinor: safe(tax, `lines[${index}].taxRateBp`),
  };
}

function wholeNumber(value: number, min: number, field: string): void {
  if (!Number.isSafeInteger(value) || value < min) {
    throw new DomainException(domainError('validation', 'invoicing.bad_line', `${field} must be a whole number >= ${min}, got ${value}`, { field }));
  }
}

export function invoiceAmounts(lines: readonly DeliveredLine[]): { lines: InvoiceLine[]; netMinor: number; taxMinor: number; totalMinor: number } {
  if (lines.length === 0) throw new DomainException(domainError('validation', 'invoicing.no_lines', 'an invoice needs at least one delivered line', { field: 'lines' }));
  const computed = lines.map(lineAmounts);
  const net = computed.reduce((sum, l) => sum + BigInt(l.netMinor), 0n);
  const tax = computed.reduce((sum, l) => sum + BigInt(l.taxMinor), 0n);
  return { lines: computed, netMinor: safe(net, 'lines'), taxMinor: safe(tax, 'lines'), totalMinor: safe(net + tax, 'lines') };
}

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

export function invoiceAmounts(lines: readonly DeliveredLine[]): { lines: InvoiceLine[]; netMinor: number; taxMinor: number; totalMinor: number } {
  const computed = lines.map(lineAmounts);
  const net = computed.reduce((sum, l) => sum + BigInt(l.netMinor), 0n);
  const tax = computed.reduce((sum, l) => sum + BigInt(l.taxMinor), 0n);
  return { lines: computed, netMinor: safe(net, 'lines'), taxMinor: safe(tax, 'lines'), totalMinor: safe(net + tax, 'lines') };
}

import { add as dAdd, allocate as dAllocate, compare as dCompare, dinero, subtract as dSubtract, toSnapshot, type DineroCurrency, type Dinero } from 'dinero.js';
import * as currencies from 'dinero.js/currencies';
import { DomainException, domainError } from '../errors/domain-error';

/** An exact amount: integer minor units (cents for EUR) with an ISO 4217 currency. Plain JSON in events. */
export interface Money {
  readonly amountMinor: number;
  readonly currency: string;
}

const CURRENCIES = currencies as unknown as Record<string, DineroCurrency<number>>;

export function currencyOf(code: string): DineroCurrency<number> | undefined {
  return /^[A-Z]{3}$/.test(code) ? CURRENCIES[code] : undefined;
}

/** Builds a Money, refusing floats, unsafe integers and unknown currencies with a clear error. */
export function money(amountMinor: number, currency: string, field = 'amount'): Money {
  if (!Number.isSafeInteger(amountMinor)) {
    throw new DomainException(
      domainError('validation', 'money.not_integer_minor_units', `${field} must be an integer number of minor units, got ${amountMinor}`, { field }),
    );
  }
  if (!currencyOf(currency)) {
    throw new DomainException(domainError('validation', 'money.unknown_currency', `${field}: unknown ISO 4217 currency "${currency}"`, { field }));
  }
  return { amountMinor, currency };
}

export const zero = (currency: string): Money => money(0, currency);

function toDinero(m: Money): Dinero<number> {
  const currency = currencyOf(m.currency);
  if (!currency) throw new DomainException(domainError('validation', 'money.unknown_currency', `unknown ISO 4217 currency "${m.currency}"`));
  return dinero({ amount: m.amountMinor, currency });
}

function fromDinero(d: Dinero<number>): Money {
  const snapshot = toSnapshot(d);
  return { amountMinor: snapshot.amount, currency: snapshot.currency.code };
}

function sameCurrency(a: Money, b: Money): void {
  if (a.currency !== b.currency) {
    throw new DomainException(
      domainError('rule_violation', 'money.currency_mismatch', `cannot combine ${a.currency} with ${b.currency}`, { details: { left: a.currency, right: b.currency } }),
    );
  }
}

export function add(a: Money, b: Money): Money {
  sameCurrency(a, b);
  return fromDinero(dAdd(toDinero(a), toDinero(b)));
}

export function subtract(a: Money, b: Money): Money {
  sameCurrency(a, b);
  return fromDinero(dSubtract(toDinero(a), toDinero(b)));
}

/** -1, 0 or 1. */
export function compare(a: Money, b: Money): -1 | 0 | 1 {
  sameCurrency(a, b);
  return dCompare(toDinero(a), toDinero(b)) as -1 | 0 | 1;
}

export const isZero = (m: Money): boolean => m.amountMinor === 0;
export const isNegative = (m: Money): boolean => m.amountMinor < 0;
export const isPositive = (m: Money): boolean => m.amountMinor > 0;
export const minOf = (a: Money, b: Money): Money => (compare(a, b) <= 0 ? a : b);

/** Splits an amount by ratios without losing a cent (installments, partial allocations). */
export function allocate(m: Money, ratios: readonly number[]): Money[] {
  return dAllocate(toDinero(m), [...ratios]).map(fromDinero);
}

/** "1234.56 EUR", for messages and letters; never parsed back. */
export function formatMoney(m: Money): string {
  const currency = currencyOf(m.currency);
  const exponent = currency ? currency.exponent : 2;
  const sign = m.amountMinor < 0 ? '-' : '';
  const digits = Math.abs(m.amountMinor).toString().padStart(exponent + 1, '0');
  const units = exponent === 0 ? digits : `${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`;
  return `${sign}${units} ${m.currency}`;
}

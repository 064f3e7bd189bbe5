import { add, allocate, compare, formatMoney, money, subtract } from './money';
import { DomainException } from '../errors/domain-error';

describe('money', () => {
  it('adds and subtracts exactly in minor units', () => {
    expect(add(money(10, 'EUR'), money(20, 'EUR'))).toEqual({ amountMinor: 30, currency: 'EUR' });
    expect(subtract(money(10, 'EUR'), money(30, 'EUR'))).toEqual({ amountMinor: -20, currency: 'EUR' });
  });

  it('refuses floats, unknown currencies and mixed currencies with a named field', () => {
    expect(() => money(10.5, 'EUR', 'totalAmount')).toThrow(/totalAmount must be an integer/);
    expect(() => money(10, 'XYZ')).toThrow(/unknown ISO 4217 currency "XYZ"/);
    try {
      add(money(1, 'EUR'), money(1, 'USD'));
      throw new Error('expected a currency mismatch');
    } catch (e) {
      expect(e).toBeInstanceOf(DomainException);
      expect((e as DomainException).error.code).toBe('money.currency_mismatch');
    }
  });

  it('allocates without losing a cent', () => {
    const parts = allocate(money(10_000, 'EUR'), [1, 1, 1]);
    expect(parts.map((p) => p.amountMinor)).toEqual([3334, 3333, 3333]);
    expect(parts.reduce((s, p) => s + p.amountMinor, 0)).toBe(10_000);
  });

  it('compares and formats with the currency exponent', () => {
    expect(compare(money(1, 'EUR'), money(2, 'EUR'))).toBe(-1);
    expect(formatMoney(money(123456, 'EUR'))).toBe('1234.56 EUR');
    expect(formatMoney(money(-5, 'EUR'))).toBe('-0.05 EUR');
    expect(formatMoney(money(500, 'JPY'))).toBe('500 JPY');
  });
});

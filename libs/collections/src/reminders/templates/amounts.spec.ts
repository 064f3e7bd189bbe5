import { formatAmount, formatDate } from './amounts';

describe('amounts on notices', () => {
  it.each([
    [123456, 'EUR', 'fr', '1 234,56 EUR'],
    [123456, 'EUR', 'en', 'EUR 1,234.56'],
    [5, 'EUR', 'fr', '0,05 EUR'],
    [4000, 'EUR', 'fr', '40,00 EUR'],
    [100000000001, 'EUR', 'en', 'EUR 1,000,000,000.01'],
    [1234, 'JPY', 'fr', '1 234 JPY'],
    [-250, 'EUR', 'fr', '-2,50 EUR'],
  ] as const)('%d %s in %s is "%s"', (minor, currency, language, expected) => {
    expect(formatAmount(minor, currency, language)).toBe(expected);
  });
  it('prints dates the way each language reads them', () => {
    expect(formatDate('2026-12-25', 'fr')).toBe('25/12/2026');
    expect(formatDate('2026-12-25', 'en')).toBe('2026-12-25');
  });
});

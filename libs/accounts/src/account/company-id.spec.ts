import { checkSiren, checkSiret, luhnValid } from './company-id';

describe('SIREN / SIRET', () => {
  it('Luhn', () => {
    expect(luhnValid('552100554')).toBe(true);
    expect(luhnValid('552100555')).toBe(false);
    expect(luhnValid('55210055400013')).toBe(true);
  });
  it('normalises spaces and dots', () => {
    expect(checkSiren('552 100 554')).toBe('552100554');
    expect(checkSiret('552.100.554.00013')).toBe('55210055400013');
  });
  it('names the field of a bad number', () => {
    expect(() => checkSiren('12345678A')).toThrow(expect.objectContaining({ error: expect.objectContaining({ code: 'account.invalid_siren', field: 'siren' }) }));
    expect(() => checkSiret('55210055400014')).toThrow(expect.objectContaining({ error: expect.objectContaining({ code: 'account.invalid_siret', field: 'siret' }) }));
  });
  it("accepts La Poste's SIRETs by their own rule (digit sum divisible by 5), not Luhn", () => {
    expect(checkSiret('35600000000001')).toBe('35600000000001');
    expect(() => checkSiret('35600000000048')).toThrow(expect.objectContaining({ error: expect.objectContaining({ field: 'siret' }) }));
  });
});

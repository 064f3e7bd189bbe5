import { DomainException, domainError } from '@o2c/kernel';

/** The Luhn key Insee uses on SIREN and SIRET numbers: from the right, every second digit doubled. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** La Poste's establishments share one SIREN; their SIRETs fail Luhn and use a digit sum divisible by 5 instead (Insee's exception). */
const LA_POSTE_SIREN = '356000000';

const digitSum = (digits: string): number => [...digits].reduce((sum, c) => sum + (c.charCodeAt(0) - 48), 0);

/** Spaces and dots are how people write them ("552 100 554"); we store digits only. */
export const normaliseCompanyId = (value: string): string => value.replace(/[\s.]/g, '');

function invalid(field: 'siren' | 'siret', message: string): DomainException {
  return new DomainException(domainError('validation', `account.invalid_${field}`, message, { field }));
}

/** A SIREN: 9 digits with a valid Luhn key. Throws a validation error naming `siren`. */
export function checkSiren(raw: string): string {
  const siren = normaliseCompanyId(raw);
  if (!/^\d{9}$/.test(siren)) throw invalid('siren', `siren must be 9 digits, got "${raw}"`);
  if (!luhnValid(siren)) throw invalid('siren', `siren "${raw}" fails its Luhn check key`);
  return siren;
}

/** A SIRET: 14 digits (SIREN + 5-digit establishment number) with a valid key. Throws a validation error naming `siret`. */
export function checkSiret(raw: string): string {
  const siret = normaliseCompanyId(raw);
  if (!/^\d{14}$/.test(siret)) throw invalid('siret', `siret must be 14 digits, got "${raw}"`);
  const valid = siret.startsWith(LA_POSTE_SIREN) ? digitSum(siret) % 5 === 0 : luhnValid(siret);
  if (!valid) throw invalid('siret', `siret "${raw}" fails its Luhn check key`);
  return siret;
}

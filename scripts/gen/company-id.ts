import { intBetween, type Rng } from './random';

/** Insee's key on SIREN and SIRET: the Luhn sum (every second digit from the right doubled) is a multiple of 10. */
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

/** The check digit that makes `body` + digit pass Luhn. */
export function luhnKey(body: string): string {
  for (let key = 0; key < 10; key++) if (luhnValid(`${body}${key}`)) return String(key);
  throw new Error(`no Luhn key for ${body}`);
}

/** La Poste's SIREN: its SIRETs follow another rule (digit sum divisible by 5), so we never draw it. */
const LA_POSTE_SIREN = '356000000';

/** A random SIREN (9 digits, Luhn key last); never starts with 0, like the registry's company numbers. */
export function randomSiren(rng: Rng): string {
  for (;;) {
    let body = String(intBetween(rng, 1, 9));
    for (let i = 0; i < 7; i++) body += String(intBetween(rng, 0, 9));
    const siren = body + luhnKey(body);
    if (siren !== LA_POSTE_SIREN) return siren;
  }
}

/** A SIRET of `siren`: a 4-digit establishment number (NIC) and a key over all 14 digits; head offices are usually 0001x. */
export function randomSiret(rng: Rng, siren: string, establishment: number): string {
  const nic = String(establishment).padStart(4, '0');
  const body = siren + nic;
  return body + luhnKey(body);
}

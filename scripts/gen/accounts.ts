import type { AccountKind, Channel, ContactRole, Segment } from '@o2c/contracts';
import { randomSiren, randomSiret } from './company-id';
import {
  DEBTOR_FAMILY_SHARES,
  FOREIGN_B2B_SHARE,
  FOREIGN_COUNTRIES,
  KIND_SHARES_BY_SEGMENT,
  METHOD_SHARES_BY_KIND,
  ORDER_MEDIAN_FACTOR_BY_SEGMENT,
  ORDER_MEDIAN_MINOR,
  ORDER_WEIGHT_BY_SEGMENT,
  PROFILE_SHARES_BY_SEGMENT,
  SEGMENT_SHARES,
  TERMS_SHARES_BY_KIND,
  type DebtorFamily,
  type PayerProfile,
  type PaymentMethod,
} from './model';
import { chance, intBetween, logNormal, pick, rngFor, STREAM, weighted, type Rng } from './random';

/** The body of POST /accounts (libs/accounts/src/open-account/open-account.dto.ts, OpenAccountRequest). */
export interface AccountOpening {
  accountId: string;
  legalName: string;
  kind: AccountKind;
  segment: Segment;
  country: string;
  siren?: string;
  siret?: string;
  currency: string;
  paymentTermsDays: number;
  contacts: { contactId: string; name: string; role: ContactRole; email?: string; phone?: string; preferredChannel: Channel }[];
  region?: string;
  declaredAnnualRevenueMinor?: number;
  expectedMonthlyVolumeMinor?: number;
}

/** An account as the generator knows it: what it declares, and how it will behave (which the product must discover). */
export interface GeneratedAccount {
  readonly index: number;
  readonly opening: AccountOpening;
  readonly profile: PayerProfile;
  readonly family?: DebtorFamily;
  /** Insolvent and moved debtors stop paying at this point of the history, as a fraction of it (0..1). */
  readonly stopsPayingAtFraction?: number;
  readonly method: PaymentMethod;
  /** Relative number of orders. */
  readonly orderWeight: number;
  readonly orderMedianMinor: number;
}

const FIRST_NAMES = ['Claire', 'Julien', 'Sophie', 'Nicolas', 'Camille', 'Thomas', 'Julie', 'Antoine', 'Léa', 'Maxime', 'Chloé', 'Hugo', 'Manon', 'Lucas', 'Emma', 'Louis', 'Inès', 'Paul', 'Sarah', 'Mathieu', 'Nathalie', 'Pierre', 'Isabelle', 'François'];
const LAST_NAMES = ['Martin', 'Bernard', 'Dubois', 'Thomas', 'Robert', 'Richard', 'Petit', 'Durand', 'Leroy', 'Moreau', 'Simon', 'Laurent', 'Lefebvre', 'Michel', 'Garcia', 'David', 'Bertrand', 'Roux', 'Vincent', 'Fournier', 'Morel', 'Girard', 'André', 'Mercier'];
const TRADES = ['Papeterie', 'Boulangerie', 'Garage', 'Cabinet', 'Pharmacie', 'Imprimerie', 'Menuiserie', 'Transports', 'Hôtel', 'Restaurant', 'Librairie', 'Clinique', 'Agence', 'Atelier', 'Bureau', 'Laboratoire'];
const COMPANY_WORDS = ['Atlas', 'Horizon', 'Provence', 'Armor', 'Alpes', 'Lumière', 'Océan', 'Vallée', 'Étoile', 'Rivage', 'Forêt', 'Orion', 'Saint-Martin', 'Loire', 'Bretagne', 'Azur'];
const LEGAL_FORMS = ['SAS', 'SARL', 'SA', 'EURL', 'SASU', 'SNC'];
const PUBLIC_BODIES = ['Mairie de', 'Communauté de communes de', 'Centre hospitalier de', 'Lycée Jean Moulin de', 'Conseil départemental de', 'Université de'];
const TOWNS = ['Lyon', 'Nantes', 'Rennes', 'Lille', 'Brest', 'Annecy', 'Tours', 'Dijon', 'Nîmes', 'Metz', 'Reims', 'Limoges', 'Amiens', 'Pau', 'Angers', 'Caen'];
const REGIONS = ['Île-de-France', 'Auvergne-Rhône-Alpes', 'Nouvelle-Aquitaine', 'Occitanie', 'Hauts-de-France', 'Provence-Alpes-Côte d’Azur', 'Grand Est', 'Pays de la Loire', 'Bretagne', 'Normandie', 'Bourgogne-Franche-Comté', 'Centre-Val de Loire'];

/** Lower-case ASCII for e-mail addresses. */
const slug = (text: string): string =>
  text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

const phone = (rng: Rng, mobile: boolean): string => `+33${mobile ? intBetween(rng, 6, 7) : intBetween(rng, 1, 5)}${String(intBetween(rng, 0, 99_999_999)).padStart(8, '0')}`;

export const accountIdOf = (prefix: string, index: number): string => `${prefix}A${String(index + 1).padStart(6, '0')}`;

/**
 * Account `index` of the portfolio: a pure function of (seed, index). Its
 * declared monthly volume is left for the portfolio to fill in, since it
 * depends on how many orders the whole portfolio shares out.
 */
export function generateAccount(seed: number, prefix: string, index: number): GeneratedAccount {
  const rng = rngFor(seed, STREAM.account, index);
  const segment = weighted(rng, SEGMENT_SHARES);
  const kind = weighted(rng, KIND_SHARES_BY_SEGMENT[segment]);
  const country = kind === 'b2b' && chance(rng, FOREIGN_B2B_SHARE) ? pick(rng, FOREIGN_COUNTRIES) : 'FR';
  const paymentTermsDays = Number(weighted(rng, TERMS_SHARES_BY_KIND[kind]));
  const first = pick(rng, FIRST_NAMES);
  const last = pick(rng, LAST_NAMES);
  const town = pick(rng, TOWNS);

  let legalName: string;
  let domain: string;
  const ids: { siren?: string; siret?: string } = {};
  if (kind === 'b2c') {
    legalName = `${first} ${last}`;
    domain = 'mail.example';
  } else if (kind === 'public_body') {
    legalName = `${pick(rng, PUBLIC_BODIES)} ${town}`;
    domain = `${slug(legalName)}.example`;
    const siren = randomSiren(rng);
    ids.siren = siren;
  } else {
    const name = chance(rng, 0.5) ? `${pick(rng, TRADES)} ${last}` : `${pick(rng, COMPANY_WORDS)} ${pick(rng, TRADES)}`;
    legalName = `${name} ${pick(rng, LEGAL_FORMS)}`;
    domain = `${slug(name)}.example`;
    if (country === 'FR') {
      const siren = randomSiren(rng);
      // Some declare the SIREN, some the head office's SIRET, some both (the registry gives both).
      const form = weighted(rng, { siren: 50, siret: 30, both: 20 });
      if (form !== 'siret') ids.siren = siren;
      if (form !== 'siren') ids.siret = randomSiret(rng, siren, chance(rng, 0.7) ? 1 : intBetween(rng, 2, 40));
    }
  }

  const local = `${slug(first)}.${slug(last)}`;
  // DOMAIN "Accounts": payment matters go to the accountant, not the buyer; individuals are both, reached by SMS (DOMAIN "Collections").
  const contacts: AccountOpening['contacts'] =
    kind === 'b2c'
      ? [{ contactId: 'contact-1', name: legalName, role: 'accountant', email: `${local}.${index}@${domain}`, phone: phone(rng, true), preferredChannel: weighted(rng, { sms: 60, email: 35, letter: 5 }) }]
      : [
          {
            contactId: 'contact-1',
            name: `${pick(rng, FIRST_NAMES)} ${pick(rng, LAST_NAMES)}`,
            role: 'accountant',
            email: `compta.${index}@${domain}`,
            phone: phone(rng, false),
            preferredChannel: weighted(rng, { email: 55, phone: 35, letter: 10 }),
          },
          { contactId: 'contact-2', name: `${first} ${last}`, role: 'buyer', email: `${local}@${domain}`, phone: phone(rng, true), preferredChannel: weighted(rng, { phone: 50, email: 50 }) },
        ];

  const profile = weighted(rng, PROFILE_SHARES_BY_SEGMENT[segment]);
  const family = profile === 'defaulter' ? weighted(rng, DEBTOR_FAMILY_SHARES) : undefined;
  const stopsPayingAtFraction = family === 'insolvent' || family === 'moved' ? 0.2 + rng() * 0.7 : undefined;
  const orderMedianMinor = Math.max(500, Math.round(logNormal(rng, ORDER_MEDIAN_MINOR[kind] * ORDER_MEDIAN_FACTOR_BY_SEGMENT[segment], 0.5)));
  const declaredAnnualRevenueMinor = kind === 'b2c' ? undefined : Math.round(logNormal(rng, kind === 'public_body' ? 20_000_000_00 : 2_500_000_00, 1.2) / 100) * 100;

  return {
    index,
    opening: {
      accountId: accountIdOf(prefix, index),
      legalName,
      kind,
      segment,
      country,
      ...ids,
      currency: 'EUR',
      paymentTermsDays,
      contacts,
      ...(country === 'FR' ? { region: pick(rng, REGIONS) } : {}),
      ...(declaredAnnualRevenueMinor !== undefined ? { declaredAnnualRevenueMinor } : {}),
    },
    profile,
    ...(family ? { family } : {}),
    ...(stopsPayingAtFraction !== undefined ? { stopsPayingAtFraction } : {}),
    method: weighted(rng, METHOD_SHARES_BY_KIND[kind]),
    orderWeight: ORDER_WEIGHT_BY_SEGMENT[segment] * logNormal(rng, 1, 0.6),
    orderMedianMinor,
  };
}

import type { AccountKind, Segment } from '@o2c/contracts';

/**
 * The portfolio model, as data. Figures from /work/shared/DOMAIN.md (the
 * field reports) where the field gives one, cited; elsewhere our own
 * plausible assumption, said so. Shares are weights (they need not sum to 1).
 */

/**
 * Segments (DOMAIN "Accounts": new customer to win over, strategic/VIP,
 * standard, small amounts, repeat late payer, "sure not to pay"). The field
 * gives no shares: ours put most accounts in standard, a few strategic ones,
 * and a small tail of known bad payers.
 */
export const SEGMENT_SHARES: Readonly<Record<Segment, number>> = {
  standard: 52,
  new: 15,
  small_amounts: 18,
  strategic: 3,
  repeat_late_payer: 8,
  sure_not_to_pay: 4,
};

/** Kinds by segment (DOMAIN: "B2B and B2C differ"). Assumption: strategic accounts are companies or public bodies; small amounts are mostly individuals. */
export const KIND_SHARES_BY_SEGMENT: Readonly<Record<Segment, Readonly<Record<AccountKind, number>>>> = {
  standard: { b2b: 60, b2c: 37, public_body: 3 },
  new: { b2b: 50, b2c: 48, public_body: 2 },
  small_amounts: { b2b: 25, b2c: 75, public_body: 0 },
  strategic: { b2b: 80, b2c: 0, public_body: 20 },
  repeat_late_payer: { b2b: 55, b2c: 43, public_body: 2 },
  sure_not_to_pay: { b2b: 40, b2c: 60, public_body: 0 },
};

/** Share of b2b accounts outside France (no SIREN then); the field's sellers are French (DOMAIN "Scale"). */
export const FOREIGN_B2B_SHARE = 0.05;
export const FOREIGN_COUNTRIES = ['BE', 'DE', 'ES', 'IT', 'LU', 'CH'] as const;

/** Payment terms in days (DOMAIN "Payment terms are negotiated per customer"): French B2B is capped at 60 days by law; public bodies pay at 30. */
export const TERMS_SHARES_BY_KIND: Readonly<Record<AccountKind, Readonly<Record<'30' | '45' | '60', number>>>> = {
  b2b: { '30': 55, '45': 28, '60': 17 },
  b2c: { '30': 100, '45': 0, '60': 0 },
  public_body: { '30': 85, '45': 0, '60': 15 },
};

/** How many orders an account places, relative to a standard one (assumption: strategic accounts order far more). */
export const ORDER_WEIGHT_BY_SEGMENT: Readonly<Record<Segment, number>> = {
  standard: 1,
  new: 0.6,
  small_amounts: 0.7,
  strategic: 6,
  repeat_late_payer: 1,
  sure_not_to_pay: 0.4,
};

/** Median order total, tax included, in euro cents, and its spread (log-normal sigma). Assumption, office-supply-like (DOMAIN 000). */
export const ORDER_MEDIAN_MINOR: Readonly<Record<AccountKind, number>> = { b2b: 650_00, b2c: 85_00, public_body: 2_400_00 };
export const ORDER_MEDIAN_FACTOR_BY_SEGMENT: Readonly<Record<Segment, number>> = {
  standard: 1,
  new: 0.8,
  small_amounts: 0.15,
  strategic: 4,
  repeat_late_payer: 0.9,
  sure_not_to_pay: 0.6,
};
export const ORDER_SIGMA = 0.8;

/** Tax rates in basis points (French VAT: 20% standard, 10% intermediate, 5.5% reduced) and how often a line carries each. */
export const TAX_RATE_SHARES: Readonly<Record<'2000' | '1000' | '550', number>> = { '2000': 85, '1000': 9, '550': 6 };

/** DOMAIN 000: "95% delivered in 24 h"; the rest in 2 to 5 days. */
export const DELIVERED_WITHIN_A_DAY = 0.95;

/**
 * How an account pays. Assumption, shaped by DOMAIN "Collections" (003: most
 * customers settle at the first reminder, i.e. a little late) and the segments'
 * meaning: strategic accounts pay, repeat late payers pay late, "sure not to
 * pay" mostly don't.
 */
export type PayerProfile = 'prompt' | 'slightly_late' | 'late' | 'defaulter';
export const PROFILE_SHARES_BY_SEGMENT: Readonly<Record<Segment, Readonly<Record<PayerProfile, number>>>> = {
  strategic: { prompt: 70, slightly_late: 25, late: 5, defaulter: 0 },
  standard: { prompt: 55, slightly_late: 30, late: 10, defaulter: 5 },
  new: { prompt: 50, slightly_late: 30, late: 12, defaulter: 8 },
  small_amounts: { prompt: 60, slightly_late: 25, late: 10, defaulter: 5 },
  repeat_late_payer: { prompt: 5, slightly_late: 30, late: 55, defaulter: 10 },
  sure_not_to_pay: { prompt: 0, slightly_late: 10, late: 20, defaulter: 70 },
};

/**
 * Families of debtors among defaulters, DOMAIN "Accounts" (003, consumer
 * collection study): insolvent 18%, moved without telling 16%, disputing 16%,
 * lax 10%, bad faith 14%; the rest (26%) in good faith, short of cash.
 */
export type DebtorFamily = 'insolvent' | 'moved' | 'disputing' | 'lax' | 'bad_faith' | 'good_faith';
export const DEBTOR_FAMILY_SHARES: Readonly<Record<DebtorFamily, number>> = {
  insolvent: 18,
  moved: 16,
  disputing: 16,
  lax: 10,
  bad_faith: 14,
  good_faith: 26,
};

/** What happens to one invoice: paid by the due date, paid late, paid in parts, or never paid. */
export type InvoiceFate = 'on_time' | 'late' | 'partial' | 'never';

/** Per invoice, by profile (defaulters by family, below). Assumption. */
export const FATE_SHARES_BY_PROFILE: Readonly<Record<Exclude<PayerProfile, 'defaulter'>, Readonly<Record<InvoiceFate, number>>>> = {
  prompt: { on_time: 93, late: 5, partial: 2, never: 0 },
  slightly_late: { on_time: 45, late: 45, partial: 8, never: 2 },
  late: { on_time: 15, late: 60, partial: 15, never: 10 },
};

/** Defaulters: insolvent and moved debtors stop paying at a date (before it they pay late); the others by invoice. Assumption. */
export const FATE_SHARES_BY_FAMILY: Readonly<Record<DebtorFamily, Readonly<Record<InvoiceFate, number>>>> = {
  insolvent: { on_time: 10, late: 70, partial: 15, never: 5 },
  moved: { on_time: 30, late: 60, partial: 5, never: 5 },
  disputing: { on_time: 25, late: 20, partial: 5, never: 50 },
  lax: { on_time: 5, late: 65, partial: 0, never: 30 },
  bad_faith: { on_time: 0, late: 20, partial: 20, never: 60 },
  good_faith: { on_time: 5, late: 30, partial: 55, never: 10 },
};

/** Days late when an invoice is paid late: most within the first reminder's month (DOMAIN 003), a tail to the agency horizon (002: registered letter at 8 weeks). */
export const DAYS_LATE_MEDIAN_BY_PROFILE: Readonly<Record<PayerProfile, number>> = { prompt: 4, slightly_late: 9, late: 28, defaulter: 45 };

export type PaymentMethod = 'transfer' | 'direct_debit' | 'card' | 'cheque';
/** Assumption: individuals pay by direct debit or card; companies by transfer; public bodies only by transfer (French public accounting). */
export const METHOD_SHARES_BY_KIND: Readonly<Record<AccountKind, Readonly<Record<PaymentMethod, number>>>> = {
  b2b: { transfer: 68, direct_debit: 22, cheque: 10, card: 0 },
  b2c: { transfer: 8, direct_debit: 55, cheque: 7, card: 30 },
  public_body: { transfer: 100, direct_debit: 0, cheque: 0, card: 0 },
};

/** Chance that a direct debit or cheque bounces (a card: a chargeback), by profile (DOMAIN: "reversals (bounced payment) happen every day"). Assumption. */
export const BOUNCE_CHANCE_BY_PROFILE: Readonly<Record<PayerProfile, number>> = { prompt: 0.005, slightly_late: 0.02, late: 0.06, defaulter: 0.3 };
export const CHARGEBACK_CHANCE = 0.003;
/** After a bounce, the share that pays again by transfer (bad faith: far fewer). */
export const REPAY_AFTER_BOUNCE_BY_PROFILE: Readonly<Record<PayerProfile, number>> = { prompt: 0.95, slightly_late: 0.85, late: 0.7, defaulter: 0.3 };

/** Share of payments that carry the invoice id as remittance reference (the rest are allocated oldest first). Assumption: companies mostly give it. */
export const REFERENCE_SHARE_BY_KIND: Readonly<Record<AccountKind, number>> = { b2b: 0.9, b2c: 0.7, public_body: 0.97 };

/** Of invoices paid in parts, the share whose remainder is paid later (the rest stays open). */
export const PARTIAL_REMAINDER_PAID = 0.6;

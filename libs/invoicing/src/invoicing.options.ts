/** Invoicing's configuration, from the environment; each figure has the field's default. */
export interface InvoicingOptions {
  /** N in DSO = receivables / credit sales of the last N days x N. */
  readonly dsoDays: number;
}

export const INVOICING_OPTIONS = Symbol('InvoicingOptions');

export function invoicingOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): InvoicingOptions {
  const raw = env.O2C_DSO_DAYS;
  const dsoDays = raw === undefined || raw === '' ? 90 : Number(raw);
  if (!Number.isSafeInteger(dsoDays) || dsoDays < 1) throw new Error(`O2C_DSO_DAYS must be a whole number of days >= 1, got "${raw}"`);
  return { dsoDays };
}

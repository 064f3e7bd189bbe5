import { currencyOf } from '@o2c/kernel';
import type { ReminderLanguage } from '../reminder-port';

/** Exact from integer minor units, never through a float: fr "1 234,56 EUR", en "EUR 1,234.56". */
export function formatAmount(amountMinor: number, currency: string, language: ReminderLanguage): string {
  const exponent = currencyOf(currency)?.exponent ?? 2;
  const sign = amountMinor < 0 ? '-' : '';
  const digits = Math.abs(amountMinor).toString().padStart(exponent + 1, '0');
  const whole = exponent === 0 ? digits : digits.slice(0, -exponent);
  const fraction = exponent === 0 ? '' : digits.slice(-exponent);
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, language === 'fr' ? ' ' : ',');
  const number = fraction ? `${grouped}${language === 'fr' ? ',' : '.'}${fraction}` : grouped;
  return language === 'fr' ? `${sign}${number} ${currency}` : `${sign}${currency} ${number}`;
}

/** fr "25/12/2026", en "2026-12-25". */
export function formatDate(isoDate: string, language: ReminderLanguage): string {
  if (language === 'en') return isoDate;
  const [year, month, day] = isoDate.split('-');
  return `${day}/${month}/${year}`;
}

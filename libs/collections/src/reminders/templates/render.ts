import { createHash } from 'node:crypto';
import type { ReminderLanguage, ReminderRequest } from '../reminder-port';
import { formatAmount, formatDate } from './amounts';
import { TEMPLATE_NAMES, WORDING, type TemplateName } from './wording';

/** A notice as structured text: every channel prints it its own way, and its digest proves what was sent. */
export interface RenderedNotice {
  readonly language: ReminderLanguage;
  readonly template: TemplateName;
  readonly formalNotice: boolean;
  readonly subject: string;
  readonly dateLine: string;
  readonly accountLine: string;
  readonly greeting: string;
  readonly intro: readonly string[];
  readonly items: readonly string[];
  /** Label and formatted amount: items total, each charge, then the total due. */
  readonly totals: readonly (readonly [string, string])[];
  readonly closing: readonly string[];
  readonly signature: string;
}

/**
 * Which wording a template id selects: its part before the first dot
 * (`due-reminder.b2b` -> `due-reminder`). A registered letter is always the
 * formal notice. An id we hold no wording for gets the plain reminder, so a
 * policy edited by API never stops the daily run.
 */
export function templateOf(request: Pick<ReminderRequest, 'templateId' | 'channel'>): TemplateName {
  if (request.channel === 'registered_letter') return 'formal-notice';
  const name = request.templateId.split('.')[0];
  if (name === 'preventive-call' || name === 'preventive-reminder') return 'preventive';
  return (TEMPLATE_NAMES as readonly string[]).includes(name) ? (name as TemplateName) : 'reminder';
}

export function renderNotice(request: ReminderRequest, language: ReminderLanguage, issuedOn: string): RenderedNotice {
  const words = WORDING[language];
  const template = templateOf(request);
  const wording = words.templates[template];
  const money = (minor: number) => formatAmount(minor, request.currency, language);
  const charges = request.charges ?? [];
  const dueMinor = request.totalMinor + charges.reduce((sum, charge) => sum + charge.amountMinor, 0);
  const fill = (text: string) =>
    text.replaceAll('{account}', request.accountId).replaceAll('{total}', money(dueMinor)).replaceAll('{date}', formatDate(issuedOn, language));
  const totals: (readonly [string, string])[] = [[words.itemsTotal, money(request.totalMinor)]];
  for (const charge of charges) totals.push([words.charges[charge.kind], money(charge.amountMinor)]);
  totals.push([words.totalDue, money(dueMinor)]);
  return {
    language,
    template,
    formalNotice: template === 'formal-notice',
    subject: fill(wording.subject),
    dateLine: fill(words.dateLine),
    accountLine: fill(words.accountLine),
    greeting: words.greeting(request.recipient.name),
    intro: wording.intro.map(fill),
    items: request.items.map((item) => words.itemLine(item.invoiceId, formatDate(item.dueOn, language), item.daysLate, formatAmount(item.openAmountMinor, item.currency, language))),
    totals,
    closing: wording.closing.map(fill),
    signature: words.signature,
  };
}

export function noticeDigest(notice: RenderedNotice): string {
  return createHash('sha256').update(JSON.stringify(notice)).digest('hex');
}

export function noticeText(notice: RenderedNotice): string {
  return [
    notice.dateLine,
    notice.accountLine,
    '',
    notice.greeting,
    '',
    ...notice.intro,
    '',
    ...notice.items.map((line) => `- ${line}`),
    '',
    ...notice.totals.map(([label, amount]) => `${label} : ${amount}`),
    '',
    ...notice.closing,
    '',
    notice.signature,
    '',
  ].join('\n');
}

const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function noticeHtml(notice: RenderedNotice): string {
  const p = (text: string) => `<p>${escapeHtml(text)}</p>`;
  return [
    `<!doctype html><html lang="${notice.language}"><body>`,
    p(notice.dateLine),
    p(notice.accountLine),
    p(notice.greeting),
    ...notice.intro.map(p),
    `<ul>${notice.items.map((line) => `<li>${escapeHtml(line)}</li>`).join('')}</ul>`,
    `<table>${notice.totals.map(([label, amount]) => `<tr><td>${escapeHtml(label)}</td><td>${escapeHtml(amount)}</td></tr>`).join('')}</table>`,
    ...notice.closing.map(p),
    p(notice.signature),
    '</body></html>',
  ].join('\n');
}

/** SMS and voicemail: the subject, the items count and the total due, in one short text. */
export function noticeShortText(notice: RenderedNotice, itemCount: number): string {
  const totalDue = notice.totals[notice.totals.length - 1];
  const invoices = notice.language === 'fr' ? `${itemCount} facture${itemCount > 1 ? 's' : ''}` : `${itemCount} invoice${itemCount > 1 ? 's' : ''}`;
  return `${notice.subject}: ${invoices}, ${totalDue[0]} ${totalDue[1]}. ${notice.closing[0] ?? ''}`.trim();
}

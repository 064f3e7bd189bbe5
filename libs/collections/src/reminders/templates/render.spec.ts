import { reminderRequest } from '../testing/reminder-fixtures';
import { noticeDigest, noticeText, renderNotice, templateOf } from './render';

describe('notice templates', () => {
  it('lists every item, the charges and the total due (items + charges), in French by default wording', () => {
    const text = noticeText(renderNotice(reminderRequest({ charges: [{ kind: 'late_payment_penalty', amountMinor: 12_34 }, { kind: 'recovery_indemnity', amountMinor: 40_00 }] }), 'fr', '2026-11-18'));
    expect(text).toContain('Le 18/11/2026');
    expect(text).toContain('Bonjour ACME Comptabilité,');
    expect(text).toContain('- Facture INV-2026-000123 - échéance 31/10/2026 - 18 jours de retard - 1 234,56 EUR');
    expect(text).toContain('Pénalités de retard (art. L441-10 du Code de commerce) : 12,34 EUR');
    expect(text).toContain('Indemnité forfaitaire pour frais de recouvrement (art. D441-5 du Code de commerce) : 40,00 EUR');
    expect(text).toContain('Total dû : 1 385,95 EUR');
  });
  it('no charges, no charge lines (consumers never get the EUR 40)', () => {
    const text = noticeText(renderNotice(reminderRequest({ charges: undefined }), 'fr', '2026-11-18'));
    expect(text).not.toContain('Indemnité');
    expect(text).toContain('Total dû : 1 333,61 EUR');
  });
  it('a registered letter carries the formal-notice wording whatever its template id, with the total due in the demand', () => {
    const notice = renderNotice(reminderRequest({ channel: 'registered_letter', templateId: 'anything' }), 'fr', '2026-11-18');
    expect(notice.formalNotice).toBe(true);
    expect(notice.subject).toBe('MISE EN DEMEURE - compte ACME');
    expect(notice.intro.join(' ')).toContain('nous vous mettons en demeure de nous régler la somme de 1 373,61 EUR sous huit jours');
    expect(notice.closing.join(' ')).toContain('organisme de recouvrement');
    expect(renderNotice(reminderRequest({ channel: 'registered_letter' }), 'en', '2026-11-18').intro.join(' ')).toContain('formally demand payment of EUR 1,373.61');
  });
  it('template ids select wording by their first segment; unknown ids get the plain reminder', () => {
    expect(templateOf({ templateId: 'due-reminder.b2b', channel: 'email' })).toBe('due-reminder');
    expect(templateOf({ templateId: 'second-letter', channel: 'letter' })).toBe('second-letter');
    expect(templateOf({ templateId: 'formal-notice', channel: 'letter' })).toBe('formal-notice');
    expect(templateOf({ templateId: 'made-up', channel: 'email' })).toBe('reminder');
  });
  it('the digest changes with what the notice says, not with how often it is rendered', () => {
    const a = noticeDigest(renderNotice(reminderRequest(), 'fr', '2026-11-18'));
    expect(noticeDigest(renderNotice(reminderRequest(), 'fr', '2026-11-18'))).toBe(a);
    expect(noticeDigest(renderNotice(reminderRequest(), 'en', '2026-11-18'))).not.toBe(a);
    expect(noticeDigest(renderNotice(reminderRequest(), 'fr', '2026-11-19'))).not.toBe(a);
  });
});

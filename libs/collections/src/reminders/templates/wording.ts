import type { ReminderLanguage } from '../reminder-port';

/** What a template says; `{account}`, `{total}`, `{date}` are filled in by the renderer. */
export interface TemplateWording {
  readonly subject: string;
  readonly intro: readonly string[];
  readonly closing: readonly string[];
}

export interface LanguageWording {
  readonly greeting: (name: string) => string;
  readonly itemLine: (invoiceId: string, dueOn: string, daysLate: number, amount: string) => string;
  readonly itemsTotal: string;
  readonly charges: { readonly late_payment_penalty: string; readonly recovery_indemnity: string };
  readonly totalDue: string;
  readonly dateLine: string;
  readonly accountLine: string;
  readonly signature: string;
  readonly templates: Readonly<Record<TemplateName, TemplateWording>>;
}

export const TEMPLATE_NAMES = ['due-reminder', 'preventive', 'first-letter', 'second-letter', 'courtesy-letter', 'formal-notice', 'reminder'] as const;
export type TemplateName = (typeof TEMPLATE_NAMES)[number];

const fr: LanguageWording = {
  greeting: (name) => `Bonjour ${name},`,
  itemLine: (invoiceId, dueOn, daysLate, amount) =>
    `Facture ${invoiceId} - échéance ${dueOn} - ${daysLate > 0 ? `${daysLate} jour${daysLate > 1 ? 's' : ''} de retard` : 'à échéance'} - ${amount}`,
  itemsTotal: 'Total des factures',
  charges: {
    late_payment_penalty: 'Pénalités de retard (art. L441-10 du Code de commerce)',
    recovery_indemnity: 'Indemnité forfaitaire pour frais de recouvrement (art. D441-5 du Code de commerce)',
  },
  totalDue: 'Total dû',
  dateLine: 'Le {date}',
  accountLine: 'Compte client : {account}',
  signature: 'Le service recouvrement',
  templates: {
    'due-reminder': {
      subject: 'Vos factures arrivent à échéance - compte {account}',
      intro: ['Sauf erreur de notre part, les factures suivantes arrivent à échéance ou restent à régler :'],
      closing: ['Si votre règlement est déjà parti, merci de ne pas tenir compte de ce message.', 'Pour toute question, répondez simplement à ce message.'],
    },
    preventive: {
      subject: 'Vos prochaines échéances - compte {account}',
      intro: ['Pour votre information, voici les factures dont l\'échéance approche :'],
      closing: ['Pour toute question sur ces factures, contactez-nous dès maintenant.'],
    },
    'first-letter': {
      subject: 'Relance : factures impayées - compte {account}',
      intro: ['Sauf erreur de notre part, les factures suivantes restent impayées à ce jour :'],
      closing: ['Nous vous remercions de bien vouloir procéder à leur règlement dans les meilleurs délais.', 'Si votre règlement est déjà parti, merci de ne pas tenir compte de ce courrier.'],
    },
    'second-letter': {
      subject: 'Deuxième relance : factures impayées - compte {account}',
      intro: ['Malgré notre précédente relance, les factures suivantes restent impayées :'],
      closing: ['Nous vous demandons de régler ces sommes sous quinze jours ou de nous contacter pour convenir d\'un échéancier.'],
    },
    'courtesy-letter': {
      subject: 'Point sur vos factures - compte {account}',
      intro: ['Votre chargé de compte souhaite faire le point avec vous sur les factures suivantes :'],
      closing: ['Nous restons à votre disposition pour en parler.'],
    },
    'formal-notice': {
      subject: 'MISE EN DEMEURE - compte {account}',
      intro: [
        'MISE EN DEMEURE DE PAYER',
        'Malgré nos relances, les factures suivantes restent impayées.',
        'Par la présente, nous vous mettons en demeure de nous régler la somme de {total} sous huit jours à compter de la réception de ce courrier.',
      ],
      closing: [
        'À défaut de paiement dans ce délai, nous transmettrons votre dossier à un organisme de recouvrement et nous réservons le droit d\'engager une procédure judiciaire, sans autre avis.',
        'Cette lettre vaut mise en demeure au sens de l\'article 1344 du Code civil.',
      ],
    },
    reminder: {
      subject: 'Relance de paiement - compte {account}',
      intro: ['Sauf erreur de notre part, les factures suivantes restent à régler :'],
      closing: ['Merci de procéder à leur règlement ou de nous contacter.'],
    },
  },
};

const en: LanguageWording = {
  greeting: (name) => `Dear ${name},`,
  itemLine: (invoiceId, dueOn, daysLate, amount) =>
    `Invoice ${invoiceId} - due ${dueOn} - ${daysLate > 0 ? `${daysLate} day${daysLate > 1 ? 's' : ''} late` : 'due today'} - ${amount}`,
  itemsTotal: 'Invoices total',
  charges: { late_payment_penalty: 'Late payment penalties', recovery_indemnity: 'Fixed recovery indemnity' },
  totalDue: 'Total due',
  dateLine: 'Date: {date}',
  accountLine: 'Customer account: {account}',
  signature: 'Credit collection department',
  templates: {
    'due-reminder': {
      subject: 'Your invoices are due - account {account}',
      intro: ['According to our records, the following invoices are due or remain unpaid:'],
      closing: ['If you have already paid, please disregard this message.', 'For any question, simply reply to this message.'],
    },
    preventive: {
      subject: 'Your upcoming due dates - account {account}',
      intro: ['For your information, the following invoices will soon be due:'],
      closing: ['If anything about these invoices is wrong, please contact us now.'],
    },
    'first-letter': {
      subject: 'Reminder: unpaid invoices - account {account}',
      intro: ['According to our records, the following invoices remain unpaid:'],
      closing: ['Please arrange payment at your earliest convenience.', 'If you have already paid, please disregard this letter.'],
    },
    'second-letter': {
      subject: 'Second reminder: unpaid invoices - account {account}',
      intro: ['Despite our previous reminder, the following invoices remain unpaid:'],
      closing: ['Please pay these amounts within fifteen days or contact us to agree on a payment plan.'],
    },
    'courtesy-letter': {
      subject: 'About your invoices - account {account}',
      intro: ['Your account manager would like to review the following invoices with you:'],
      closing: ['We remain at your disposal to discuss them.'],
    },
    'formal-notice': {
      subject: 'FORMAL NOTICE - account {account}',
      intro: [
        'FORMAL NOTICE TO PAY',
        'Despite our reminders, the following invoices remain unpaid.',
        'We hereby formally demand payment of {total} within eight days of receipt of this letter.',
      ],
      closing: ['Failing payment within this period, your file will be handed to a collection agency and we reserve the right to take legal action without further notice.'],
    },
    reminder: {
      subject: 'Payment reminder - account {account}',
      intro: ['According to our records, the following invoices remain unpaid:'],
      closing: ['Please arrange payment or contact us.'],
    },
  },
};

export const WORDING: Readonly<Record<ReminderLanguage, LanguageWording>> = { fr, en };

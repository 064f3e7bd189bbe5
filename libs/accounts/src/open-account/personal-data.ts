import type { PersonalDataVault } from '@o2c/kernel';
import type { AccountDeclaration } from '../account/account.commands';

/**
 * Whose personal data an account holds (GDPR data subjects), so one can be
 * erased alone: a consumer account (B2C) is one person, its name and every
 * contact; a company's contacts are each their own person (the company's
 * legal name is not personal data). All of an account's subjects share the
 * prefix `account:<accountId>:`.
 */
export const subjectsPrefixOf = (accountId: string): string => `account:${accountId}:`;
export const personSubjectOf = (accountId: string): string => `${subjectsPrefixOf(accountId)}person`;
export const contactSubjectOf = (accountId: string, contactId: string): string => `${subjectsPrefixOf(accountId)}contact:${contactId}`;

/** The declaration with names, e-mails and phones sealed under their subjects' keys: only sealed text reaches the store and the bus. */
export async function sealDeclaration(vault: PersonalDataVault, declaration: AccountDeclaration): Promise<AccountDeclaration> {
  const consumer = declaration.kind === 'b2c';
  const sealOptional = async (subject: string, value: string | undefined): Promise<string | undefined> => (value ? (await vault.seal(subject, [value]))[0] : value);
  const contacts = await Promise.all(
    (declaration.contacts ?? []).map(async (contact, i) => {
      // The same default id decide gives a contact without one.
      const subject = consumer ? personSubjectOf(declaration.accountId) : contactSubjectOf(declaration.accountId, contact.contactId ?? `contact-${i + 1}`);
      return {
        ...contact,
        ...(contact.name ? { name: (await sealOptional(subject, contact.name.trim()))! } : {}),
        ...(contact.email ? { email: await sealOptional(subject, contact.email) } : {}),
        ...(contact.phone ? { phone: await sealOptional(subject, contact.phone) } : {}),
      };
    }),
  );
  const legalName = consumer && declaration.legalName?.trim() ? (await vault.seal(personSubjectOf(declaration.accountId), [declaration.legalName.trim()]))[0] : declaration.legalName;
  return { ...declaration, legalName, contacts };
}

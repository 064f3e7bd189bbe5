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
  // Every value to seal first, then one call to the vault (one round trip for the whole declaration).
  const requests: { subjectId: string; values: string[] }[] = [];
  const request = (subjectId: string, value: string | undefined): number | undefined => {
    if (!value) return undefined;
    requests.push({ subjectId, values: [value] });
    return requests.length - 1;
  };
  const contactSlots = (declaration.contacts ?? []).map((contact, i) => {
    // The same default id decide gives a contact without one.
    const subject = consumer ? personSubjectOf(declaration.accountId) : contactSubjectOf(declaration.accountId, contact.contactId ?? `contact-${i + 1}`);
    return { name: contact.name ? request(subject, contact.name.trim()) : undefined, email: request(subject, contact.email), phone: request(subject, contact.phone) };
  });
  const legalNameSlot = consumer && declaration.legalName?.trim() ? request(personSubjectOf(declaration.accountId), declaration.legalName.trim()) : undefined;
  const sealed = await vault.sealAll(requests);
  const at = (slot: number | undefined): string | undefined => (slot === undefined ? undefined : sealed[slot][0]);
  const contacts = (declaration.contacts ?? []).map((contact, i) => {
    const slots = contactSlots[i];
    return {
      ...contact,
      ...(contact.name ? { name: at(slots.name) ?? contact.name.trim() } : {}),
      ...(contact.email ? { email: at(slots.email) } : {}),
      ...(contact.phone ? { phone: at(slots.phone) } : {}),
    };
  });
  const legalName = legalNameSlot !== undefined ? at(legalNameSlot)! : declaration.legalName;
  return { ...declaration, legalName, contacts };
}

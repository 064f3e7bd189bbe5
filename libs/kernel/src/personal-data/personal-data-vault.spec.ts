import { DataSource } from 'typeorm';
import { createTestDatabase } from '../../../../test/support/database';
import { DomainException } from '../errors/domain-error';
import { ERASED, PersonalDataVault, subjectOfSealed } from './personal-data-vault';

describe('PersonalDataVault.sealAll (real PostgreSQL)', () => {
  jest.setTimeout(60_000);
  let dataSource: DataSource;
  let vault: PersonalDataVault;
  const now = new Date('2026-11-02T09:00:00Z');

  beforeAll(async () => {
    dataSource = await new DataSource({ type: 'postgres', url: await createTestDatabase('vault') }).initialize();
    vault = new PersonalDataVault(dataSource);
  });
  afterAll(async () => {
    await dataSource?.destroy();
  });

  const keyCount = async (prefix: string): Promise<number> =>
    Number(((await dataSource.query(`SELECT count(*) AS n FROM o2c_pii.subject_keys WHERE starts_with(subject_id, $1)`, [prefix])) as { n: string }[])[0].n);

  it('seals the values of several subjects in one call, each under its own key, one key per subject however many values', async () => {
    const sealed = await vault.sealAll([
      { subjectId: 'a:1:person', values: ['Jeanne Dupont', 'jeanne@example.org'] },
      { subjectId: 'a:1:contact:2', values: ['Paul Martin'] },
      { subjectId: 'a:1:person', values: ['+33612345678'] },
    ]);
    expect(sealed.map((values) => values.map(subjectOfSealed))).toEqual([['a:1:person', 'a:1:person'], ['a:1:contact:2'], ['a:1:person']]);
    expect(await vault.open(sealed)).toEqual([['Jeanne Dupont', 'jeanne@example.org'], ['Paul Martin'], ['+33612345678']]);
    expect(await keyCount('a:1:')).toBe(2);
  });

  it('uses the key a subject already has: what was sealed before still opens, no second key', async () => {
    const [[before]] = await vault.sealAll([{ subjectId: 'a:2:person', values: ['first'] }]);
    const [[again], [other]] = await vault.sealAll([
      { subjectId: 'a:2:person', values: ['second'] },
      { subjectId: 'a:2:contact:1', values: ['third'] },
    ]);
    expect(await vault.open({ before, again, other })).toEqual({ before: 'first', again: 'second', other: 'third' });
    expect(await keyCount('a:2:')).toBe(2);
  });

  it('refuses the whole call when one subject was erased, and creates no key for the others', async () => {
    const [[sealed]] = await vault.sealAll([{ subjectId: 'a:3:person', values: ['gone soon'] }]);
    await vault.erase('a:3:person', 'dpo-1', 'request of the data subject', now);
    const refused = vault.sealAll([
      { subjectId: 'a:3:contact:1', values: ['x'] },
      { subjectId: 'a:3:person', values: ['y'] },
    ]);
    await expect(refused).rejects.toBeInstanceOf(DomainException);
    await expect(refused).rejects.toMatchObject({ error: { code: 'personal_data.subject_erased' } });
    expect(await keyCount('a:3:')).toBe(0);
    expect(await vault.open(sealed)).toBe(ERASED);
    await expect(vault.seal('a:3:person', ['z'])).rejects.toMatchObject({ error: { code: 'personal_data.subject_erased' } });
  });

  it('nothing to seal: no key, no error', async () => {
    expect(await vault.sealAll([])).toEqual([]);
  });

  it('concurrent calls for the same new subjects end with one key each, and every value opens', async () => {
    const calls = Array.from({ length: 8 }, (_, i) =>
      vault.sealAll([
        { subjectId: 'a:4:person', values: [`p${i}`] },
        { subjectId: 'a:4:contact:1', values: [`c${i}`] },
      ]),
    );
    const sealed = await Promise.all(calls);
    expect(await vault.open(sealed)).toEqual(Array.from({ length: 8 }, (_, i) => [[`p${i}`], [`c${i}`]]));
    expect(await keyCount('a:4:')).toBe(2);
  });
});

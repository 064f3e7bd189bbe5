import { DataSource } from 'typeorm';
import { createTestDatabase } from '../../../../test/support/database';
import { InvoiceKnowledge, migrateDisputes, type KnownInvoice } from './invoice-knowledge';

/** A consumer batch's invoices in one statement must leave what the same events one at a time leave. */
describe('InvoiceKnowledge.learnMany (real PostgreSQL)', () => {
  let dataSource: DataSource;
  let knowledge: InvoiceKnowledge;

  beforeAll(async () => {
    dataSource = await new DataSource({ type: 'postgres', url: await createTestDatabase('disputes_knowledge') }).initialize();
    await migrateDisputes(dataSource);
    knowledge = new InvoiceKnowledge(dataSource);
  });
  afterAll(async () => {
    await dataSource?.destroy();
  });

  const facts = (prefix: string): KnownInvoice[] => [
    { invoiceId: `${prefix}-1`, accountId: 'A', currency: 'EUR', openAmountMinor: 100_00 },
    { invoiceId: `${prefix}-2`, accountId: 'B', currency: 'EUR', openAmountMinor: 50_00 },
    { invoiceId: `${prefix}-1`, accountId: 'A', currency: 'EUR', openAmountMinor: 40_00 },
    { invoiceId: `${prefix}-1`, accountId: 'A', currency: 'EUR', openAmountMinor: 0 },
    { invoiceId: `${prefix}-3`, accountId: 'A', currency: 'USD', openAmountMinor: 7_00 },
    { invoiceId: `${prefix}-1`, accountId: 'A', currency: 'EUR', openAmountMinor: 25_00 },
  ];

  it('keeps the last open amount of an invoice named several times, as one learn after another does', async () => {
    await dataSource.transaction((manager) => knowledge.learnMany(facts('MANY'), manager));
    await dataSource.transaction(async (manager) => {
      for (const fact of facts('ONE')) await knowledge.learn(fact, manager);
    });
    for (const n of [1, 2, 3]) {
      const many = await knowledge.find(`MANY-${n}`);
      const one = await knowledge.find(`ONE-${n}`);
      expect(many && { ...many, invoiceId: undefined }).toEqual(one && { ...one, invoiceId: undefined });
    }
    expect(await knowledge.find('MANY-1')).toEqual({ invoiceId: 'MANY-1', accountId: 'A', currency: 'EUR', openAmountMinor: 25_00 });
  });

  it('updates invoices it knew before and writes nothing for an empty batch', async () => {
    await dataSource.transaction((manager) => knowledge.learnMany([{ invoiceId: 'MANY-2', accountId: 'B', currency: 'EUR', openAmountMinor: 0 }], manager));
    await dataSource.transaction((manager) => knowledge.learnMany([], manager));
    expect(await knowledge.find('MANY-2')).toEqual({ invoiceId: 'MANY-2', accountId: 'B', currency: 'EUR', openAmountMinor: 0 });
  });
});

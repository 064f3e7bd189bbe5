import { DataSource } from 'typeorm';
import { createTestDatabase } from '../../../../test/support/database';
import { InvoiceDirectory, migrateInvoicing } from './invoice-directory';

describe('InvoiceDirectory (real PostgreSQL)', () => {
  jest.setTimeout(60_000);
  let dataSource: DataSource;
  let directory: InvoiceDirectory;

  beforeAll(async () => {
    dataSource = await new DataSource({ type: 'postgres', url: await createTestDatabase('invoice_directory') }).initialize();
    await migrateInvoicing(dataSource);
    directory = new InvoiceDirectory(dataSource);
  });
  afterAll(async () => {
    await dataSource?.destroy();
  });

  it('records asked for in one turn are written by one statement, each resolved once stored; a repeated invoice keeps its first account', async () => {
    const query = jest.spyOn(dataSource, 'query');
    await Promise.all([
      directory.record('INV-1', 'ACC-1'),
      directory.record('INV-2', 'ACC-2'),
      directory.record('INV-1', 'ACC-9'),
      directory.record('INV-3', 'ACC-3'),
    ]);
    expect(query.mock.calls.filter(([sql]) => String(sql).includes('INSERT INTO'))).toHaveLength(1);
    query.mockRestore();
    expect(await directory.accountOf('INV-1')).toBe('ACC-1');
    expect(await directory.accountOf('INV-2')).toBe('ACC-2');
    expect(await directory.accountOf('INV-3')).toBe('ACC-3');
    await directory.record('INV-1', 'ACC-8');
    expect(await directory.accountOf('INV-1')).toBe('ACC-1');
  });

  it('in a transaction the record is written there: rolled back with it', async () => {
    await dataSource
      .transaction(async (manager) => {
        await directory.record('INV-4', 'ACC-4', manager);
        throw new Error('rolled back');
      })
      .catch(() => undefined);
    expect(await directory.accountOf('INV-4')).toBeUndefined();
    await dataSource.transaction((manager) => directory.record('INV-5', 'ACC-5', manager));
    expect(await directory.accountOf('INV-5')).toBe('ACC-5');
  });

  it('a failed write fails every record of its statement', async () => {
    await dataSource.query('ALTER TABLE o2c_invoicing.invoice_directory RENAME TO invoice_directory_away');
    try {
      const outcomes = await Promise.allSettled([directory.record('INV-6', 'ACC-6'), directory.record('INV-7', 'ACC-7')]);
      expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected']);
    } finally {
      await dataSource.query('ALTER TABLE o2c_invoicing.invoice_directory_away RENAME TO invoice_directory');
    }
    await directory.record('INV-6', 'ACC-6');
    expect(await directory.accountOf('INV-6')).toBe('ACC-6');
  });
});

import { Client } from 'pg';
import { createTestDatabase } from './database';

describe('test databases', () => {
  it('are real, separate PostgreSQL databases', async () => {
    const [a, b] = await Promise.all([createTestDatabase('a'), createTestDatabase('b')]);
    expect(a).not.toEqual(b);
    const client = new Client({ connectionString: a });
    await client.connect();
    try {
      const { rows } = await client.query<{ v: string; db: string }>('select version() as v, current_database() as db');
      expect(rows[0].v).toMatch(/^PostgreSQL \d+/);
      expect(a).toContain(rows[0].db);
    } finally {
      await client.end();
    }
  });
});

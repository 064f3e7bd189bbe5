import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

function adminUrl(): string {
  const url = process.env.O2C_TEST_ADMIN_URL;
  if (!url) throw new Error('O2C_TEST_ADMIN_URL is not set: run tests through jest (test/support/global-setup.ts starts PostgreSQL)');
  return url;
}

/** A fresh, empty database on the run's PostgreSQL server; returns its connection string. */
export async function createTestDatabase(label = 'test'): Promise<string> {
  const name = `o2c_${label.replace(/[^a-z0-9_]/gi, '_').toLowerCase()}_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: adminUrl() });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  return url.toString();
}

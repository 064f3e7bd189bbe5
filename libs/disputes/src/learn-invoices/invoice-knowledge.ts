import { Inject, Injectable } from '@nestjs/common';
import { READ_MODEL_DATA_SOURCE } from '@o2c/messaging';
import type { DataSource, EntityManager } from 'typeorm';

export const DISPUTES_SCHEMA = 'o2c_disputes';

/** Disputes' own tables (idempotent, under an advisory lock: several processes may start together). */
export async function migrateDisputes(dataSource: DataSource): Promise<void> {
  await dataSource.transaction(async (manager) => {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext('o2c_disputes.migrate'))`);
    await manager.query(`CREATE SCHEMA IF NOT EXISTS ${DISPUTES_SCHEMA}`);
    await manager.query(`CREATE TABLE IF NOT EXISTS ${DISPUTES_SCHEMA}.invoices (
      invoice_id text PRIMARY KEY,
      account_id text NOT NULL,
      currency text NOT NULL,
      open_amount_minor bigint NOT NULL
    )`);
  });
}

export interface KnownInvoice {
  readonly invoiceId: string;
  readonly accountId: string;
  readonly currency: string;
  readonly openAmountMinor: number;
}

/**
 * What disputes knows of invoices, learned from invoicing's published events
 * (never from its tables): the account, the currency and what is still open.
 * One account's events arrive in order (key = account id), so the last write wins.
 */
@Injectable()
export class InvoiceKnowledge {
  constructor(@Inject(READ_MODEL_DATA_SOURCE) private readonly dataSource: DataSource) {}

  async learn(invoice: KnownInvoice, manager: EntityManager): Promise<void> {
    await manager.query(
      `INSERT INTO ${DISPUTES_SCHEMA}.invoices (invoice_id, account_id, currency, open_amount_minor) VALUES ($1, $2, $3, $4)
       ON CONFLICT (invoice_id) DO UPDATE SET open_amount_minor = EXCLUDED.open_amount_minor`,
      [invoice.invoiceId, invoice.accountId, invoice.currency, invoice.openAmountMinor],
    );
  }

  /** A batch of invoices in one statement, in their order: an invoice named twice keeps its last open amount, as one `learn` after another would. */
  async learnMany(invoices: readonly KnownInvoice[], manager: EntityManager): Promise<void> {
    const last = new Map<string, KnownInvoice>();
    for (const invoice of invoices) {
      last.delete(invoice.invoiceId);
      last.set(invoice.invoiceId, invoice);
    }
    if (last.size === 0) return;
    const rows = [...last.values()];
    await manager.query(
      `INSERT INTO ${DISPUTES_SCHEMA}.invoices (invoice_id, account_id, currency, open_amount_minor)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[])
       ON CONFLICT (invoice_id) DO UPDATE SET open_amount_minor = EXCLUDED.open_amount_minor`,
      [rows.map((r) => r.invoiceId), rows.map((r) => r.accountId), rows.map((r) => r.currency), rows.map((r) => String(r.openAmountMinor))],
    );
  }

  async find(invoiceId: string): Promise<KnownInvoice | undefined> {
    const rows: { account_id: string; currency: string; open_amount_minor: string }[] = await this.dataSource.query(
      `SELECT account_id, currency, open_amount_minor FROM ${DISPUTES_SCHEMA}.invoices WHERE invoice_id = $1`,
      [invoiceId],
    );
    const row = rows[0];
    return row && { invoiceId, accountId: row.account_id, currency: row.currency, openAmountMinor: Number(row.open_amount_minor) };
  }
}

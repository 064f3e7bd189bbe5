import { Inject, Injectable } from '@nestjs/common';
import { READ_MODEL_DATA_SOURCE } from '@o2c/messaging';
import { DomainException, domainError } from '@o2c/kernel';
import type { DataSource, EntityManager } from 'typeorm';

export const INVOICING_SCHEMA = 'o2c_invoicing';

/** Invoicing's own tables (idempotent, under an advisory lock: several processes may start together). */
export async function migrateInvoicing(dataSource: DataSource): Promise<void> {
  await dataSource.transaction(async (manager) => {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext('o2c_invoicing.migrate'))`);
    await manager.query(`CREATE SCHEMA IF NOT EXISTS ${INVOICING_SCHEMA}`);
    await manager.query(`CREATE TABLE IF NOT EXISTS ${INVOICING_SCHEMA}.invoice_directory (
      invoice_id text PRIMARY KEY,
      account_id text NOT NULL
    )`);
  });
}

/**
 * Which account's ledger holds an invoice: commands and queries address an
 * invoice by its id alone. Written when the invoice is issued (and again on
 * any redelivery), so it is there before any projection catches up.
 */
@Injectable()
export class InvoiceDirectory {
  /** Records asked for outside a transaction, written together by the next flush. */
  private pending: { invoiceId: string; accountId: string; resolve: () => void; reject: (error: unknown) => void }[] = [];

  constructor(@Inject(READ_MODEL_DATA_SOURCE) private readonly dataSource: DataSource) {}

  /**
   * Resolves once the record is stored. In a transaction (`manager`) it is written there; otherwise the records asked
   * for in the same turn of the event loop (an ingress batch's invoices) are written by one statement.
   */
  async record(invoiceId: string, accountId: string, manager?: EntityManager): Promise<void> {
    if (manager) {
      await manager.query(`INSERT INTO ${INVOICING_SCHEMA}.invoice_directory (invoice_id, account_id) VALUES ($1, $2) ON CONFLICT (invoice_id) DO NOTHING`, [invoiceId, accountId]);
      return;
    }
    await new Promise<void>((resolve, reject) => {
      this.pending.push({ invoiceId, accountId, resolve, reject });
      if (this.pending.length === 1) setImmediate(() => void this.flush());
    });
  }

  private async flush(): Promise<void> {
    const batch = this.pending;
    this.pending = [];
    // An invoice id once per statement (the first account asked for it wins, as the first INSERT did before).
    const byInvoice = new Map<string, string>();
    for (const { invoiceId, accountId } of batch) if (!byInvoice.has(invoiceId)) byInvoice.set(invoiceId, accountId);
    try {
      await this.dataSource.query(
        `INSERT INTO ${INVOICING_SCHEMA}.invoice_directory (invoice_id, account_id) SELECT * FROM unnest($1::text[], $2::text[]) ON CONFLICT (invoice_id) DO NOTHING`,
        [[...byInvoice.keys()], [...byInvoice.values()]],
      );
    } catch (error) {
      for (const r of batch) r.reject(error);
      return;
    }
    for (const r of batch) r.resolve();
  }

  async accountOf(invoiceId: string): Promise<string | undefined> {
    const rows: { account_id: string }[] = await this.dataSource.query(
      `SELECT account_id FROM ${INVOICING_SCHEMA}.invoice_directory WHERE invoice_id = $1
       UNION ALL SELECT account_id FROM o2c_read.invoicing_invoices WHERE invoice_id = $1 LIMIT 1`,
      [invoiceId],
    ).catch(() => this.dataSource.query(`SELECT account_id FROM ${INVOICING_SCHEMA}.invoice_directory WHERE invoice_id = $1`, [invoiceId]));
    return rows[0]?.account_id;
  }

  async requireAccountOf(invoiceId: string): Promise<string> {
    const accountId = await this.accountOf(invoiceId);
    if (!accountId) throw new DomainException(domainError('not_found', 'invoicing.invoice_unknown', `invoice "${invoiceId}" does not exist`, { field: 'invoiceId' }));
    return accountId;
  }
}

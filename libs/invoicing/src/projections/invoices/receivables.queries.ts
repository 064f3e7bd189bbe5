import { Inject, Injectable } from '@nestjs/common';
import { DomainException, domainError, READ_SCHEMA, readModelEntity } from '@o2c/kernel';
import { READ_MODEL_DATA_SOURCE } from '@o2c/messaging';
import type { DataSource } from 'typeorm';
import { accountBalancesProjection } from '../account-balances/account-balances.projection';
import { invoicesProjection, type InvoiceRow } from './invoices.projection';

const TABLE = `${READ_SCHEMA}.${invoicesProjection.table}`;

export interface InvoiceView {
  invoiceId: string;
  accountId: string;
  orderId: string;
  currency: string;
  lines: InvoiceRow['lines'];
  totalMinor: number;
  openAmountMinor: number;
  issuedOn: string;
  dueOn: string;
  status: InvoiceRow['status'];
  paidOn: string | null;
}

export interface OpenItemView {
  invoiceId: string;
  orderId: string;
  currency: string;
  totalMinor: number;
  openAmountMinor: number;
  issuedOn: string;
  dueOn: string;
  /** Days after the due date on `asOf` (negative: not due yet). */
  daysLate: number;
}

export interface OpenItemsView {
  accountId: string;
  asOf: string;
  /** null until the account's ledger reaches the read model. */
  currency: string | null;
  receivableMinor: number;
  unappliedCashMinor: number;
  items: OpenItemView[];
}

export interface AgingView {
  currency: string;
  notDueMinor: number;
  days1To30Minor: number;
  days31To60Minor: number;
  days61To90Minor: number;
  over90Minor: number;
  totalMinor: number;
  openItems: number;
}

export interface DsoView {
  currency: string;
  /** Open amounts today of the invoices issued up to asOf. */
  receivablesMinor: number;
  /** Invoiced (tax included) over the N days ending on asOf. */
  creditSalesMinor: number;
  /** receivables / credit sales x N, rounded half up to a whole day; null without credit sales. */
  dsoDays: number | null;
}

const toNumber = (value: string | number | null): number => (value === null ? 0 : Number(value));

/** Half-up rounding of a / b in integers (b > 0). */
const roundedRatio = (a: bigint, b: bigint): bigint => (2n * a + b) / (2n * b);

/** The queries over the invoices read model; amounts are integers of minor units, grouped by currency where summed. */
@Injectable()
export class ReceivablesQueries {
  constructor(@Inject(READ_MODEL_DATA_SOURCE) private readonly dataSource: DataSource) {}

  async invoice(invoiceId: string): Promise<InvoiceView> {
    const row = await this.dataSource.getRepository(readModelEntity(invoicesProjection)).findOne({ where: { invoiceId } });
    if (!row) throw new DomainException(domainError('not_found', 'invoicing.invoice_unknown', `invoice "${invoiceId}" does not exist`, { field: 'invoiceId' }));
    return {
      invoiceId: row.invoiceId,
      accountId: row.accountId,
      orderId: row.orderId,
      currency: row.currency,
      lines: row.lines,
      totalMinor: toNumber(row.totalMinor),
      openAmountMinor: toNumber(row.openAmountMinor),
      issuedOn: row.issuedOn,
      dueOn: row.dueOn,
      status: row.status,
      paidOn: row.paidOn,
    };
  }

  /** An account's open items with its receivables and unapplied cash (from the account balances read model). */
  async openItemsOf(accountId: string, asOf: string): Promise<OpenItemsView> {
    const [balance, items] = await Promise.all([this.dataSource.getRepository(readModelEntity(accountBalancesProjection)).findOne({ where: { accountId } }), this.openItems(accountId, asOf)]);
    return {
      accountId,
      asOf,
      currency: balance?.currency ?? null,
      receivableMinor: toNumber(balance?.receivableMinor ?? null),
      unappliedCashMinor: toNumber(balance?.unappliedCashMinor ?? null),
      items,
    };
  }

  async openItems(accountId: string, asOf: string): Promise<OpenItemView[]> {
    const rows: { invoice_id: string; order_id: string; currency: string; total_minor: string; open_amount_minor: string; issued_on: string; due_on: string; days_late: number }[] =
      await this.dataSource.query(
        `SELECT invoice_id, order_id, currency, total_minor, open_amount_minor, to_char(issued_on, 'YYYY-MM-DD') AS issued_on,
                to_char(due_on, 'YYYY-MM-DD') AS due_on, ($2::date - due_on) AS days_late
           FROM ${TABLE} WHERE account_id = $1 AND open_amount_minor > 0 ORDER BY due_on, issued_on, invoice_id`,
        [accountId, asOf],
      );
    return rows.map((r) => ({
      invoiceId: r.invoice_id,
      orderId: r.order_id,
      currency: r.currency,
      totalMinor: toNumber(r.total_minor),
      openAmountMinor: toNumber(r.open_amount_minor),
      issuedOn: r.issued_on,
      dueOn: r.due_on,
      daysLate: Number(r.days_late),
    }));
  }

  /** Open amounts by days past due on `asOf`: not due (0 or fewer), 1-30, 31-60, 61-90, over 90. One account, or the whole portfolio. */
  async aging(asOf: string, accountId?: string): Promise<AgingView[]> {
    const rows: Record<string, string>[] = await this.dataSource.query(
      `SELECT currency,
              COALESCE(SUM(open_amount_minor) FILTER (WHERE $1::date - due_on <= 0), 0)::text AS not_due,
              COALESCE(SUM(open_amount_minor) FILTER (WHERE $1::date - due_on BETWEEN 1 AND 30), 0)::text AS d1,
              COALESCE(SUM(open_amount_minor) FILTER (WHERE $1::date - due_on BETWEEN 31 AND 60), 0)::text AS d31,
              COALESCE(SUM(open_amount_minor) FILTER (WHERE $1::date - due_on BETWEEN 61 AND 90), 0)::text AS d61,
              COALESCE(SUM(open_amount_minor) FILTER (WHERE $1::date - due_on > 90), 0)::text AS d90,
              SUM(open_amount_minor)::text AS total, COUNT(*)::text AS items
         FROM ${TABLE}
        WHERE open_amount_minor > 0 AND ($2::text IS NULL OR account_id = $2)
        GROUP BY currency ORDER BY currency`,
      [asOf, accountId ?? null],
    );
    return rows.map((r) => ({
      currency: r.currency,
      notDueMinor: toNumber(r.not_due),
      days1To30Minor: toNumber(r.d1),
      days31To60Minor: toNumber(r.d31),
      days61To90Minor: toNumber(r.d61),
      over90Minor: toNumber(r.d90),
      totalMinor: toNumber(r.total),
      openItems: toNumber(r.items),
    }));
  }

  /** DSO = receivables / credit sales over the last N days x N (the standard formula), per currency. */
  async dso(asOf: string, days: number, accountId?: string): Promise<DsoView[]> {
    const rows: { currency: string; receivables: string; sales: string }[] = await this.dataSource.query(
      `SELECT currency,
              COALESCE(SUM(open_amount_minor) FILTER (WHERE issued_on <= $1::date), 0)::text AS receivables,
              COALESCE(SUM(total_minor) FILTER (WHERE issued_on > $1::date - $2::int AND issued_on <= $1::date), 0)::text AS sales
         FROM ${TABLE}
        WHERE ($3::text IS NULL OR account_id = $3)
        GROUP BY currency ORDER BY currency`,
      [asOf, days, accountId ?? null],
    );
    return rows.map((r) => {
      const receivables = BigInt(r.receivables);
      const sales = BigInt(r.sales);
      return {
        currency: r.currency,
        receivablesMinor: Number(receivables),
        creditSalesMinor: Number(sales),
        dsoDays: sales > 0n ? Number(roundedRatio(receivables * BigInt(days), sales)) : null,
      };
    });
  }
}

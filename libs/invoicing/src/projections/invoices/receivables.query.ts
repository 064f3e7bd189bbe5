import { Query } from '@nestjs/cqrs';
import type { AgingView, DsoView, InvoiceView, OpenItemsView } from './receivables.queries';

/** `asOf` absent: the clock's today (UTC). `accountId` absent: the whole portfolio. */
export class GetInvoiceQuery extends Query<InvoiceView> {
  constructor(readonly invoiceId: string) {
    super();
  }
}

export class ListOpenItemsQuery extends Query<OpenItemsView> {
  constructor(
    readonly accountId: string,
    readonly asOf?: string,
  ) {
    super();
  }
}

export class AgingQuery extends Query<{ asOf: string; accountId?: string; buckets: AgingView[] }> {
  constructor(
    readonly asOf?: string,
    readonly accountId?: string,
  ) {
    super();
  }
}

export class DsoQuery extends Query<{ asOf: string; days: number; accountId?: string; byCurrency: DsoView[] }> {
  constructor(
    readonly asOf?: string,
    readonly days?: number,
    readonly accountId?: string,
  ) {
    super();
  }
}

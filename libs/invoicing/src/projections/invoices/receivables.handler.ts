import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { CLOCK, type Clock } from '@o2c/kernel';
import { INVOICING_OPTIONS, type InvoicingOptions } from '../../invoicing.options';
import { dayNumber } from '../../ledger/calendar';
import { AgingQuery, DsoQuery, GetInvoiceQuery, ListOpenItemsQuery } from './receivables.query';
import { ReceivablesQueries } from './receivables.queries';

const todayOr = (clock: Clock, asOf: string | undefined): string => {
  if (asOf === undefined) return clock.now().toISOString().slice(0, 10);
  dayNumber(asOf, 'asOf'); // a real calendar day, or a 400 naming asOf
  return asOf;
};

@QueryHandler(GetInvoiceQuery)
export class GetInvoiceHandler implements IQueryHandler<GetInvoiceQuery> {
  constructor(private readonly receivables: ReceivablesQueries) {}
  execute(query: GetInvoiceQuery) {
    return this.receivables.invoice(query.invoiceId);
  }
}

@QueryHandler(ListOpenItemsQuery)
export class ListOpenItemsHandler implements IQueryHandler<ListOpenItemsQuery> {
  constructor(
    private readonly receivables: ReceivablesQueries,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}
  execute(query: ListOpenItemsQuery) {
    return this.receivables.openItemsOf(query.accountId, todayOr(this.clock, query.asOf));
  }
}

@QueryHandler(AgingQuery)
export class AgingHandler implements IQueryHandler<AgingQuery> {
  constructor(
    private readonly receivables: ReceivablesQueries,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}
  async execute(query: AgingQuery) {
    const asOf = todayOr(this.clock, query.asOf);
    return { asOf, ...(query.accountId ? { accountId: query.accountId } : {}), buckets: await this.receivables.aging(asOf, query.accountId) };
  }
}

@QueryHandler(DsoQuery)
export class DsoHandler implements IQueryHandler<DsoQuery> {
  constructor(
    private readonly receivables: ReceivablesQueries,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(INVOICING_OPTIONS) private readonly options: InvoicingOptions,
  ) {}
  async execute(query: DsoQuery) {
    const asOf = todayOr(this.clock, query.asOf);
    const days = query.days ?? this.options.dsoDays;
    return { asOf, days, ...(query.accountId ? { accountId: query.accountId } : {}), byCurrency: await this.receivables.dso(asOf, days, query.accountId) };
  }
}

export const RECEIVABLES_QUERY_HANDLERS = [GetInvoiceHandler, ListOpenItemsHandler, AgingHandler, DsoHandler];

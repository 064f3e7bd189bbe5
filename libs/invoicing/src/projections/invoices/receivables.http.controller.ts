import { Controller, Get, Param, Query as QueryParams } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { dayOf, ViewAsOf } from '@o2c/messaging/nest';
import { Roles } from '@o2c/kernel';
import { AsOfQuery, DsoWindowQuery } from '../../presentation/dates.dto';
import { AgingQuery, DsoQuery, GetInvoiceQuery, ListOpenItemsQuery } from './receivables.query';

const day = (asOf: string | undefined): string | undefined => (asOf === undefined ? undefined : dayOf(asOf));

@ApiTags('invoicing')
@Controller()
export class ReceivablesHttpController {
  constructor(private readonly queries: QueryBus) {}

  @Get('invoices/:invoiceId')
  @ViewAsOf()
  @Roles('collector', 'credit_manager', 'dispute_handler')
  @ApiOperation({ summary: 'An invoice: lines, total, open amount, issue and due dates, status' })
  @ApiOkResponse({ description: 'the invoice' })
  invoice(@Param('invoiceId') invoiceId: string) {
    return this.queries.execute(new GetInvoiceQuery(invoiceId));
  }

  @Get('accounts/:accountId/open-items')
  @ViewAsOf({ dto: true, allowDays: true })
  @Roles('collector', 'credit_manager', 'dispute_handler')
  @ApiOperation({ summary: "An account's open items (invoices with an open amount), oldest due first, with days late as of a day" })
  openItems(@Param('accountId') accountId: string, @QueryParams() params: AsOfQuery) {
    return this.queries.execute(new ListOpenItemsQuery(accountId, day(params.asOf)));
  }

  @Get('accounts/:accountId/aging')
  @ViewAsOf({ dto: true, allowDays: true })
  @Roles('collector', 'credit_manager')
  @ApiOperation({ summary: "An account's aging buckets (not due, 1-30, 31-60, 61-90, 90+ days late) as of a day, per currency" })
  accountAging(@Param('accountId') accountId: string, @QueryParams() params: AsOfQuery) {
    return this.queries.execute(new AgingQuery(day(params.asOf), accountId));
  }

  @Get('aging')
  @ViewAsOf({ dto: true, allowDays: true })
  @Roles('collector', 'credit_manager')
  @ApiOperation({ summary: "The portfolio's aging buckets (not due, 1-30, 31-60, 61-90, 90+ days late) as of a day, per currency" })
  aging(@QueryParams() params: AsOfQuery) {
    return this.queries.execute(new AgingQuery(day(params.asOf)));
  }

  @Get('accounts/:accountId/dso')
  @ViewAsOf({ dto: true, allowDays: true })
  @Roles('collector', 'credit_manager')
  @ApiOperation({ summary: "An account's DSO = receivables / credit sales of the last N days x N (N default 90), per currency" })
  accountDso(@Param('accountId') accountId: string, @QueryParams() params: DsoWindowQuery) {
    return this.queries.execute(new DsoQuery(day(params.asOf), params.days, accountId));
  }

  @Get('dso')
  @ViewAsOf({ dto: true, allowDays: true })
  @Roles('collector', 'credit_manager')
  @ApiOperation({ summary: "The portfolio's DSO = receivables / credit sales of the last N days x N (N default 90), per currency" })
  dso(@QueryParams() params: DsoWindowQuery) {
    return this.queries.execute(new DsoQuery(day(params.asOf), params.days));
  }
}

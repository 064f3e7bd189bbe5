import { Controller, Get, Param, Query as QueryParams } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@o2c/kernel';
import { AtQuery } from '../presentation/dates.dto';
import { AccountBalanceAtQuery, InvoiceBalanceAtQuery } from './balance-at.query';

@ApiTags('invoicing')
@Controller()
export class BalanceAtHttpController {
  constructor(private readonly queries: QueryBus) {}

  @Get('accounts/:accountId/balance')
  @Roles('collector', 'credit_manager', 'dispute_handler')
  @ApiOperation({ summary: "An account's receivables, unapplied cash and net balance at an instant, replayed from its ledger stream" })
  account(@Param('accountId') accountId: string, @QueryParams() params: AtQuery) {
    return this.queries.execute(new AccountBalanceAtQuery(accountId, params.at));
  }

  @Get('invoices/:invoiceId/balance')
  @Roles('collector', 'credit_manager', 'dispute_handler')
  @ApiOperation({ summary: "An invoice's open amount (and what made it) at an instant, replayed from its account's ledger stream" })
  invoice(@Param('invoiceId') invoiceId: string, @QueryParams() params: AtQuery) {
    return this.queries.execute(new InvoiceBalanceAtQuery(invoiceId, params.at));
  }
}

import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AccountBalanceAtHandler, InvoiceBalanceAtHandler } from './balance-at/balance-at.handler';
import { BalanceAtHttpController } from './balance-at/balance-at.http.controller';
import { InvoiceDirectory } from './invoice-directory/invoice-directory';
import { INVOICING_OPTIONS, invoicingOptionsFromEnv } from './invoicing.options';
import { InvoicingRuntime } from './invoicing.runtime';
import { IssueCreditNoteHandler } from './issue-credit-note/issue-credit-note.handler';
import { IssueCreditNoteHttpController } from './issue-credit-note/issue-credit-note.http.controller';
import { LedgerService } from './ledger/ledger.service';
import { RECEIVABLES_QUERY_HANDLERS } from './projections/invoices/receivables.handler';
import { ReceivablesHttpController } from './projections/invoices/receivables.http.controller';
import { ReceivablesQueries } from './projections/invoices/receivables.queries';
import { WriteOffInvoiceHandler } from './write-off-invoice/write-off-invoice.handler';
import { WriteOffInvoiceHttpController } from './write-off-invoice/write-off-invoice.http.controller';

/**
 * Invoicing: one ledger per account (invoices, payments and their allocation,
 * reversals, credit notes, write-offs), its HTTP commands and receivables
 * queries. Needs EVENT_STORE, CLOCK and READ_MODEL_DATA_SOURCE from the host.
 */
@Module({
  imports: [CqrsModule],
  controllers: [IssueCreditNoteHttpController, WriteOffInvoiceHttpController, ReceivablesHttpController, BalanceAtHttpController],
  providers: [
    { provide: INVOICING_OPTIONS, useFactory: () => invoicingOptionsFromEnv() },
    LedgerService,
    InvoiceDirectory,
    ReceivablesQueries,
    InvoicingRuntime,
    IssueCreditNoteHandler,
    WriteOffInvoiceHandler,
    AccountBalanceAtHandler,
    InvoiceBalanceAtHandler,
    ...RECEIVABLES_QUERY_HANDLERS,
  ],
  exports: [InvoicingRuntime],
})
export class InvoicingModule {}

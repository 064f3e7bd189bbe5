import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DomainException, domainError } from '@o2c/kernel';
import { InvoiceDirectory } from '../invoice-directory/invoice-directory';
import { LedgerService } from '../ledger/ledger.service';
import { receivableMinor, unappliedCashMinor } from '../ledger/state';
import { AccountBalanceAtQuery, InvoiceBalanceAtQuery, type AccountBalanceView, type InvoiceBalanceView } from './balance-at.query';

const invoiceUnknown = (invoiceId: string, at: string) =>
  new DomainException(domainError('not_found', 'invoicing.invoice_unknown', `invoice "${invoiceId}" did not exist at ${at}`, { field: 'invoiceId' }));

@QueryHandler(AccountBalanceAtQuery)
export class AccountBalanceAtHandler implements IQueryHandler<AccountBalanceAtQuery> {
  constructor(private readonly ledger: LedgerService) {}

  async execute(query: AccountBalanceAtQuery): Promise<AccountBalanceView> {
    const at = query.at ? new Date(query.at) : this.ledger.now();
    const { state, events } = await this.ledger.stateAt(query.accountId, at);
    if (events === 0) {
      throw new DomainException(domainError('not_found', 'invoicing.account_unknown', `account "${query.accountId}" had no ledger at ${at.toISOString()}`, { field: 'accountId' }));
    }
    const receivable = receivableMinor(state);
    const unapplied = unappliedCashMinor(state);
    return {
      accountId: query.accountId,
      at: at.toISOString(),
      currency: state.status === 'Active' ? state.currency : null,
      receivableMinor: receivable,
      unappliedCashMinor: unapplied,
      balanceMinor: receivable - unapplied,
      openInvoices: state.status === 'Active' ? [...state.invoices.values()].filter((i) => i.openAmountMinor > 0).length : 0,
      eventsReplayed: events,
    };
  }
}

@QueryHandler(InvoiceBalanceAtQuery)
export class InvoiceBalanceAtHandler implements IQueryHandler<InvoiceBalanceAtQuery> {
  constructor(
    private readonly ledger: LedgerService,
    private readonly directory: InvoiceDirectory,
  ) {}

  async execute(query: InvoiceBalanceAtQuery): Promise<InvoiceBalanceView> {
    const at = query.at ? new Date(query.at) : this.ledger.now();
    const accountId = await this.directory.accountOf(query.invoiceId);
    if (!accountId) throw invoiceUnknown(query.invoiceId, at.toISOString());
    const { state } = await this.ledger.stateAt(accountId, at);
    const invoice = state.status === 'Active' ? state.invoices.get(query.invoiceId) : undefined;
    if (!invoice || state.status !== 'Active') throw invoiceUnknown(query.invoiceId, at.toISOString());
    return {
      invoiceId: invoice.invoiceId,
      accountId,
      at: at.toISOString(),
      currency: state.currency,
      totalMinor: invoice.totalMinor,
      openAmountMinor: invoice.openAmountMinor,
      appliedMinor: invoice.appliedMinor,
      reversedMinor: invoice.reversedMinor,
      creditedMinor: invoice.creditedMinor,
      writtenOffMinor: invoice.writtenOffMinor,
    };
  }
}

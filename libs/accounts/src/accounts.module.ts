import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AccountStreams } from './account.streams';
import { ACCOUNTS_POLICY, accountsPolicyFrom } from './accounts.policy';
import { AccountsRuntime } from './accounts.runtime';
import { CancelOrderHandler } from './cancel-order/cancel-order.handler';
import { ChangeCreditLimitHandler } from './change-credit-limit/change-credit-limit.handler';
import { ChangeCreditLimitHttpController } from './change-credit-limit/change-credit-limit.http.controller';
import { ChangePaymentTermsHandler } from './change-payment-terms/change-payment-terms.handler';
import { ChangePaymentTermsHttpController } from './change-payment-terms/change-payment-terms.http.controller';
import { ChangeSegmentHandler } from './change-segment/change-segment.handler';
import { ChangeSegmentHttpController } from './change-segment/change-segment.http.controller';
import { CheckOrderCreditHandler } from './check-order-credit/check-order-credit.handler';
import { DecideHeldOrderHandler } from './decide-held-order/decide-held-order.handler';
import { DecideHeldOrderHttpController } from './decide-held-order/decide-held-order.http.controller';
import { GetAccountHandler } from './get-account/get-account.handler';
import { GetAccountHttpController } from './get-account/get-account.http.controller';
import { OpenAccountHandler } from './open-account/open-account.handler';
import { OpenAccountHttpController } from './open-account/open-account.http.controller';
import { ListAccountsHandler } from './projections/accounts-summary/accounts-summary.handler';
import { AccountsSummaryHttpController } from './projections/accounts-summary/accounts-summary.http.controller';
import { ListHeldOrdersHandler } from './projections/held-orders/held-orders.handler';
import { HeldOrdersHttpController } from './projections/held-orders/held-orders.http.controller';

/**
 * The accounts bounded context: accounts and their credit (DOMAIN.md
 * "Accounts"). Needs EVENT_STORE, CLOCK and READ_MODEL_DATA_SOURCE from the
 * host; its rules come from O2C_ACCOUNTS_POLICY over the defaults.
 */
@Module({
  imports: [CqrsModule],
  controllers: [
    OpenAccountHttpController,
    GetAccountHttpController,
    ChangeCreditLimitHttpController,
    ChangeSegmentHttpController,
    ChangePaymentTermsHttpController,
    DecideHeldOrderHttpController,
    HeldOrdersHttpController,
    AccountsSummaryHttpController,
  ],
  providers: [
    { provide: ACCOUNTS_POLICY, useFactory: () => accountsPolicyFrom() },
    AccountStreams,
    OpenAccountHandler,
    GetAccountHandler,
    ChangeCreditLimitHandler,
    ChangeSegmentHandler,
    ChangePaymentTermsHandler,
    CheckOrderCreditHandler,
    CancelOrderHandler,
    DecideHeldOrderHandler,
    ListHeldOrdersHandler,
    ListAccountsHandler,
    AccountsRuntime,
  ],
  exports: [AccountsRuntime, AccountStreams],
})
export class AccountsModule {}

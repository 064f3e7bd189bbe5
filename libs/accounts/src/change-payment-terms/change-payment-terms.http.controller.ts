import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, Roles } from '@o2c/kernel';
import { AccountView } from '../get-account/account.view';
import { httpContext } from '../http/command-context';
import { ChangePaymentTermsCommand } from './change-payment-terms.command';
import { ChangePaymentTermsRequest } from './change-payment-terms.dto';

@ApiTags('accounts')
@Controller('accounts')
export class ChangePaymentTermsHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':accountId/payment-terms')
  @Roles('credit_manager')
  @HttpCode(200)
  @ApiOperation({ summary: "Change an account's negotiated payment terms (days), with a reason; applies to invoices issued afterwards" })
  @ApiOkResponse({ type: AccountView })
  @ApiNotFoundResponse({ description: 'no such account' })
  change(@Param('accountId') accountId: string, @Body() body: ChangePaymentTermsRequest, @Actor() actor: string): Promise<AccountView> {
    return this.commands.execute(new ChangePaymentTermsCommand(accountId, body.paymentTermsDays, body.reason, httpContext(actor)));
  }
}

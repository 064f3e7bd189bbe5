import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiHeader, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AccountView } from '../get-account/account.view';
import { Actor, ACTOR_HEADER } from '../http/actor.decorator';
import { httpContext } from '../http/command-context';
import { ChangePaymentTermsCommand } from './change-payment-terms.command';
import { ChangePaymentTermsRequest } from './change-payment-terms.dto';

@ApiTags('accounts')
@Controller('accounts')
export class ChangePaymentTermsHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':accountId/payment-terms')
  @HttpCode(200)
  @ApiOperation({ summary: "Change an account's negotiated payment terms (days), with a reason; applies to invoices issued afterwards" })
  @ApiHeader({ name: ACTOR_HEADER, required: false })
  @ApiOkResponse({ type: AccountView })
  @ApiNotFoundResponse({ description: 'no such account' })
  change(@Param('accountId') accountId: string, @Body() body: ChangePaymentTermsRequest, @Actor() actor: string): Promise<AccountView> {
    return this.commands.execute(new ChangePaymentTermsCommand(accountId, body.paymentTermsDays, body.reason, httpContext(actor)));
  }
}

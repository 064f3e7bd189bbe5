import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, Roles } from '@o2c/kernel';
import { AccountView } from '../get-account/account.view';
import { httpContext } from '../http/command-context';
import { ChangeCreditLimitCommand } from './change-credit-limit.command';
import { ChangeCreditLimitRequest } from './change-credit-limit.dto';

@ApiTags('accounts')
@Controller('accounts')
export class ChangeCreditLimitHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':accountId/credit-limit')
  @Roles('credit_manager')
  @HttpCode(200)
  @ApiOperation({ summary: "A credit manager changes an account's credit limit, with a reason (held orders stay held until decided)" })
  @ApiOkResponse({ type: AccountView })
  @ApiNotFoundResponse({ description: 'no such account' })
  change(@Param('accountId') accountId: string, @Body() body: ChangeCreditLimitRequest, @Actor() actor: string): Promise<AccountView> {
    return this.commands.execute(new ChangeCreditLimitCommand(accountId, body.creditLimitMinor, body.reason, httpContext(actor)));
  }
}

import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiHeader, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AccountView } from '../get-account/account.view';
import { Actor, ACTOR_HEADER } from '../http/actor.decorator';
import { httpContext } from '../http/command-context';
import { ChangeCreditLimitCommand } from './change-credit-limit.command';
import { ChangeCreditLimitRequest } from './change-credit-limit.dto';

@ApiTags('accounts')
@Controller('accounts')
export class ChangeCreditLimitHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':accountId/credit-limit')
  @HttpCode(200)
  @ApiOperation({ summary: "A credit manager changes an account's credit limit, with a reason (held orders stay held until decided)" })
  @ApiHeader({ name: ACTOR_HEADER, required: false, description: 'the credit manager, e.g. user:cm-1' })
  @ApiOkResponse({ type: AccountView })
  @ApiNotFoundResponse({ description: 'no such account' })
  change(@Param('accountId') accountId: string, @Body() body: ChangeCreditLimitRequest, @Actor() actor: string): Promise<AccountView> {
    return this.commands.execute(new ChangeCreditLimitCommand(accountId, body.creditLimitMinor, body.reason, httpContext(actor)));
  }
}

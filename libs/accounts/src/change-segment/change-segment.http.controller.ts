import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, Roles } from '@o2c/kernel';
import { AccountView } from '../get-account/account.view';
import { httpContext } from '../http/command-context';
import { ChangeSegmentCommand } from './change-segment.command';
import { ChangeSegmentRequest } from './change-segment.dto';

@ApiTags('accounts')
@Controller('accounts')
export class ChangeSegmentHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':accountId/segment')
  @Roles('credit_manager')
  @HttpCode(200)
  @ApiOperation({ summary: "Change an account's segment (drives its collection strategy), with a reason" })
  @ApiOkResponse({ type: AccountView })
  @ApiNotFoundResponse({ description: 'no such account' })
  change(@Param('accountId') accountId: string, @Body() body: ChangeSegmentRequest, @Actor() actor: string): Promise<AccountView> {
    return this.commands.execute(new ChangeSegmentCommand(accountId, body.segment, body.reason, httpContext(actor)));
  }
}

import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiHeader, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AccountView } from '../get-account/account.view';
import { Actor, ACTOR_HEADER } from '../http/actor.decorator';
import { httpContext } from '../http/command-context';
import { ChangeSegmentCommand } from './change-segment.command';
import { ChangeSegmentRequest } from './change-segment.dto';

@ApiTags('accounts')
@Controller('accounts')
export class ChangeSegmentHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':accountId/segment')
  @HttpCode(200)
  @ApiOperation({ summary: "Change an account's segment (drives its collection strategy), with a reason" })
  @ApiHeader({ name: ACTOR_HEADER, required: false })
  @ApiOkResponse({ type: AccountView })
  @ApiNotFoundResponse({ description: 'no such account' })
  change(@Param('accountId') accountId: string, @Body() body: ChangeSegmentRequest, @Actor() actor: string): Promise<AccountView> {
    return this.commands.execute(new ChangeSegmentCommand(accountId, body.segment, body.reason, httpContext(actor)));
  }
}

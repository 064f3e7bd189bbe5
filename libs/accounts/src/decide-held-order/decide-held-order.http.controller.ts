import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, Roles } from '@o2c/kernel';
import { OrderCreditView } from '../get-account/account.view';
import { httpContext } from '../http/command-context';
import { DecideHeldOrderCommand } from './decide-held-order.command';
import { CreditDecisionRequest } from './decide-held-order.dto';

@ApiTags('credit')
@Controller('accounts')
export class DecideHeldOrderHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':accountId/orders/:orderId/approve')
  @Roles('credit_manager')
  @HttpCode(200)
  @ApiOperation({ summary: 'A credit manager approves a held order: it is released (OrderCreditReleased, releasedBy the manager)' })
  @ApiOkResponse({ type: OrderCreditView })
  @ApiNotFoundResponse({ description: 'no such account or order' })
  @ApiConflictResponse({ description: 'the order is not held (already released, rejected, cancelled or invoiced)' })
  approve(@Param('accountId') accountId: string, @Param('orderId') orderId: string, @Body() body: CreditDecisionRequest, @Actor() actor: string): Promise<OrderCreditView> {
    return this.commands.execute(new DecideHeldOrderCommand(accountId, orderId, 'approve', body.reason, httpContext(actor)));
  }

  @Post(':accountId/orders/:orderId/reject')
  @Roles('credit_manager')
  @HttpCode(200)
  @ApiOperation({ summary: 'A credit manager rejects a held order, with a reason (OrderCreditRejected)' })
  @ApiOkResponse({ type: OrderCreditView })
  @ApiNotFoundResponse({ description: 'no such account or order' })
  @ApiConflictResponse({ description: 'the order is not held' })
  reject(@Param('accountId') accountId: string, @Param('orderId') orderId: string, @Body() body: CreditDecisionRequest, @Actor() actor: string): Promise<OrderCreditView> {
    return this.commands.execute(new DecideHeldOrderCommand(accountId, orderId, 'reject', body.reason, httpContext(actor)));
  }
}

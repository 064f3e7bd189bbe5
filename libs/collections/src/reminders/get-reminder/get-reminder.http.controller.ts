import { Controller, Get, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@o2c/kernel';
import { GetReminderQuery, ListAccountRemindersQuery } from './get-reminder.query';

@ApiTags('collections')
@Controller('collections')
export class GetReminderHttpController {
  constructor(private readonly queries: QueryBus) {}

  @Get('reminders/:reminderId')
  @Roles('collector')
  @ApiOperation({ summary: 'A reminder: what it says (step, policy, invoices, total), its delivery status, attempts, provider message id, letter path, failure' })
  @ApiOkResponse({ description: 'the reminder' })
  @ApiNotFoundResponse({ description: 'no reminder under this id' })
  reminder(@Param('reminderId') reminderId: string) {
    return this.queries.execute(new GetReminderQuery(reminderId));
  }

  @Get('accounts/:accountId/reminders')
  @Roles('collector')
  @ApiOperation({ summary: "An account's reminders, newest first, with their delivery status" })
  @ApiOkResponse({ description: 'the reminders' })
  ofAccount(@Param('accountId') accountId: string) {
    return this.queries.execute(new ListAccountRemindersQuery(accountId));
  }
}

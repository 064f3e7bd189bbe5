import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, Roles } from '@o2c/kernel';
import { AccountView } from '../get-account/account.view';
import { httpContext } from '../http/command-context';
import { OpenAccountRequest } from './open-account.dto';
import { OpenAccountCommand } from './open-account.command';

@ApiTags('accounts')
@Controller('accounts')
export class OpenAccountHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @Roles('credit_manager')
  @HttpCode(201)
  @ApiOperation({ summary: 'Open an account from declared data; its theoretical credit limit is set by the opening rule' })
  @ApiCreatedResponse({ type: AccountView })
  @ApiBadRequestResponse({ description: 'invalid declaration (e.g. a SIREN with a bad Luhn key): the error names the field; nothing is recorded' })
  @ApiConflictResponse({ description: 'the account is already open' })
  open(@Body() body: OpenAccountRequest, @Actor() actor: string): Promise<AccountView> {
    return this.commands.execute(new OpenAccountCommand({ ...body, contacts: body.contacts.map((c) => ({ ...c })) }, httpContext(actor)));
  }
}

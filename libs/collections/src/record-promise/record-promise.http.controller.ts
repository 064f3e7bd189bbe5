import { Body, Controller, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsArray, IsInt, IsOptional, IsString, Length, Matches, Min } from 'class-validator';
import { CommandBus } from '@nestjs/cqrs';
import { Actor, Roles } from '@o2c/kernel';
import { httpContext } from '../http/command-context';
import { RecordPromiseCommand } from './record-promise.command';

export class RecordPromiseDto {
  @ApiProperty()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,79}$/, { message: 'promiseId: letters, digits, _ . : -' })
  promiseId!: string;

  @ApiProperty({ description: 'minor units' })
  @IsInt()
  @Min(1)
  amountMinor!: number;

  @ApiProperty()
  @Length(3, 3)
  currency!: string;

  @ApiProperty({ description: 'YYYY-MM-DD: paid in full by this date, or broken' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'promisedFor must be a date YYYY-MM-DD' })
  promisedFor!: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  contactId?: string;

  @ApiProperty({ description: 'phone, email, ...' })
  @IsString()
  channel!: string;

  @ApiPropertyOptional({ type: [String], description: 'The invoices it covers (default: the account)' })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  invoiceIds?: string[];
}

@ApiTags('collections')
@Controller('collections/accounts/:accountId/promises')
export class RecordPromiseHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @Roles('collector')
  @ApiOperation({ summary: 'Record a promise to pay: holds the ladder until its date; kept or broken from payments (one cent short is broken)' })
  record(@Param('accountId') accountId: string, @Body() body: RecordPromiseDto, @Actor() actor: string) {
    return this.commands.execute(new RecordPromiseCommand(accountId, { ...body, invoiceIds: body.invoiceIds ?? [] }, httpContext(actor, `promise:${accountId}:${body.promiseId}`)));
  }
}

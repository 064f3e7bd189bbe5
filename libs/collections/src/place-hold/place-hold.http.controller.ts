import { Body, Controller, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { HOLD_KINDS, type HoldKind } from '@o2c/contracts';
import { ArrayMinSize, IsArray, IsIn, IsInt, IsOptional, IsString, Matches, Min, MinLength } from 'class-validator';
import { CommandBus } from '@nestjs/cqrs';
import { Actor, Roles } from '@o2c/kernel';
import { httpContext } from '../http/command-context';
import { PlaceHoldCommand, ReleaseHoldCommand } from './place-hold.command';

export class PlaceHoldDto {
  @ApiProperty({ description: 'Unique on the account; repeating the same hold is a no-op' })
  @Matches(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,79}$/, { message: 'holdId: letters, digits, _ . : -' })
  holdId!: string;

  @ApiProperty({ enum: HOLD_KINDS })
  @IsIn(HOLD_KINDS)
  kind!: HoldKind;

  @ApiProperty({ enum: ['account', 'invoice', 'amount'] })
  @IsIn(['account', 'invoice', 'amount'])
  scope!: 'account' | 'invoice' | 'amount';

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @IsString({ each: true })
  invoiceIds?: string[];

  @ApiPropertyOptional({ description: 'amount scope: the amount held (minor units)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  amountMinor?: number;

  @ApiProperty()
  @IsString()
  @MinLength(1)
  reason!: string;

  @ApiPropertyOptional({ description: 'The hold ends on this date (YYYY-MM-DD)' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'expiresOn must be a date YYYY-MM-DD' })
  expiresOn?: string;
}

export class ReleaseHoldDto {
  @ApiProperty()
  @IsString()
  @MinLength(1)
  reason!: string;
}

@ApiTags('collections')
@Controller('collections/accounts/:accountId/holds')
export class PlaceHoldHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @Roles('collector', 'credit_manager')
  @ApiOperation({ summary: 'Place a hold (stackable; scope account, invoice or amount; a held item gets no dunning step)' })
  place(@Param('accountId') accountId: string, @Body() body: PlaceHoldDto, @Actor() actor: string) {
    return this.commands.execute(new PlaceHoldCommand(accountId, { ...body }, httpContext(actor)));
  }

  @Post(':holdId/release')
  @Roles('collector', 'credit_manager')
  @ApiOperation({ summary: 'Release a hold: the ladder resumes where it stood (days held shift the next steps)' })
  release(@Param('accountId') accountId: string, @Param('holdId') holdId: string, @Body() body: ReleaseHoldDto, @Actor() actor: string) {
    return this.commands.execute(new ReleaseHoldCommand(accountId, holdId, body.reason, httpContext(actor)));
  }
}

import { Body, Controller, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMinSize, IsArray, IsInt, IsOptional, IsString, Length, Matches, Min, ValidateNested } from 'class-validator';
import { Actor, Roles } from '@o2c/kernel';
import { httpContext } from '../http/command-context';
import { AcceptPaymentPlanCommand, ProposePaymentPlanCommand } from './payment-plans.command';

export class InstallmentDto {
  @ApiProperty()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'dueOn must be a date YYYY-MM-DD' })
  dueOn!: string;

  @ApiProperty()
  @IsInt()
  @Min(1)
  amountMinor!: number;
}

export class ProposePlanDto {
  @ApiProperty()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,79}$/, { message: 'planId: letters, digits, _ . : -' })
  planId!: string;

  @ApiProperty({ type: [InstallmentDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ValidateNested({ each: true })
  @Type(() => InstallmentDto)
  installments!: InstallmentDto[];

  @ApiProperty()
  @Length(3, 3)
  currency!: string;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  invoiceIds?: string[];

  @ApiPropertyOptional({ description: 'Missed installments that break the plan (default from configuration: 2)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  maxMissed?: number;
}

@ApiTags('collections')
@Controller('collections/accounts/:accountId/plans')
export class PaymentPlansHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @Roles('collector')
  @ApiOperation({ summary: 'Propose a payment plan (installments with dates and amounts)' })
  propose(@Param('accountId') accountId: string, @Body() body: ProposePlanDto, @Actor() actor: string) {
    const plan = { planId: body.planId, installments: body.installments.map((i) => ({ dueOn: i.dueOn, amountMinor: i.amountMinor })), currency: body.currency, invoiceIds: body.invoiceIds ?? [], ...(body.maxMissed !== undefined ? { maxMissed: body.maxMissed } : {}) };
    return this.commands.execute(new ProposePaymentPlanCommand(accountId, plan, httpContext(actor, `plan:${accountId}:${body.planId}`)));
  }

  @Post(':planId/accept')
  @Roles('collector')
  @ApiOperation({ summary: 'The customer accepted the plan: it holds the ladder while installments are kept' })
  accept(@Param('accountId') accountId: string, @Param('planId') planId: string, @Actor() actor: string) {
    return this.commands.execute(new AcceptPaymentPlanCommand(accountId, planId, httpContext(actor)));
  }
}

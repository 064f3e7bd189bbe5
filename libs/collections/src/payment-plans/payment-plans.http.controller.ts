import { Body, Controller, Inject, Param, Post } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMinSize, IsArray, IsInt, IsOptional, IsString, Length, Matches, Min, ValidateNested } from 'class-validator';
import { CaseStreams } from '../case-store/case.streams';
import { COLLECTIONS_OPTIONS, type CollectionsOptions } from '../collections.options';
import { ACTOR_HEADER, Actor } from '../http/actor.decorator';
import { httpContext } from '../http/command-context';

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
  constructor(
    private readonly cases: CaseStreams,
    @Inject(COLLECTIONS_OPTIONS) private readonly options: CollectionsOptions,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Propose a payment plan (installments with dates and amounts)' })
  @ApiHeader({ name: ACTOR_HEADER, required: false })
  async propose(@Param('accountId') accountId: string, @Body() body: ProposePlanDto, @Actor() actor: string) {
    await this.cases.execute(
      { type: 'ProposePaymentPlan', accountId, planId: body.planId, installments: body.installments.map((i) => ({ dueOn: i.dueOn, amountMinor: i.amountMinor })), currency: body.currency, invoiceIds: body.invoiceIds ?? [], maxMissed: body.maxMissed ?? this.options.planMaxMissed, proposedBy: actor, on: this.cases.today() },
      httpContext(actor, `plan:${accountId}:${body.planId}`),
    );
    return { accountId, planId: body.planId, status: 'proposed' };
  }

  @Post(':planId/accept')
  @ApiOperation({ summary: 'The customer accepted the plan: it holds the ladder while installments are kept' })
  @ApiHeader({ name: ACTOR_HEADER, required: false })
  async accept(@Param('accountId') accountId: string, @Param('planId') planId: string, @Actor() actor: string) {
    await this.cases.execute({ type: 'AcceptPaymentPlan', accountId, planId, acceptedBy: actor, on: this.cases.today() }, httpContext(actor));
    return { accountId, planId, status: 'accepted' };
  }
}

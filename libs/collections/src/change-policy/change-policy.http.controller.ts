import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBody, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsObject, IsOptional, IsString, Matches } from 'class-validator';
import { Actor, Roles } from '@o2c/kernel';
import { httpContext } from '../http/command-context';
import type { DunningPolicyVersion } from '../policy/dunning-policy';
import { ChangePolicyCommand, GetPolicyVersionsQuery } from './change-policy.command';

export class ChangePolicyDto {
  @ApiProperty({ description: 'The policy: {name, segment, kind, collectorTime, steps: [{stepId, offsetDays, anchor?, channel, templateId, conditions?, assessPenalty?}], handoff: {afterDays} | null}' })
  @IsObject()
  policy!: Record<string, unknown>;

  @ApiPropertyOptional({ description: 'First day the version applies (YYYY-MM-DD); default today' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'effectiveFrom must be a date YYYY-MM-DD' })
  effectiveFrom?: string;

  @ApiProperty()
  @IsString()
  reason!: string;
}

@ApiTags('collections')
@Controller('collections/policies')
export class ChangePolicyHttpController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Put(':policyId')
  @Roles('credit_manager')
  @ApiOperation({ summary: 'Publish a new version of a dunning policy (id `<segment>.<kind>`); a bad policy is a 400 naming the field' })
  @ApiBody({ type: ChangePolicyDto })
  change(@Param('policyId') policyId: string, @Body() body: ChangePolicyDto, @Actor() actor: string): Promise<DunningPolicyVersion> {
    return this.commands.execute(new ChangePolicyCommand(policyId, body.policy, body.effectiveFrom, body.reason, httpContext(actor)));
  }

  @Get(':policyId')
  @Roles('collector', 'credit_manager')
  @ApiOperation({ summary: 'Every version of a dunning policy' })
  versions(@Param('policyId') policyId: string): Promise<{ policyId: string; versions: DunningPolicyVersion[] }> {
    return this.queries.execute(new GetPolicyVersionsQuery(policyId));
  }
}

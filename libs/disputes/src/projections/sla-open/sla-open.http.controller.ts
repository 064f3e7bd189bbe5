import { DISPUTE_ORIGINS } from '@o2c/contracts';
import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { Roles } from '@o2c/kernel';
import { ListOpenDisputesQuery } from './list-open-disputes.query';
import { SLA_STANDINGS, SLA_SUMMARY_GROUPINGS, type OpenDisputeView, type SlaStanding, type SlaSummaryGroup, type SlaSummaryGroupBy } from './sla-open.queries';
import { SlaSummaryQuery } from './sla-summary.query';
import { ViewAsOf, ViewAsOfQuery } from '@o2c/messaging/nest';

export class SlaOpenQueryDto extends ViewAsOfQuery {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(100)
  ownerId?: string;

  @ApiPropertyOptional({ description: "the owners' manager: the disputes escalated (or to be escalated) to them" })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  managerId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(100)
  team?: string;

  @ApiPropertyOptional({ enum: DISPUTE_ORIGINS, description: 'customer: raised through the API; worklist: opened by a collector from the worklist' })
  @IsOptional()
  @IsIn(DISPUTE_ORIGINS as unknown as string[], { message: `origin must be one of ${DISPUTE_ORIGINS.join(', ')}` })
  origin?: string;

  @ApiPropertyOptional({ enum: SLA_STANDINGS, description: 'on_track, at_risk (12 hours or less left by default), breached, paused (waiting on the customer)' })
  @IsOptional()
  @IsIn(SLA_STANDINGS as string[], { message: `status must be one of ${SLA_STANDINGS.join(', ')}` })
  status?: SlaStanding;
}

export class SlaSummaryQueryDto extends ViewAsOfQuery {
  @ApiPropertyOptional({ enum: SLA_SUMMARY_GROUPINGS, default: 'owner' })
  @IsOptional()
  @IsIn(SLA_SUMMARY_GROUPINGS as string[], { message: `groupBy must be one of ${SLA_SUMMARY_GROUPINGS.join(', ')}` })
  groupBy?: SlaSummaryGroupBy;
}

@ApiTags('disputes')
@Controller('disputes/sla')
export class SlaOpenHttpController {
  constructor(private readonly queries: QueryBus) {}

  @Get('open')
  @ViewAsOf({ dto: true })
  @Roles('dispute_handler')
  @ApiOperation({ summary: 'Open disputes with their SLA time left, least first; per owner, team and standing (read model disputes.sla)' })
  open(@Query() query: SlaOpenQueryDto): Promise<{ asOf: string; disputes: OpenDisputeView[] }> {
    return this.queries.execute(new ListOpenDisputesQuery({ ownerId: query.ownerId, managerId: query.managerId, team: query.team, origin: query.origin, standing: query.status }, query.asOf));
  }

  @Get('summary')
  @ViewAsOf({ dto: true })
  @Roles('dispute_handler')
  @ApiOperation({ summary: 'Open disputes counted by standing (on_track, at_risk, breached, paused) per owner, manager, team or origin (customer, worklist), with the least time left' })
  summary(@Query() query: SlaSummaryQueryDto): Promise<{ asOf: string; groupBy: SlaSummaryGroupBy; groups: SlaSummaryGroup[] }> {
    return this.queries.execute(new SlaSummaryQuery(query.groupBy ?? 'owner', query.asOf));
  }
}

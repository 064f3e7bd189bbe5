import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { Roles } from '@o2c/kernel';
import { SlaStatsQuery, type SlaStatsAnswer } from './sla-stats.query';
import type { StatsGroupBy } from './sla-stats.queries';
import { ViewAsOf, ViewAsOfQuery } from '@o2c/messaging/nest';

const INSTANT = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?Z)?$/;

export class SlaStatsQueryDto extends ViewAsOfQuery {
  @ApiPropertyOptional({ description: 'resolved at or after (YYYY-MM-DD or ISO instant, UTC)', example: '2026-11-01' })
  @IsOptional()
  @Matches(INSTANT, { message: 'from must be YYYY-MM-DD or an ISO instant in UTC' })
  from?: string;

  @ApiPropertyOptional({ description: 'resolved before (exclusive)', example: '2026-12-01' })
  @IsOptional()
  @Matches(INSTANT, { message: 'to must be YYYY-MM-DD or an ISO instant in UTC' })
  to?: string;

  @ApiPropertyOptional({ enum: ['cause', 'month', 'origin'] })
  @IsOptional()
  @IsIn(['cause', 'month', 'origin'], { message: 'groupBy must be cause, month or origin' })
  groupBy?: StatsGroupBy;
}

@ApiTags('disputes')
@Controller('disputes/sla')
export class SlaStatsHttpController {
  constructor(private readonly queries: QueryBus) {}

  @Get('stats')
  @ViewAsOf({ dto: true })
  @Roles('dispute_handler')
  @ApiOperation({ summary: 'Share resolved within the SLA, median and p90 SLA time to resolve; by cause, by month or by origin (customer, worklist) (read model disputes.resolved)' })
  stats(@Query() query: SlaStatsQueryDto): Promise<SlaStatsAnswer> {
    return this.queries.execute(new SlaStatsQuery({ from: query.from, to: query.to, groupBy: query.groupBy }));
  }
}

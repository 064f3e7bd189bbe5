import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { SLA_STANDINGS, SlaOpenQueries, type OpenDisputeView, type SlaStanding } from './sla-open.queries';

export class SlaOpenQueryDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(100)
  ownerId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(100)
  team?: string;

  @ApiPropertyOptional({ enum: SLA_STANDINGS, description: 'on_track, at_risk (12 hours or less left by default), breached, paused (waiting on the customer)' })
  @IsOptional()
  @IsIn(SLA_STANDINGS as string[], { message: `status must be one of ${SLA_STANDINGS.join(', ')}` })
  status?: SlaStanding;
}

@ApiTags('disputes')
@Controller('disputes/sla')
export class SlaOpenHttpController {
  constructor(private readonly queries: SlaOpenQueries) {}

  @Get('open')
  @ApiOperation({ summary: 'Open disputes with their SLA time left, least first; per owner, team and standing (read model disputes.sla)' })
  open(@Query() query: SlaOpenQueryDto): Promise<{ asOf: string; disputes: OpenDisputeView[] }> {
    return this.queries.open({ ownerId: query.ownerId, team: query.team, standing: query.status });
  }
}

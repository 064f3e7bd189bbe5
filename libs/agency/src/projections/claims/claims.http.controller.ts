import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ClaimStatsQueryDto, ListClaimsQueryDto } from './claims.dto';
import { ClaimsQueries, type ClaimStats, type ClaimView } from './claims.queries';

@ApiTags('agency')
@Controller('agency')
export class ClaimsHttpController {
  constructor(private readonly queries: ClaimsQueries) {}

  @Get('claims')
  @ApiOperation({ summary: 'Claims, newest placement first, by agency and status' })
  list(@Query() query: ListClaimsQueryDto): Promise<ClaimView[]> {
    return this.queries.list(query);
  }

  @Get('claims/:claimId')
  @ApiOperation({ summary: 'One claim: invoices, status, recovered amount and commission, recall' })
  @ApiResponse({ status: 404, description: 'agency.claim_unknown' })
  get(@Param('claimId') claimId: string): Promise<ClaimView> {
    return this.queries.get(claimId);
  }

  @Get('stats')
  @ApiOperation({ summary: 'Claims placed, amounts recovered, commission, recall rate, per agency or per month of placement' })
  stats(@Query() query: ClaimStatsQueryDto): Promise<ClaimStats[]> {
    return this.queries.stats(query.from ?? '0001-01-01', query.to ?? '9999-12-31', query.groupBy ?? 'agency');
  }
}

import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '@o2c/kernel';
import { ClaimStatsQueryDto, ListClaimsQueryDto } from './claims.dto';
import type { ClaimStats, ClaimView } from './claims.queries';
import { ClaimStatsQuery, GetClaimQuery, ListClaimsQuery } from './claims.query';
import { ViewAsOf } from '@o2c/messaging/nest';

@ApiTags('agency')
@Controller('agency')
export class ClaimsHttpController {
  constructor(private readonly queries: QueryBus) {}

  @Get('claims')
  @ViewAsOf({ dto: true })
  @Roles('collector', 'credit_manager')
  @ApiOperation({ summary: 'Claims, newest placement first, by agency and status' })
  list(@Query() query: ListClaimsQueryDto): Promise<ClaimView[]> {
    return this.queries.execute(new ListClaimsQuery({ agencyId: query.agencyId, status: query.status, accountId: query.accountId }));
  }

  @Get('claims/:claimId')
  @ViewAsOf()
  @Roles('collector', 'credit_manager')
  @ApiOperation({ summary: 'One claim: invoices, status, recovered amount and commission, recall' })
  @ApiResponse({ status: 404, description: 'agency.claim_unknown' })
  get(@Param('claimId') claimId: string): Promise<ClaimView> {
    return this.queries.execute(new GetClaimQuery(claimId));
  }

  @Get('stats')
  @ViewAsOf({ dto: true })
  @Roles('collector', 'credit_manager')
  @ApiOperation({ summary: 'Claims placed, amounts recovered, commission, recall rate, per agency or per month of placement' })
  stats(@Query() query: ClaimStatsQueryDto): Promise<ClaimStats[]> {
    return this.queries.execute(new ClaimStatsQuery(query.from ?? '0001-01-01', query.to ?? '9999-12-31', query.groupBy ?? 'agency'));
  }
}

import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { IsIsoDate } from '../../http/iso-date';
import { ViewAsOfQuery } from '@o2c/messaging/nest';

export class ListClaimsQueryDto extends ViewAsOfQuery {
  @ApiPropertyOptional({ example: 'intrum' })
  @IsOptional()
  @Matches(/^[a-z0-9][a-z0-9-]{0,49}$/, { message: 'agencyId must be an agency id' })
  agencyId?: string;

  @ApiPropertyOptional({ description: 'placed, sent, an agency status, recovered, uncollectable, recalled', example: 'recalled' })
  @IsOptional()
  @Matches(/^[a-z_]{1,30}$/, { message: 'status must be a claim status' })
  status?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}$/, { message: 'accountId must be an account id' })
  accountId?: string;
}

export class ClaimStatsQueryDto extends ViewAsOfQuery {
  @ApiPropertyOptional({ description: 'First placement day (default 0001-01-01)', example: '2026-01-01' })
  @IsOptional()
  @IsIsoDate('from')
  from?: string;

  @ApiPropertyOptional({ description: 'Last placement day (default 9999-12-31)', example: '2026-12-31' })
  @IsOptional()
  @IsIsoDate('to')
  to?: string;

  @ApiPropertyOptional({ enum: ['agency', 'month', 'agency_month'], default: 'agency', description: 'agency_month: one group per agency and month of placement, `<agencyId>/<YYYY-MM>`' })
  @IsOptional()
  @IsIn(['agency', 'month', 'agency_month'], { message: 'groupBy must be agency, month or agency_month' })
  groupBy?: 'agency' | 'month' | 'agency_month';
}

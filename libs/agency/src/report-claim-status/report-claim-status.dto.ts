import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { AGENCY_STATUSES, type AgencyStatus } from '../claim/events';

export class ReportClaimStatusDto {
  @ApiProperty({ enum: AGENCY_STATUSES })
  @IsIn(AGENCY_STATUSES, { message: `status must be one of ${AGENCY_STATUSES.join(', ')}` })
  status!: AgencyStatus;

  @ApiPropertyOptional({ example: 'debtor reached by phone' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  note?: string;
}

export class ClaimStatusView {
  @ApiProperty()
  claimId!: string;
  @ApiProperty({ type: [String], description: 'The events recorded' })
  recorded!: string[];
}

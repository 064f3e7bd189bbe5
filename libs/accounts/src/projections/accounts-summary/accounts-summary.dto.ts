import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { ACCOUNT_KINDS, RISK_CLASSES, SEGMENTS, type AccountKind, type RiskClass, type Segment } from '@o2c/contracts';
import { ViewAsOfQuery } from '@o2c/messaging/nest';

export const ACCOUNTS_SORTS = ['account_id', 'exposure', 'held'] as const;
export type AccountsSort = (typeof ACCOUNTS_SORTS)[number];

export class ListAccountsRequest extends ViewAsOfQuery {
  @ApiPropertyOptional({ enum: SEGMENTS })
  @IsOptional()
  @IsIn(SEGMENTS)
  segment?: Segment;

  @ApiPropertyOptional({ enum: RISK_CLASSES })
  @IsOptional()
  @IsIn(RISK_CLASSES)
  riskClass?: RiskClass;

  @ApiPropertyOptional({ enum: ACCOUNT_KINDS })
  @IsOptional()
  @IsIn(ACCOUNT_KINDS)
  kind?: AccountKind;

  @ApiPropertyOptional({ enum: ACCOUNTS_SORTS, default: 'account_id', description: 'exposure and held: largest first' })
  @IsOptional()
  @IsIn(ACCOUNTS_SORTS)
  sort?: AccountsSort;

  @ApiPropertyOptional({ default: 100, maximum: 1000 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;

  @ApiPropertyOptional({ default: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  offset?: number;
}

export class AccountSummaryView {
  @ApiProperty() accountId!: string;
  @ApiProperty() legalName!: string;
  @ApiProperty({ enum: ACCOUNT_KINDS }) kind!: string;
  @ApiProperty({ enum: SEGMENTS }) segment!: string;
  @ApiProperty() currency!: string;
  @ApiProperty() creditLimitMinor!: number;
  @ApiProperty() receivablesMinor!: number;
  @ApiProperty() uninvoicedOrdersMinor!: number;
  @ApiProperty() exposureMinor!: number;
  @ApiProperty({ enum: RISK_CLASSES }) riskClass!: string;
  @ApiProperty() heldCount!: number;
  @ApiProperty() openedAt!: string;
}

export class AccountsPage {
  @ApiProperty({ type: [AccountSummaryView] }) accounts!: AccountSummaryView[];
  @ApiProperty() total!: number;
}

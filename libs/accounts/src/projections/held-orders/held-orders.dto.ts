import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { RISK_CLASSES, SEGMENTS } from '@o2c/contracts';
import { ViewAsOfQuery } from '@o2c/messaging/nest';

export const HELD_ORDERS_SORTS = ['oldest', 'largest', 'most_over_limit'] as const;
export type HeldOrdersSort = (typeof HELD_ORDERS_SORTS)[number];

export class HeldOrdersRequest extends ViewAsOfQuery {
  @ApiPropertyOptional({ description: 'only this account' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}$/, { message: 'accountId must be 1-100 letters, digits, or _ . : -' })
  accountId?: string;

  @ApiPropertyOptional({ enum: HELD_ORDERS_SORTS, default: 'oldest' })
  @IsOptional()
  @IsIn(HELD_ORDERS_SORTS)
  sort?: HeldOrdersSort;

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

export class HeldOrderView {
  @ApiProperty() accountId!: string;
  @ApiProperty() orderId!: string;
  @ApiPropertyOptional() legalName?: string;
  @ApiPropertyOptional({ enum: SEGMENTS }) segment?: string;
  @ApiPropertyOptional({ enum: RISK_CLASSES }) riskClass?: string;
  @ApiProperty() amountMinor!: number;
  @ApiProperty() currency!: string;
  @ApiProperty({ enum: ['over_limit', 'currency_mismatch'] }) holdReason!: string;
  @ApiProperty({ description: 'what the credit check saw: receivables, uninvoiced orders, this order, total' })
  exposureSeen!: { receivablesMinor: number; uninvoicedOrdersMinor: number; orderMinor: number; totalMinor: number };
  @ApiProperty({ description: 'the limit at the check' }) creditLimitSeenMinor!: number;
  @ApiProperty({ description: 'by how much the check was over the limit' }) overLimitMinor!: number;
  @ApiPropertyOptional({ description: "the account's limit now" }) creditLimitNowMinor?: number;
  @ApiPropertyOptional({ description: "the account's exposure now (without this order)" }) exposureNowMinor?: number;
  @ApiProperty() placedAt!: string;
  @ApiProperty() heldAt!: string;
}

export class HeldOrdersPage {
  @ApiProperty({ type: [HeldOrderView] }) heldOrders!: HeldOrderView[];
  @ApiProperty({ description: 'held orders matching, all pages' }) total!: number;
}

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { DISPUTE_CAUSES, type DisputeCause } from '@o2c/contracts';
import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';

export class OpenDisputeDto {
  @ApiPropertyOptional({ description: 'Chosen by the caller to make a retry a no-op; generated when absent', example: 'D-2026-0042' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}$/, { message: 'disputeId must be 1-100 letters, digits, or _ . : - (starting with a letter or digit)' })
  disputeId?: string;

  @ApiProperty({ example: 'INV-ORD-1' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  invoiceId!: string;

  @ApiPropertyOptional({ description: "The disputed part, integer minor units, at most the invoice's open amount; default: the whole open amount", example: 40_00 })
  @IsOptional()
  @IsInt({ message: 'amountMinor must be an integer number of minor units' })
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  amountMinor?: number;

  @ApiProperty({ enum: DISPUTE_CAUSES })
  @IsIn(DISPUTE_CAUSES as unknown as string[], { message: `cause must be one of ${DISPUTE_CAUSES.join(', ')}` })
  cause!: DisputeCause;

  @ApiPropertyOptional({ description: 'One of the configured owners; default the configured default owner', example: 'disputes-desk' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  ownerId?: string;

  @ApiPropertyOptional({ example: '3 boxes of paper arrived wet' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string;
}

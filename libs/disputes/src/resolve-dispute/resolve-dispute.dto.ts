import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { DISPUTE_OUTCOMES, type DisputeOutcome } from '../dispute/events';

export class ResolveDisputeDto {
  @ApiProperty({ enum: DISPUTE_OUTCOMES, description: 'credit_note: invoicing issues a credit note of creditAmountMinor; corrected_invoice: invoicing cancels the invoice by a credit note and issues the corrected invoice <invoiceId>-C<resolution> of correctedTotalMinor; rejected: the hold ends and dunning resumes' })
  @IsIn(DISPUTE_OUTCOMES as string[], { message: `outcome must be one of ${DISPUTE_OUTCOMES.join(', ')}` })
  outcome!: DisputeOutcome;

  @ApiPropertyOptional({ description: 'What the customer no longer owes, integer minor units, at most the disputed amount (full or partial credit)', example: 15_00 })
  @IsOptional()
  @IsInt({ message: 'creditAmountMinor must be an integer number of minor units' })
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  creditAmountMinor?: number;

  @ApiPropertyOptional({ description: 'corrected_invoice only (then required): what the corrected invoice says in total, tax included, integer minor units', example: 540_00 })
  @IsOptional()
  @IsInt({ message: 'correctedTotalMinor must be an integer number of minor units' })
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  correctedTotalMinor?: number;

  @ApiPropertyOptional({ description: "The corrected total's currency: must be the disputed invoice's (default)", example: 'EUR' })
  @IsOptional()
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code (3 capital letters)' })
  currency?: string;

  @ApiProperty({ example: 'carrier damaged the goods' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  rootCause!: string;
}

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { DISPUTE_OUTCOMES, type DisputeOutcome } from '../dispute/events';

export class ResolveDisputeDto {
  @ApiProperty({ enum: DISPUTE_OUTCOMES, description: 'credit_note: invoicing issues a credit note of creditAmountMinor; corrected_invoice: optional credit; rejected: the hold ends and dunning resumes' })
  @IsIn(DISPUTE_OUTCOMES as string[], { message: `outcome must be one of ${DISPUTE_OUTCOMES.join(', ')}` })
  outcome!: DisputeOutcome;

  @ApiPropertyOptional({ description: 'What the customer no longer owes, integer minor units, at most the disputed amount (full or partial credit)', example: 15_00 })
  @IsOptional()
  @IsInt({ message: 'creditAmountMinor must be an integer number of minor units' })
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  creditAmountMinor?: number;

  @ApiProperty({ example: 'carrier damaged the goods' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  rootCause!: string;
}

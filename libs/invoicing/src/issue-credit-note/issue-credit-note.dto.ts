import { ApiProperty } from '@nestjs/swagger';
import { IsInt, IsNotEmpty, IsString, Matches, Max, MaxLength, Min } from 'class-validator';

export class IssueCreditNoteDto {
  @ApiProperty({ description: 'The credit note id, chosen by the caller: a repeat with the same id and amount is a no-op', example: 'CN-2026-000017' })
  @Matches(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}$/, { message: 'creditNoteId must be 1-100 letters, digits, or _ . : - (starting with a letter or digit)' })
  creditNoteId!: string;

  @ApiProperty({ description: 'Integer minor units, at most the invoice\'s open amount (full or partial credit)', example: 12_000, minimum: 1 })
  @IsInt({ message: 'amountMinor must be an integer number of minor units' })
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  amountMinor!: number;

  @ApiProperty({ example: 'damaged goods (dispute D-42)' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  reason!: string;
}

export class CreditNoteIssuedView {
  @ApiProperty({ enum: ['credit_note_issued', 'already_handled'] })
  outcome!: string;
  @ApiProperty()
  creditNoteId!: string;
  @ApiProperty()
  invoiceId!: string;
  @ApiProperty()
  amountMinor!: number;
  @ApiProperty({ description: "The invoice's open amount after the credit note" })
  openAmountMinor!: number;
}

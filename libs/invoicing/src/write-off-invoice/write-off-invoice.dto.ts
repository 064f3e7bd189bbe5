import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

export class WriteOffInvoiceDto {
  @ApiProperty({ example: 'debtor insolvent, claim closed by the agency' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  reason!: string;

  @ApiProperty({ description: 'Who approved the write-off', example: 'user:cfo' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  approvedBy!: string;
}

export class InvoiceWrittenOffView {
  @ApiProperty({ enum: ['written_off', 'already_handled'] })
  outcome!: string;
  @ApiProperty()
  invoiceId!: string;
  @ApiProperty({ description: 'The amount written off: the open amount at that moment' })
  amountMinor!: number;
  @ApiProperty()
  openAmountMinor!: number;
}

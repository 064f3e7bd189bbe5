import { ApiProperty } from '@nestjs/swagger';
import { IsInt, IsNotEmpty, IsString, Max, MaxLength, Min } from 'class-validator';
import { MAX_PAYMENT_TERMS_DAYS } from '../account/decide';

export class ChangePaymentTermsRequest {
  @ApiProperty({ example: 45, minimum: 0, maximum: MAX_PAYMENT_TERMS_DAYS })
  @IsInt()
  @Min(0)
  @Max(MAX_PAYMENT_TERMS_DAYS)
  paymentTermsDays!: number;

  @ApiProperty({ example: 'negotiated at the annual review' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  reason!: string;
}

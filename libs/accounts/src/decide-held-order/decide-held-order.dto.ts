import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

export class CreditDecisionRequest {
  @ApiProperty({ example: 'long-standing customer, large order expected' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  reason!: string;
}

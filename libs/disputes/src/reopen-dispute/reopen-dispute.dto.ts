import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

export class ReopenDisputeDto {
  @ApiProperty({ example: 'the customer restates: the credit note did not cover the freight' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  reason!: string;
}

import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { SEGMENTS, type Segment } from '@o2c/contracts';

export class ChangeSegmentRequest {
  @ApiProperty({ enum: SEGMENTS })
  @IsIn(SEGMENTS)
  segment!: Segment;

  @ApiProperty({ example: 'three invoices paid over 30 days late' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  reason!: string;
}

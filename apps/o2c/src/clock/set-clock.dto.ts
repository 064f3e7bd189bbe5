import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsInt, IsOptional, Max, Min } from 'class-validator';

export class SetClockRequest {
  @ApiPropertyOptional({ description: 'move the demo clock to this instant (ISO 8601)', example: '2026-12-01T09:00:00Z' })
  @IsOptional()
  @IsISO8601({ strict: true })
  instant?: string;

  @ApiPropertyOptional({ description: 'or move it forward by this many days', example: 1 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(3650)
  advanceDays?: number;
}

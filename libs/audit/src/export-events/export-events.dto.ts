import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional, IsString, Matches, MaxLength } from 'class-validator';

export class ExportEventsRequest {
  @ApiPropertyOptional({ description: 'only streams whose name starts with this (a category, e.g. "invoice-"); all when absent' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  streamPrefix?: string;

  @ApiPropertyOptional({ description: 'first $all position (inclusive, decimal)', example: '1' })
  @IsOptional()
  @Matches(/^\d{1,19}$/, { message: 'fromPosition must be a non-negative integer' })
  fromPosition?: string;

  @ApiPropertyOptional({ description: 'last $all position (inclusive, decimal)' })
  @IsOptional()
  @Matches(/^\d{1,19}$/, { message: 'toPosition must be a non-negative integer' })
  toPosition?: string;

  @ApiPropertyOptional({ description: 'events recorded at or after this ISO 8601 instant', example: '2026-11-01T00:00:00Z' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'from must be an ISO 8601 instant' })
  from?: string;

  @ApiPropertyOptional({ description: 'events recorded before this ISO 8601 instant (exclusive)', example: '2026-12-01T00:00:00Z' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'to must be an ISO 8601 instant' })
  to?: string;
}

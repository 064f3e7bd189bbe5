import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { MAX_PAGE } from '../presentation/paging.dto';

export class ListStreamsRequest {
  @ApiPropertyOptional({ description: 'category: the part of the stream name before its first dash, e.g. "invoice" for invoice-INV-1', example: 'invoice' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  category?: string;

  @ApiPropertyOptional({ description: 'exclusive: stream names after this one (paging)' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  after?: string;

  @ApiPropertyOptional({ default: 100, maximum: MAX_PAGE })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE)
  limit?: number;
}

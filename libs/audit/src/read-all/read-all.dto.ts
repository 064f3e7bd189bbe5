import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { EventPageQuery } from '../presentation/paging.dto';

export class ReadAllRequest extends EventPageQuery {
  @ApiPropertyOptional({ description: 'only streams whose name starts with this (a category, e.g. "invoice-")' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  streamPrefix?: string;

  @ApiPropertyOptional({ description: 'only events whose type starts with this (e.g. "Invoice")' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  typePrefix?: string;
}

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { IsIsoDate } from '../http/iso-date';

export class EvaluatePlacementsDto {
  @ApiPropertyOptional({ description: "The business day evaluated (default: the clock's today, UTC)", example: '2026-11-05' })
  @IsOptional()
  @IsIsoDate('date')
  date?: string;
}

export class EvaluationView {
  @ApiProperty()
  date!: string;
  @ApiProperty({ description: 'Accounts read (something open, or a claim out)' })
  evaluated!: number;
  @ApiProperty({ type: [String], description: 'Claims placed by this evaluation' })
  placed!: string[];
}

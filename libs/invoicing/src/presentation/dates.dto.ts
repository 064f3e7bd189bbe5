import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsISO8601, IsOptional, Matches, Max, Min } from 'class-validator';

export const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const DAY_OR_INSTANT = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2}))?$/;

export class AsOfQuery {
  @ApiPropertyOptional({
    description:
      "A day (YYYY-MM-DD): the live view, aged at that day. An ISO 8601 instant (2026-11-25T12:00:00Z): the view as the business knew it then (events recorded up to that instant), aged at the instant's UTC day. Default: the live view, aged at the clock's today (UTC)",
    example: '2026-11-25',
  })
  @IsOptional()
  @Matches(DAY_OR_INSTANT, { message: 'asOf must be a day (YYYY-MM-DD) or an ISO 8601 instant with a time zone' })
  asOf?: string;
}

export class DsoWindowQuery extends AsOfQuery {
  @ApiPropertyOptional({ description: 'N, the days of credit sales looked back over (default 90, or O2C_DSO_DAYS)', minimum: 1, maximum: 3650 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'days must be a whole number of days' })
  @Min(1)
  @Max(3650)
  days?: number;
}

export class AtQuery {
  @ApiPropertyOptional({ description: 'An ISO 8601 instant; default: now', example: '2026-11-25T12:00:00Z' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'at must be an ISO 8601 instant' })
  at?: string;
}

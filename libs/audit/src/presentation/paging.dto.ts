import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';

export const MAX_PAGE = 1000;

/** Common to every event page: direction, page size and an inclusive start as a decimal string (bigint). */
export class EventPageQuery {
  @ApiPropertyOptional({ enum: ['forwards', 'backwards'], default: 'forwards' })
  @IsOptional()
  @IsIn(['forwards', 'backwards'])
  direction?: 'forwards' | 'backwards';

  @ApiPropertyOptional({ description: 'inclusive start: a revision/position (decimal), or "start" / "end"', example: 'start' })
  @IsOptional()
  @Matches(/^(start|end|\d{1,19})$/, { message: 'from must be a non-negative integer, "start" or "end"' })
  from?: string;

  @ApiPropertyOptional({ default: 100, maximum: MAX_PAGE })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE)
  limit?: number;
}

export function parseFrom(from: string | undefined): bigint | 'start' | 'end' | undefined {
  if (from === undefined || from === 'start' || from === 'end') return from;
  return BigInt(from);
}

/** The next page starts one past the last event read, in the direction of reading; null when the page was short. */
export function nextCursor(last: bigint | undefined, count: number, limit: number, direction: 'forwards' | 'backwards'): string | null {
  if (last === undefined || count < limit) return null;
  if (direction === 'backwards') return last === 0n ? null : (last - 1n).toString();
  return (last + 1n).toString();
}

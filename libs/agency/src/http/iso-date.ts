import { applyDecorators } from '@nestjs/common';
import { IsISO8601, Matches } from 'class-validator';

/** An ISO calendar date (YYYY-MM-DD) that exists. */
export const IsIsoDate = (field: string) =>
  applyDecorators(Matches(/^\d{4}-\d{2}-\d{2}$/, { message: `${field} must be a date YYYY-MM-DD` }), IsISO8601({ strict: true }, { message: `${field} must be a real calendar date` }));

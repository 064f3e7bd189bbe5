import { BadRequestException, ValidationPipe, type ValidationError } from '@nestjs/common';

export interface FieldProblem {
  readonly field: string;
  readonly problems: string[];
}

function flatten(errors: readonly ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((e) => {
    const field = parent ? `${parent}.${e.property}` : e.property;
    const own = e.constraints ? [{ field, problems: Object.values(e.constraints) }] : [];
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

/**
 * class-validator on every request: unknown fields are refused, and a bad request
 * gets a 400 that names each bad field, before any handler runs (so nothing is recorded).
 */
export function requestValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => {
      const fields = flatten(errors);
      return new BadRequestException({
        error: {
          kind: 'validation',
          code: 'request.invalid',
          message: `invalid request: ${fields.map((f) => f.field).join(', ')}`,
          fields,
        },
      });
    },
  });
}

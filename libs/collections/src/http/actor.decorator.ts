import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { DomainException, domainError } from '@o2c/kernel';
import type { Request } from 'express';

export const ACTOR_HEADER = 'x-o2c-actor';
export const ANONYMOUS = 'user:anonymous';
const ACTOR = /^[A-Za-z0-9][A-Za-z0-9_.:@-]{0,199}$/;

/** Who is acting: the `x-o2c-actor` header (e.g. `user:cm-1`), `user:anonymous` when absent. Authentication is the gateway's job. */
export const Actor = createParamDecorator((_: unknown, context: ExecutionContext): string => {
  const raw = context.switchToHttp().getRequest<Request>().headers[ACTOR_HEADER];
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (value === undefined || value === '') return ANONYMOUS;
  if (!ACTOR.test(value)) {
    throw new DomainException(domainError('validation', 'request.invalid_actor', `${ACTOR_HEADER} must be 1-200 letters, digits or _ . : @ -`, { field: ACTOR_HEADER }));
  }
  return value;
});

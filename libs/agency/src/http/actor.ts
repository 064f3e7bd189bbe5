import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';

export const ACTOR_HEADER = 'x-o2c-actor';
const ACTOR = /^(user|svc|system):[A-Za-z0-9_.@-]{1,100}$/;

/** Who asks: the `x-o2c-actor` header (`user:<id>`, `svc:<name>`), `fallback` when absent or malformed. */
export const RequestActor = createParamDecorator((fallback: string | undefined, context: ExecutionContext): string => {
  const value = context.switchToHttp().getRequest<Request>().header(ACTOR_HEADER);
  return value && ACTOR.test(value) ? value : (fallback ?? 'user:anonymous');
});

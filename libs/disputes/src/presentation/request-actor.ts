import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';

export const ACTOR_HEADER = 'x-o2c-actor';
const ACTOR = /^(user|svc|system):[A-Za-z0-9_.@-]{1,100}$/;

/** Who asks: the `x-o2c-actor` header (`user:<id>`, `svc:<name>`, `system:<job>`), `user:anonymous` when absent or malformed. */
export const RequestActor = createParamDecorator((_: unknown, context: ExecutionContext): string => {
  const value = context.switchToHttp().getRequest<Request>().header(ACTOR_HEADER);
  return value && ACTOR.test(value) ? value : 'user:anonymous';
});

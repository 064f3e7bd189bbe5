import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { AuthenticatedRequest } from './roles.guard';

/**
 * Who is acting, for the events' metadata: the verified token's subject
 * (`user:alice`, `svc:oms`), set by RolesGuard. Only on endpoints that declare
 * `@Roles(...)`: a public endpoint has no actor.
 */
export const Actor = createParamDecorator((_: unknown, context: ExecutionContext): string => {
  const principal = context.switchToHttp().getRequest<AuthenticatedRequest>().o2cPrincipal;
  if (!principal) throw new Error('@Actor() on an endpoint without @Roles(): no authenticated caller');
  return principal.actor;
});

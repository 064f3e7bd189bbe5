import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiExtension, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { ROLES, type Role } from './roles';

export const ROLES_KEY = 'o2c:roles';
export const PUBLIC_KEY = 'o2c:public';

/**
 * The roles that do this work (on a handler, or on a controller for all its
 * handlers; the handler's wins). `admin` always may; `analyst` and `auditor`
 * may on reads (see `allowedRoles`). An endpoint without it is refused to
 * everyone (the global RolesGuard denies by default).
 */
export function Roles(...roles: [Role, ...Role[]]): MethodDecorator & ClassDecorator {
  for (const role of roles) if (!(ROLES as readonly string[]).includes(role)) throw new Error(`@Roles: unknown role ${String(role)}`);
  return applyDecorators(
    SetMetadata(ROLES_KEY, roles),
    ApiBearerAuth(),
    ApiExtension('x-o2c-roles', roles),
    ApiUnauthorizedResponse({ description: 'no bearer token, or one that does not verify or has expired' }),
    ApiForbiddenResponse({ description: `the token's roles may not call this (declared: ${roles.join(', ')}; admin always; analyst and auditor on reads)` }),
  );
}

/** Open to anyone without a token: only health (and the OpenAPI page, which is not a controller). */
export function Public(): MethodDecorator & ClassDecorator {
  return SetMetadata(PUBLIC_KEY, true);
}

import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { DomainException, domainError } from '../errors/domain-error';
import { allowedRoles, type Role } from './roles';
import { PUBLIC_KEY, ROLES_KEY } from './roles.decorator';
import { TokenRevocations } from './token-revocations';
import { TokenRefused, VerifiedTokens, type AuthConfig, type Principal } from './token';

export const AUTH_CONFIG = Symbol('AUTH_CONFIG');

/** The verified caller, set on the request by RolesGuard. */
export type AuthenticatedRequest = Request & { o2cPrincipal?: Principal };

const unauthenticated = (message: string) =>
  new DomainException(domainError('unauthenticated', 'auth.unauthenticated', message, { field: 'authorization' }));

/**
 * Global guard: every endpoint is refused unless it is `@Public()` or declares
 * `@Roles(...)` and the bearer token's roles include one allowed there. 401
 * without a valid token or with a revoked one (`auth.token_revoked`), 403 for a role not allowed (or no roles declared).
 */
@Injectable()
export class RolesGuard implements CanActivate {
  private readonly tokens: VerifiedTokens;

  constructor(
    private readonly reflector: Reflector,
    @Inject(AUTH_CONFIG) config: AuthConfig,
    @Inject(TokenRevocations) private readonly revocations: TokenRevocations,
  ) {
    this.tokens = new VerifiedTokens(config);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean | undefined>(PUBLIC_KEY, targets)) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const principal = await this.authenticate(request);
    const declared = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets) ?? [];
    const endpoint = `${request.method} ${request.route?.path ?? request.path}`;
    if (declared.length === 0) {
      throw new DomainException(domainError('forbidden', 'auth.no_roles_declared', `${endpoint} declares no roles, so it is refused to everyone`));
    }
    const allowed = allowedRoles(declared, request.method);
    if (!principal.roles.some((role) => allowed.includes(role))) {
      throw new DomainException(
        domainError('forbidden', 'auth.forbidden', `${endpoint} is for ${allowed.join(', ')}; the token has ${principal.roles.join(', ')}`, { details: { allowed, roles: principal.roles } }),
      );
    }
    request.o2cPrincipal = principal;
    return true;
  }

  private async authenticate(request: Request): Promise<Principal> {
    const header = request.headers.authorization;
    if (!header) throw unauthenticated('no Authorization header: send "Authorization: Bearer <token>" (npm run o2c -- token --role <role> --subject <you>)');
    const match = /^Bearer ([A-Za-z0-9_.-]+)$/.exec(header);
    if (!match) throw unauthenticated('the Authorization header must be "Bearer <token>"');
    let principal: Principal;
    try {
      principal = await this.tokens.verify(match[1]);
    } catch (error) {
      if (error instanceof TokenRefused) throw unauthenticated(error.message);
      throw error;
    }
    const revoked = await this.revocations.revokedBecause(principal);
    if (revoked) throw new DomainException(domainError('unauthenticated', 'auth.token_revoked', revoked, { field: 'authorization', details: { jti: principal.tokenId } }));
    return principal;
  }
}

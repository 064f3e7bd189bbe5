import { Global, Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AUTH_CONFIG, RolesGuard } from './roles.guard';
import type { AuthConfig } from './token';
import { TokenRevocations } from './token-revocations';
import { TokenRevocationsHttpController } from './token-revocations.http.controller';

export interface AuthModuleOptions {
  /** PostgreSQL holding `o2c_auth.token_revocations` (the same for every process of a deployment). */
  readonly databaseUrl: string;
  /** How long a process trusts its copy of the revocations (O2C_AUTH_REVOCATION_CACHE_MS, default 5000). */
  readonly revocationCacheMs?: number;
}

/** Installs RolesGuard on every route of the application (deny by default), checking revocations; serves /auth/revocations. */
@Global()
@Module({})
export class AuthModule implements OnApplicationShutdown {
  constructor(@Inject(TokenRevocations) private readonly revocations: TokenRevocations) {}

  static forRoot(config: AuthConfig, options: AuthModuleOptions): DynamicModule {
    return {
      module: AuthModule,
      providers: [
        { provide: AUTH_CONFIG, useValue: config },
        { provide: TokenRevocations, useFactory: () => TokenRevocations.connect(options.databaseUrl, { cacheMs: options.revocationCacheMs }) },
        { provide: APP_GUARD, useClass: RolesGuard },
      ],
      controllers: [TokenRevocationsHttpController],
      exports: [AUTH_CONFIG, TokenRevocations],
    };
  }

  onApplicationShutdown(): Promise<void> {
    return this.revocations.close();
  }
}

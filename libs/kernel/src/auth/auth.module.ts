import { Global, Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AUTH_CONFIG, RolesGuard } from './roles.guard';
import type { AuthConfig } from './token';

/** Installs RolesGuard on every route of the application (deny by default). */
@Global()
@Module({})
export class AuthModule {
  static forRoot(config: AuthConfig): DynamicModule {
    return {
      module: AuthModule,
      providers: [{ provide: AUTH_CONFIG, useValue: config }, { provide: APP_GUARD, useClass: RolesGuard }],
      exports: [AUTH_CONFIG],
    };
  }
}

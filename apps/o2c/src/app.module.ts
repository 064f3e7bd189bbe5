import { DynamicModule, Global, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AuditModule, eventIndexProjection } from '@o2c/audit';
import type { EventStoreConfig } from '@o2c/event-store';
import { EventStoreModule } from '@o2c/event-store/nest';
import { AuthModule, CLOCK, type AuthConfig, type Clock, type ProjectionDefinition } from '@o2c/kernel';
import type { BoundedContextDefinition } from '@o2c/messaging';
import { ContextHostModule, type ReadSideDefinition } from '@o2c/messaging/nest';
import { ClockHttpController } from './clock/clock.http.controller';
import { HealthHttpController } from './health/health.http.controller';

export interface AppOptions {
  readonly eventStore: EventStoreConfig;
  readonly clock: Clock;
  /** How bearer tokens are verified; every endpoint but health requires one. */
  readonly auth: AuthConfig;
  /** How long a process trusts its copy of the token revocations (ms; O2C_AUTH_REVOCATION_CACHE_MS, default 5000). */
  readonly revocationCacheMs?: number;
  /** PostgreSQL for read models, consumers' records and checkpoints (also the event store's, by default). */
  readonly databaseUrl: string;
  /** The bounded contexts this process runs. */
  readonly contexts: readonly BoundedContextDefinition[];
  /** Read sides beside the contexts (analytics' KPI facts in apps/o2c). */
  readonly readSides?: readonly ReadSideDefinition[];
  /** Kafka bootstrap servers; absent: the in-process transport. */
  readonly kafkaBrokers?: readonly string[];
  readonly clientId?: string;
  /** Relays, consumers and projections (default on). */
  readonly runBackground?: boolean;
}

@Global()
@Module({})
class ClockModule {
  static register(clock: Clock): DynamicModule {
    return { module: ClockModule, providers: [{ provide: CLOCK, useValue: clock }], exports: [CLOCK] };
  }
}

/** Every process keeps the auditors' event index (ids, causation, correlation by position) for traces; runners of it in several processes take turns. */
const auditReadSide: ReadSideDefinition = { name: 'audit', projections: [eventIndexProjection as unknown as ProjectionDefinition<object>] };

/** A process hosting some bounded contexts: all of them in apps/o2c (the embedded default), one in apps/<context>. */
@Module({})
export class AppModule {
  static register(options: AppOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [CqrsModule.forRoot(), ClockModule.register(options.clock), AuthModule.forRoot(options.auth, { databaseUrl: options.databaseUrl, revocationCacheMs: options.revocationCacheMs }), EventStoreModule.forRoot(options.eventStore),
        AuditModule,
        ContextHostModule.forRoot({
          contexts: options.contexts,
          readSides: [auditReadSide, ...(options.readSides ?? [])],
          databaseUrl: options.databaseUrl,
          kafkaBrokers: options.kafkaBrokers,
          clientId: options.clientId,
          runBackground: options.runBackground,
        }),
      ],
      controllers: [HealthHttpController, ClockHttpController],
    };
  }
}

import { DynamicModule, Global, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AuditModule } from '@o2c/audit';
import type { EventStoreConfig } from '@o2c/event-store';
import { EventStoreModule } from '@o2c/event-store/nest';
import { CLOCK, type Clock } from '@o2c/kernel';
import { ClockHttpController } from './clock/clock.http.controller';
import { HealthHttpController } from './health/health.http.controller';

export interface AppOptions {
  readonly eventStore: EventStoreConfig;
  readonly clock: Clock;
}

@Global()
@Module({})
class ClockModule {
  static register(clock: Clock): DynamicModule {
    return { module: ClockModule, providers: [{ provide: CLOCK, useValue: clock }], exports: [CLOCK] };
  }
}

/** The single process with every context: the embedded default. */
@Module({})
export class AppModule {
  static register(options: AppOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [CqrsModule.forRoot(), ClockModule.register(options.clock), EventStoreModule.forRoot(options.eventStore), AuditModule],
      controllers: [HealthHttpController, ClockHttpController],
    };
  }
}

import { Global, Module, type DynamicModule } from '@nestjs/common';
import { enableReadModelRedirects, PersonalDataVault, projectionEntities } from '@o2c/kernel';
import { DataSource } from 'typeorm';
import { READ_MODEL_DATA_SOURCE } from '../host/context-runtime';
import { InProcessTransport } from '../transport/in-process-transport';
import { KafkaTransport } from '../transport/kafka-transport';
import { MESSAGE_TRANSPORT } from '../transport/message-transport';
import { ContextHost } from './context-host.service';
import { HOST_OPTIONS, type ContextHostOptions } from './host.options';
import { IngressHttpController } from './ingress.http.controller';
import { ProjectionsHttpController } from './projections.http.controller';

/** Hosts bounded contexts in a process: the read-model DataSource, the transport, and the ContextHost that runs them. */
@Global()
@Module({})
export class ContextHostModule {
  static forRoot(options: ContextHostOptions): DynamicModule {
    return {
      module: ContextHostModule,
      imports: [...options.contexts.map((c) => c.module), ...(options.readSides ?? []).flatMap((r) => (r.module ? [r.module] : []))],
      controllers: [IngressHttpController, ProjectionsHttpController],
      providers: [
        { provide: HOST_OPTIONS, useValue: options },
        {
          provide: READ_MODEL_DATA_SOURCE,
          useFactory: async () => {
            const dataSource = new DataSource({
              type: 'postgres',
              url: options.databaseUrl,
              entities: [...projectionEntities([...options.contexts.flatMap((c) => c.projections), ...(options.readSides ?? []).flatMap((r) => r.projections)]), ...options.contexts.flatMap((c) => c.entities ?? [])],
              synchronize: false,
              extra: { max: 20 },
            });
            await dataSource.initialize();
            // Replays and views as of an instant run the views' own code on other tables (kernel table-redirect).
            enableReadModelRedirects(dataSource);
            // An idle pooled client losing its server must not kill the process (node-postgres #1707).
            (dataSource.driver as unknown as { master?: { on(event: 'error', listener: (error: Error) => void): void } }).master?.on('error', () => undefined);
            return dataSource;
          },
        },
        {
          provide: MESSAGE_TRANSPORT,
          useFactory: () =>
            options.kafkaBrokers?.length ? new KafkaTransport({ brokers: options.kafkaBrokers, clientId: options.clientId ?? 'o2c' }) : new InProcessTransport(),
        },
        // Personal fields sealed per data subject (crypto-shredding): one vault per process, keys in the same database.
        { provide: PersonalDataVault, useFactory: (dataSource: DataSource) => new PersonalDataVault(dataSource), inject: [READ_MODEL_DATA_SOURCE] },
        ContextHost,
      ],
      exports: [READ_MODEL_DATA_SOURCE, MESSAGE_TRANSPORT, ContextHost, HOST_OPTIONS, PersonalDataVault],
    };
  }
}

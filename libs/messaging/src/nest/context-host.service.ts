import { Inject, Injectable, Logger, type OnApplicationBootstrap, type BeforeApplicationShutdown } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { EVENT_STORE, type EventStore } from '@o2c/event-store';
import { migrateProjections, ProjectionRunner, ViewsAsOf, type ProjectionState } from '@o2c/kernel';
import type { DataSource } from 'typeorm';
import { runMessageConsumer, type ConsumerDefinition } from '../consumer/message-consumer';
import { READ_MODEL_DATA_SOURCE, type ContextRuntime } from '../host/context-runtime';
import { ingressConsumer } from '../ingress/ingress-consumer';
import { Relay } from '../relay/relay';
import { migrateMessaging } from '../schema';
import { MESSAGE_TRANSPORT, type MessageTransport, type RunningConsumer } from '../transport/message-transport';
import { ConsumerLag } from './consumer-lag';
import { HOST_OPTIONS, type ContextHostOptions } from './host.options';

export interface HostStatus {
  readonly transport: MessageTransport['kind'];
  readonly contexts: readonly string[];
  readonly projections: readonly (Omit<ProjectionState, 'checkpoint'> & { checkpoint: string })[];
  readonly relays: readonly { name: string; checkpoint: string; published: number }[];
  readonly consumers: readonly ConsumerStatus[];
}

export interface ConsumerStatus {
  readonly groupId: string;
  readonly running: boolean;
  readonly restarts: number;
  readonly lastError?: string;
  /** Messages the group has not committed yet (statusWithLag only); null when the transport did not answer in time. */
  readonly behind?: number | null;
  readonly behindByTopic?: Readonly<Record<string, number>> | null;
}

interface ConsumerHandle {
  readonly groupId: string;
  readonly topics: readonly string[];
  running?: RunningConsumer;
  lastError?: string;
  restarts?: number;
}

/**
 * Runs what the process's contexts hand over (ContextRuntime): migrations,
 * then the projections, the consumers (ingress and other contexts' events),
 * and a relay per context; stops them in the reverse order on shutdown.
 */
@Injectable()
export class ContextHost implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('ContextHost');
  private readonly projections = new Map<string, ProjectionRunner<object>>();
  private readonly relays: Relay[] = [];
  private readonly consumers: ConsumerHandle[] = [];
  private runtimes: ContextRuntime[] = [];
  private stopping = false;
  private readonly lag: ConsumerLag;

  constructor(
    @Inject(HOST_OPTIONS) private readonly options: ContextHostOptions,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_MODEL_DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(MESSAGE_TRANSPORT) private readonly transport: MessageTransport,
    private readonly moduleRef: ModuleRef,
  ) {
    // Kafka's lag costs admin round trips, so one answer serves a second; the in-process one reads memory.
    this.lag = new ConsumerLag(transport, { reuseMs: transport.kind === 'kafka' ? 1_000 : 0, timeoutMs: 1_000 });
  }

  /** The runtime of a context hosted here, for the ingress controller. */
  runtimeFor(predicate: (runtime: ContextRuntime) => boolean): ContextRuntime | undefined {
    return this.runtimes.find(predicate);
  }

  projection(name: string): ProjectionRunner<object> | undefined {
    return this.projections.get(name);
  }

  /** Every projection runner hosted here, in start order. */
  projectionRunners(): ProjectionRunner<object>[] {
    return [...this.projections.values()];
  }

  private asOf: ViewsAsOf | undefined;

  /** Every view hosted here as of a past instant (built on demand, cached by position). */
  viewsAsOf(): ViewsAsOf {
    this.asOf ??= new ViewsAsOf((table) => [...this.projections.values()].find((runner) => runner.table === table), this.store, this.dataSource);
    return this.asOf;
  }

  /** The read models' DataSource (replays, views as of an instant). */
  readModels(): DataSource {
    return this.dataSource;
  }

  async onApplicationBootstrap(): Promise<void> {
    this.runtimes = this.options.contexts.map((definition) => this.moduleRef.get(definition.runtime, { strict: false }));
    await migrateMessaging(this.dataSource);
    await migrateProjections(this.dataSource);
    for (const runtime of this.runtimes) await runtime.migrate?.(this.dataSource);
    if (this.options.runBackground === false) return;
    await this.startBackground();
  }

  async startBackground(): Promise<void> {
    const onError = (name: string, error: unknown) => this.logger.warn(`${name}: ${error instanceof Error ? error.message : String(error)}`);
    for (const definition of [...this.options.contexts, ...(this.options.readSides ?? [])]) {
      for (const projection of definition.projections) {
        const runner = new ProjectionRunner(projection, this.store, this.dataSource, { onError });
        this.projections.set(projection.name, runner);
        await runner.start();
      }
    }
    for (const runtime of this.runtimes) {
      const definitions = [...(runtime.consumers ?? [])];
      const ingress = ingressConsumer(runtime);
      if (ingress) definitions.push(ingress as (typeof definitions)[number]);
      for (const definition of definitions) {
        const handle: ConsumerHandle = { groupId: definition.groupId, topics: definition.topics };
        this.consumers.push(handle);
        await this.supervise(definition, handle, onError);
      }
    }
    for (const runtime of this.runtimes) {
      if (!runtime.translator) continue;
      const relay = new Relay(this.store, this.transport, this.dataSource, [runtime.translator], {
        name: `relay.${runtime.context}`,
        onError: (error) => onError(`relay.${runtime.context}`, error),
      });
      this.relays.push(relay);
      await relay.start();
    }
  }

  /**
   * Runs a consumer group and starts it again whenever it stops on its own
   * (a broker outage, the group coordinator expelling a slow member): its
   * committed offsets and our handled-message records make the restart safe.
   */
  private async supervise(definition: ConsumerDefinition<unknown>, handle: ConsumerHandle, onError: (name: string, error: unknown) => void): Promise<void> {
    const start = async (): Promise<void> => {
      handle.running = await runMessageConsumer(definition, {
        transport: this.transport,
        dataSource: this.dataSource,
        onRetry: (_incoming, error, attempt) => onError(`${definition.groupId} (attempt ${attempt})`, error),
        onDeadLetter: (incoming, reason) => this.logger.warn(`${definition.groupId}: dead-lettered ${incoming.topic}/${incoming.partition}/${incoming.offset}: ${reason.code} ${reason.message}`),
      });
      handle.running.done.catch(async (error: unknown) => {
        handle.lastError = error instanceof Error ? error.message : String(error);
        handle.running = undefined;
        onError(`${definition.groupId} stopped; restarting`, error);
        handle.restarts = (handle.restarts ?? 0) + 1;
        while (!this.stopping) {
          await new Promise((resolve) => setTimeout(resolve, 1000));
          if (this.stopping) return;
          try {
            await start();
            return;
          } catch (restartError) {
            onError(`${definition.groupId} restart`, restartError);
          }
        }
      });
    };
    await start();
  }

  status(): HostStatus {
    return {
      transport: this.transport.kind,
      contexts: this.runtimes.map((r) => r.context),
      projections: [...this.projections.values()].map((p) => ({ ...p.state(), checkpoint: String(p.state().checkpoint) })),
      relays: this.relays.map((r) => {
        const s = r.state();
        return { name: s.name, checkpoint: String(s.checkpoint), published: s.published };
      }),
      consumers: this.consumers.map((c) => ({ groupId: c.groupId, running: c.running !== undefined, restarts: c.restarts ?? 0, lastError: c.lastError })),
    };
  }

  /**
   * status() with each consumer group's lag, in total and per topic; `behind: null` when the transport did not
   * answer within a second (Kafka slow or down), so /health never waits on it longer.
   */
  async statusWithLag(): Promise<HostStatus> {
    const handles = [...this.consumers];
    const status = this.status();
    const lags = await this.lag.of(handles);
    return { ...status, consumers: status.consumers.map((consumer, i) => ({ ...consumer, behind: lags[i]?.behind ?? null, behindByTopic: lags[i]?.behindByTopic ?? null })) };
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    for (const relay of this.relays.splice(0)) await relay.stop().catch(() => undefined);
    for (const consumer of this.consumers.splice(0)) await consumer.running?.stop().catch(() => undefined);
    for (const runner of this.projections.values()) await runner.stop().catch(() => undefined);
    this.projections.clear();
    await this.transport.close();
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}

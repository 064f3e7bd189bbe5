import { Inject, Injectable, Optional, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { CLOCK, type Clock } from '@o2c/kernel';
import { READ_MODEL_DATA_SOURCE, type ConsumerDefinition, type ContextRuntime } from '@o2c/messaging';
import { HOST_OPTIONS, type ContextHostOptions } from '@o2c/messaging/nest';
import type { DataSource } from 'typeorm';
import { DisputeStreams } from './dispute/dispute.streams';
import { DISPUTES_POLICY, type DisputesPolicy } from './disputes.policy';
import { InvoiceKnowledge, migrateDisputes } from './learn-invoices/invoice-knowledge';
import { invoicesConsumer } from './learn-invoices/invoices.consumer';
import { SlaTimer } from './sla-timer/sla-timer';
import { disputesTranslator } from './translator/disputes.translator';

/**
 * What disputes hands to its host: the translator to `o2c.disputes.events`,
 * the consumer learning invoices from invoicing's topic, its own table, and
 * the SLA timer (started with the host's background work, stopped before shutdown).
 */
@Injectable()
export class DisputesRuntime implements ContextRuntime, OnApplicationBootstrap, BeforeApplicationShutdown {
  readonly context = 'disputes' as const;
  readonly translator = disputesTranslator;
  readonly consumers: readonly ConsumerDefinition<unknown>[];
  readonly slaTimer: SlaTimer;

  constructor(
    streams: DisputeStreams,
    knowledge: InvoiceKnowledge,
    @Inject(READ_MODEL_DATA_SOURCE) dataSource: DataSource,
    @Inject(CLOCK) clock: Clock,
    @Inject(DISPUTES_POLICY) policy: DisputesPolicy,
    @Optional() @Inject(HOST_OPTIONS) private readonly hostOptions?: ContextHostOptions,
  ) {
    this.consumers = [invoicesConsumer(knowledge) as ConsumerDefinition<unknown>];
    this.slaTimer = new SlaTimer(streams, dataSource, clock, policy.timerPollMs);
  }

  migrate(dataSource: DataSource): Promise<void> {
    return migrateDisputes(dataSource);
  }

  onApplicationBootstrap(): void {
    if (this.hostOptions?.runBackground !== false) this.slaTimer.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.slaTimer.stop();
  }
}

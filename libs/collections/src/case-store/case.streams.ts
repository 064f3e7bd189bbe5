import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, type EventStore, type RecordedEvent } from '@o2c/event-store';
import { CLOCK, StreamCommandQueue, StreamStateCache, streamCacheSize, type Clock, type CommandContext, type CommandOutcome } from '@o2c/kernel';
import { READ_MODEL_DATA_SOURCE } from '@o2c/messaging';
import type { DataSource, EntityManager } from 'typeorm';
import type { CaseCommand } from '../collection-case/case.commands';
import { caseDecider } from '../collection-case/case.decider';
import { caseStream, type CaseEvent } from '../collection-case/case.events';
import type { CaseState } from '../collection-case/case.state';
import { markCaseChanged } from './collections.tables';

/**
 * The collection cases through the kernel's decider runner, with a stream cache; every case is listed with its next
 * run date for the daily run. One case's commands queue in arrival order and those queued behind a running one are
 * decided together and appended at once (a consumer batch with an account's invoices and payments costs one append).
 */
@Injectable()
export class CaseStreams {
  private readonly cache = new StreamStateCache<CaseState>(streamCacheSize(10_000));
  private readonly commands: StreamCommandQueue<CaseCommand, CaseEvent, CaseState>;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) readonly clock: Clock,
    @Inject(READ_MODEL_DATA_SOURCE) private readonly dataSource: DataSource,
  ) {
    this.commands = new StreamCommandQueue(store, caseDecider, { clock, maxRetries: 20, cache: this.cache, maxStreams: 64 });
  }

  async execute(command: CaseCommand, context: CommandContext, manager?: EntityManager): Promise<CommandOutcome<CaseState, CaseEvent>> {
    const outcome = await this.commands.execute(caseStream(command.accountId), command, context);
    // The daily run plans its own next visit; anything else that changed the case puts it on the next run.
    if (command.type !== 'RunDailyDunning' && outcome.newEvents.length) await markCaseChanged(manager ?? this.dataSource, command.accountId);
    return outcome;
  }

  /** Reads these cases in one read of the store and caches them, for the commands about to run on them (the daily run). */
  prefetch(accountIds: readonly string[]): Promise<void> {
    return this.commands.prefetch(accountIds.map(caseStream));
  }

  async load(accountId: string): Promise<CaseState> {
    const name = caseStream(accountId);
    const cached = this.cache.get(name);
    const recorded = await this.store.readStream(name, cached ? { fromRevision: cached.revision + 1n } : undefined);
    let state = cached?.state ?? caseDecider.initialState();
    for (const e of recorded) state = caseDecider.evolve(state, { type: e.type, data: e.data } as CaseEvent);
    return state;
  }

  history(accountId: string): Promise<RecordedEvent[]> {
    return this.store.readStream(caseStream(accountId));
  }

  today(): string {
    return this.clock.now().toISOString().slice(0, 10);
  }
}

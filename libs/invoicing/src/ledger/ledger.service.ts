import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, type EventStore, type RecordedEvent } from '@o2c/event-store';
import { CLOCK, StreamCommandQueue, StreamStateCache, streamCacheSize, type Clock, type CommandContext, type CommandOutcome } from '@o2c/kernel';
import type { LedgerCommand } from './commands';
import { ledgerStream, type LedgerEvent } from './events';
import { ledgerDecider } from './ledger.decider';
import type { LedgerState } from './state';

const fromRecorded = (event: RecordedEvent): LedgerEvent => ({ type: event.type, data: event.data, schemaVersion: event.schemaVersion }) as LedgerEvent;

/** The I/O around the ledger decider: one account's stream, read, decided on and appended with the revision it read. */
@Injectable()
export class LedgerService {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    this.commands = new StreamCommandQueue(store, ledgerDecider, { clock, fromRecorded, maxRetries: 10, cache: this.cache });
  }

  /**
   * Folded ledgers kept between commands: the next command reads only what was appended since. evolve updates a
   * ledger in place, which is safe here because the queue runs one round per account at a time in this process and
   * drops a ledger from the cache whenever a round fails.
   */
  private readonly cache = new StreamStateCache<LedgerState>(streamCacheSize(10_000));
  /**
   * Commands on one account run in arrival order in this process, and those that queued up behind a running one are
   * decided together and appended at once; across processes the expected revision decides and the loser re-reads.
   */
  private readonly commands: StreamCommandQueue<LedgerCommand, LedgerEvent, LedgerState>;

  execute(command: LedgerCommand, context: CommandContext): Promise<CommandOutcome<LedgerState, LedgerEvent>> {
    return this.commands.execute(ledgerStream(command.accountId), command, context);
  }

  /** The ledger as it stood at `at` (events whose metadata occurredAt is at or before it), or now when absent. */
  async stateAt(accountId: string, at?: Date): Promise<{ state: LedgerState; events: number }> {
    const recorded = await this.store.readStream(ledgerStream(accountId));
    let state = ledgerDecider.initialState();
    let events = 0;
    for (const event of recorded) {
      if (at && Date.parse(event.metadata.occurredAt) > at.getTime()) break;
      state = ledgerDecider.evolve(state, fromRecorded(event));
      events++;
    }
    return { state, events };
  }

  now(): Date {
    return this.clock.now();
  }
}

import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, type EventStore, type RecordedEvent } from '@o2c/event-store';
import { CLOCK, handleCommand, StreamStateCache, streamCacheSize, type Clock, type CommandContext, type CommandOutcome } from '@o2c/kernel';
import type { DisputeCommand } from './commands';
import { disputeDecider } from './dispute.decider';
import { disputeStream, type DisputeEvent } from './events';
import type { DisputeState } from './state';

/** The I/O around the dispute decider: one stream per dispute, read, decided on and appended with the revision it read. */
@Injectable()
export class DisputeStreams {
  private readonly cache = new StreamStateCache<DisputeState>(streamCacheSize(10_000));

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  execute(disputeId: string, command: DisputeCommand, context: CommandContext): Promise<CommandOutcome<DisputeState, DisputeEvent>> {
    return handleCommand(this.store, disputeStream(disputeId), disputeDecider, command, context, { clock: this.clock, maxRetries: 10, cache: this.cache });
  }

  /** The dispute's state and its whole history, from its stream (no lag). */
  async load(disputeId: string): Promise<{ state: DisputeState; history: readonly RecordedEvent[] }> {
    const history = await this.store.readStream(disputeStream(disputeId));
    let state = disputeDecider.initialState();
    for (const e of history) state = disputeDecider.evolve(state, { type: e.type, data: e.data } as DisputeEvent);
    return { state, history };
  }

  now(): Date {
    return this.clock.now();
  }
}

import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '@o2c/event-store';
import { CLOCK, StreamCommandQueue, StreamStateCache, streamCacheSize, type Clock, type CommandContext, type CommandOutcome, type Decider } from '@o2c/kernel';
import type { AccountCommand } from './account/account.commands';
import { accountDecider } from './account/account.decider';
import { accountStream, type AccountEvent } from './account/account.events';
import { accountEventOf } from './account/upcasters';
import type { AccountState } from './account/account.state';
import type { AccountsPolicy } from './account/decide';
import { ACCOUNTS_POLICY } from './accounts.policy';

/**
 * The account streams through the kernel's decider runner: every decision on
 * an account reads its stream and appends with the revision it read, so two
 * concurrent orders on one account are decided one after the other (the loser
 * re-reads and re-decides) and cannot both take the same headroom.
 */
@Injectable()
export class AccountStreams {
  private readonly decider: Decider<AccountCommand, AccountEvent, AccountState>;
  /** Busy accounts' folded state, so a decision reads only the events appended since (exact across processes: it re-reads the tail). */
  private readonly cache = new StreamStateCache<AccountState>(streamCacheSize(10_000));

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ACCOUNTS_POLICY) policy: AccountsPolicy,
  ) {
    this.decider = accountDecider(policy);
    // Other processes write the same accounts: retry generously before giving up with a 409.
    this.commands = new StreamCommandQueue(store, this.decider, { clock, maxRetries: 20, cache: this.cache, fromRecorded: accountEventOf });
  }

  /** One account's commands in arrival order; those queued behind a running one are decided together, in one append. */
  private readonly commands: StreamCommandQueue<AccountCommand, AccountEvent, AccountState>;

  execute(accountId: string, command: AccountCommand, context: CommandContext): Promise<CommandOutcome<AccountState, AccountEvent>> {
    return this.commands.execute(accountStream(accountId), command, context);
  }

  /** The account as its stream says now: from the cached fold plus the events appended since, or the whole stream. */
  async load(accountId: string): Promise<{ state: AccountState; revision: bigint | undefined }> {
    const name = accountStream(accountId);
    const cached = this.cache.get(name);
    const recorded = await this.store.readStream(name, cached ? { fromRevision: cached.revision + 1n } : undefined);
    let state = cached?.state ?? this.decider.initialState();
    for (const e of recorded) state = this.decider.evolve(state, accountEventOf(e));
    return { state, revision: recorded.at(-1)?.revision ?? cached?.revision };
  }

  now(): Date {
    return this.clock.now();
  }
}

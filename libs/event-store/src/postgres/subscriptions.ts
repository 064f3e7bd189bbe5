import { StoreUnavailableError, type BatchHandler, type RecordedEvent, type Subscription } from '../event-store.port';

/** What a subscription read: the events, and for a filtered read of $all, the position up to which it looked at every event. */
export interface SubscriptionPage {
  readonly events: RecordedEvent[];
  readonly scannedTo?: bigint;
  /** The read looked at a window of positions that ends before the head it saw: a page that is not full is not the end. */
  readonly more?: boolean;
}

/** What a subscription needs from its store. */
export interface SubscriptionHost {
  waitForAppend(): Promise<void>;
  onError(error: unknown): void;
  forget(subscription: PgSubscription): void;
}

/** An all-stream subscription's way onto the shared tail: its filter in node, and a bounded read of its own. */
export interface TailAccess {
  readonly tail: SharedTail;
  readonly matches: (event: RecordedEvent) => boolean;
  /** The subscription's filtered events with `after < position <= upTo`, at most a page, in position order. */
  readonly readRange: (after: bigint, upTo: bigint) => Promise<RecordedEvent[]>;
}

/**
 * A catch-up subscription: pages of history, then live on commit notifications; retries connection losses from its
 * own checkpoint. An all-stream subscription that has caught up joins its store's shared tail (one read per commit
 * for every live subscription of the process) and leaves it for its own pages when it falls too far behind.
 */
export class PgSubscription implements Subscription {
  readonly done: Promise<void>;
  private stopped = false;
  private wakeStop?: () => void;
  /** Tail state, owned by SharedTail while `inTail`: events fanned out and not handled yet; all events <= `scanned` were offered. */
  inTail = false;
  buffer: RecordedEvent[] = [];
  scanned = 0n;
  failure?: unknown;
  /** A tail batch was handled since onCaughtUp was last called. */
  owesCaughtUp = false;
  private wakeTail?: () => void;

  constructor(
    private checkpoint: bigint,
    private readonly readPage: (checkpoint: bigint) => Promise<SubscriptionPage>,
    private readonly checkpointOf: (event: RecordedEvent) => bigint,
    readonly pageSize: number,
    private readonly handler: BatchHandler,
    private readonly onCaughtUp: (() => void) | undefined,
    private readonly host: SubscriptionHost,
    readonly tailAccess?: TailAccess,
  ) {
    this.done = this.run().finally(() => {
      tailAccess?.tail.leave(this);
      host.forget(this);
    });
    // `done` is observed by whoever cares; an unobserved failure must not crash the process.
    this.done.catch(() => undefined);
  }

  get isStopped(): boolean {
    return this.stopped;
  }

  /** Called by the tail after it changed `buffer`, `inTail` or `failure`. */
  signal(): void {
    const wake = this.wakeTail;
    this.wakeTail = undefined;
    wake?.();
  }

  private async run(): Promise<void> {
    let live = false;
    let backoff = 100;
    // Read-ahead: while the handler works on a full page, the next one is already being fetched.
    let ahead: Promise<SubscriptionPage> | undefined;
    while (!this.stopped) {
      if (this.inTail || this.failure !== undefined) {
        if (this.failure !== undefined) throw this.failure;
        await this.fromTail();
        continue;
      }
      let read: SubscriptionPage;
      try {
        read = await (ahead ?? this.readPage(this.checkpoint));
        ahead = undefined;
        backoff = 100;
      } catch (error) {
        ahead = undefined;
        if (!(error instanceof StoreUnavailableError)) throw error;
        this.host.onError(error);
        await this.pause(backoff);
        backoff = Math.min(backoff * 2, 5_000);
        continue;
      }
      const page = read.events;
      const full = page.length === this.pageSize;
      if (page.length > 0) {
        live = false;
        if (this.stopped) return;
        if (full) {
          ahead = this.readPage(this.checkpointOf(page[page.length - 1]));
          ahead.catch(() => undefined); // observed on the next turn; never an unhandled rejection
        }
        await this.handler(page);
        this.checkpoint = this.checkpointOf(page[page.length - 1]);
        if (full) continue;
      }
      // Not full: the read looked at every event up to the head it saw (or to the end of its window); the next one starts there.
      if (read.scannedTo !== undefined && read.scannedTo > this.checkpoint) this.checkpoint = read.scannedTo;
      if (read.more) continue;
      if (!live) {
        live = true;
        this.onCaughtUp?.();
      }
      if (this.tailAccess) {
        try {
          await this.joinTail(this.tailAccess);
          backoff = 100;
        } catch (error) {
          if (!(error instanceof StoreUnavailableError)) throw error;
          this.host.onError(error);
          await this.pause(backoff);
          backoff = Math.min(backoff * 2, 5_000);
        }
        continue;
      }
      await Promise.race([this.host.waitForAppend(), new Promise<void>((resolve) => (this.wakeStop = resolve))]);
    }
  }

  /** One batch from the tail's buffer, or a wait for the tail to fan out, to let this subscription go, or to fail. */
  private async fromTail(): Promise<void> {
    if (this.buffer.length === 0 && this.owesCaughtUp && this.tailAccess!.tail.atHead) {
      this.owesCaughtUp = false;
      this.onCaughtUp?.();
      return;
    }
    if (this.buffer.length === 0) {
      await new Promise<void>((resolve) => {
        this.wakeTail = resolve;
        this.wakeStop = resolve;
      });
      return;
    }
    const batch = this.buffer.length <= this.pageSize ? this.buffer : this.buffer.slice(0, this.pageSize);
    this.buffer = batch === this.buffer ? [] : this.buffer.slice(this.pageSize);
    this.tailAccess!.tail.fed(this);
    await this.handler(batch);
    this.checkpoint = batch[batch.length - 1].position;
    this.owesCaughtUp = true;
  }

  /**
   * Joins the tail once everything up to where the tail has read was handled: reads (own checkpoint, tail] with its
   * own filter, page by page, until the tail has not moved past what was read. Returns when joined or stopped.
   */
  private async joinTail(access: TailAccess): Promise<void> {
    let scanned = this.checkpoint;
    let delivered = false;
    while (!this.stopped) {
      await access.tail.refreshIfIdle();
      if (this.stopped) return;
      if (access.tail.admit(this, scanned)) {
        this.owesCaughtUp = delivered;
        return;
      }
      const upTo = access.tail.position;
      const page = await access.readRange(scanned, upTo);
      if (this.stopped) return;
      if (page.length > 0) {
        delivered = true;
        await this.handler(page);
        this.checkpoint = page[page.length - 1].position;
      }
      scanned = page.length === this.pageSize ? this.checkpoint : upTo;
    }
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wakeStop = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.tailAccess?.tail.leave(this);
    this.wakeStop?.();
    await this.done.catch(() => undefined);
  }
}

export interface SharedTailOptions {
  /** Unfiltered rows per read. */
  readonly pageSize: number;
  /** Events a member may have waiting before it is let go to page on its own (at least its own batch size). */
  readonly maxBuffered: number;
  /** Unfiltered events with `position > after`, at most `pageSize`, in position order. */
  readonly readAfter: (after: bigint, limit: number) => Promise<RecordedEvent[]>;
  /** The last position taken (committed appends are all at or below it). */
  readonly readHead: () => Promise<bigint>;
  readonly waitForAppend: () => Promise<void>;
  /** Counts commit notifications, so a read that raced one goes again instead of waiting for the next. */
  readonly notifications: () => number;
  readonly onError: (error: unknown) => void;
  readonly closed: () => boolean;
}

/**
 * One reader for every live all-stream subscription of a store: on each commit notification one unfiltered page
 * after `position`, its rows parsed once, each member given its filtered slice in position order. Commits become
 * visible in position order (the store's counter lock), so everything at or below `position` has been offered to
 * every member, and a member joins only once it has handled everything at or below that. A member whose buffer
 * would pass `maxBuffered` is let go: its buffer is dropped and it pages from its own checkpoint, then joins again.
 */
export class SharedTail {
  /** Every event at or below it was offered to the members; the next read is after it. */
  position = 0n;
  /** The last read returned less than a page: `position` was the head when it was read. */
  atHead = false;
  /** Members let go because their buffer would have passed `maxBuffered`. */
  letGo = 0;
  private readonly members = new Set<PgSubscription>();
  /** The last page read: every event with `lastFrom < position <= this.position`, so a member just behind can join. */
  private lastPage: readonly RecordedEvent[] = [];
  private lastFrom = 0n;
  private running = false;
  private idleRefresh?: Promise<void>;
  private wakeRetry?: () => void;
  private wakeHungry?: () => void;

  constructor(private readonly options: SharedTailOptions) {}

  /** How many live subscriptions read from the tail, and the most events any of them has waiting. */
  state(): { members: number; position: bigint; largestBuffer: number; letGo: number } {
    let largestBuffer = 0;
    for (const member of this.members) largestBuffer = Math.max(largestBuffer, member.buffer.length);
    return { members: this.members.size, position: this.position, largestBuffer, letGo: this.letGo };
  }

  /** When nobody reads the tail, `position` is stale: move it to the head, so the next member does not make it read history. */
  async refreshIfIdle(): Promise<void> {
    if (this.running || this.members.size > 0) return;
    this.idleRefresh ??= this.options
      .readHead()
      .then((head) => {
        if (!this.running && this.members.size === 0 && head > this.position) {
          this.position = head;
          this.lastFrom = head;
          this.lastPage = [];
          this.atHead = true;
        }
      })
      .finally(() => (this.idleRefresh = undefined));
    await this.idleRefresh;
  }

  /** Adds `member` if it has handled everything of its filter up to `scanned`, and that reaches the tail's last page. */
  admit(member: PgSubscription, scanned: bigint): boolean {
    if (member.isStopped || this.options.closed()) return false;
    if (scanned >= this.position) {
      member.buffer = [];
      member.scanned = scanned;
    } else if (scanned >= this.lastFrom) {
      const matches = member.tailAccess!.matches;
      member.buffer = this.lastPage.filter((event) => event.position > scanned && matches(event));
      member.scanned = this.position;
    } else {
      return false;
    }
    member.inTail = true;
    member.owesCaughtUp = false;
    this.members.add(member);
    if (!this.running) {
      this.running = true;
      void this.read();
    } else {
      this.fed(member);
    }
    return true;
  }

  leave(member: PgSubscription): void {
    if (!this.members.delete(member)) return;
    member.inTail = false;
    member.buffer = [];
    member.signal();
    if (this.members.size === 0) this.wakeRetry?.();
    this.fed(member);
  }

  /** A member took a batch (or left): if the reader waits for someone to need more, see again. */
  fed(member: PgSubscription): void {
    if (this.wakeHungry && (member.buffer.length < member.pageSize || !member.inTail)) {
      const wake = this.wakeHungry;
      this.wakeHungry = undefined;
      wake();
    }
  }

  /** Some member could not fill its next batch from what it has: reading ahead for members that are all busy only fills buffers. */
  private hungry(): boolean {
    for (const member of this.members) if (member.buffer.length < member.pageSize) return true;
    return false;
  }

  private async read(): Promise<void> {
    let backoff = 100;
    try {
      while (this.members.size > 0 && !this.options.closed()) {
        if (!this.hungry()) {
          // Paced by the fastest member: the others are let go only when they fall a buffer behind it, not behind the head.
          await new Promise<void>((resolve) => (this.wakeHungry = resolve));
          continue;
        }
        const seen = this.options.notifications();
        const from = this.position;
        let page: RecordedEvent[];
        try {
          page = await this.options.readAfter(from, this.options.pageSize);
          backoff = 100;
        } catch (error) {
          if (this.options.closed()) return;
          if (!(error instanceof StoreUnavailableError)) {
            // Not the server going away: every member fails as if its own read had failed.
            for (const member of [...this.members]) {
              member.failure = error;
              this.leave(member);
            }
            return;
          }
          this.options.onError(error);
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, backoff);
            this.wakeRetry = () => {
              clearTimeout(timer);
              resolve();
            };
          });
          this.wakeRetry = undefined;
          backoff = Math.min(backoff * 2, 5_000);
          continue;
        }
        this.fanOut(from, page);
        if (page.length === this.options.pageSize || this.options.notifications() !== seen) continue;
        await this.options.waitForAppend();
      }
    } finally {
      this.running = false;
    }
  }

  /** Gives each member the events of `page` it matches and has not seen; lets go those it would overfill. */
  private fanOut(from: bigint, page: readonly RecordedEvent[]): void {
    this.atHead = page.length < this.options.pageSize;
    // Members that drained a full page's events and wait: they have now delivered everything stored.
    if (this.atHead) for (const member of this.members) if (member.owesCaughtUp && member.buffer.length === 0) member.signal();
    if (page.length === 0) return;
    const to = page[page.length - 1].position;
    this.lastFrom = from;
    this.lastPage = page;
    this.position = to;
    for (const member of this.members) {
      const matches = member.tailAccess!.matches;
      const after = member.scanned;
      const slice: RecordedEvent[] = [];
      for (const event of page) if (event.position > after && matches(event)) slice.push(event);
      // Never back: a member may have joined ahead of the tail (its own read saw a later head than the tail has read).
      if (to > after) member.scanned = to;
      if (slice.length === 0) continue;
      if (member.buffer.length + slice.length > Math.max(this.options.maxBuffered, member.pageSize)) {
        this.letGo++;
        this.leave(member);
        continue;
      }
      if (member.buffer.length === 0) member.buffer = slice;
      else for (const event of slice) member.buffer.push(event);
      member.signal();
    }
  }
}

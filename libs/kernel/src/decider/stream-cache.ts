/**
 * What the decider runner knows of a stream after reading it: the folded
 * state, the last revision, and the command ids already in it. Events are
 * facts, so an entry only ever moves forward; the next command reads just the
 * events after `revision`. Bounded: the least recently used streams go first.
 */
export interface CachedStream<State> {
  readonly state: State;
  readonly revision: bigint;
  readonly commandIds: ReadonlySet<string>;
}

/** The environment variable that sets how many streams every decider cache keeps (a portfolio's account count and more). */
export const STREAM_CACHE_ENV = 'O2C_STREAM_CACHE_STREAMS';

/**
 * How many streams a context's decider cache keeps: `O2C_STREAM_CACHE_STREAMS` when set (one figure for every
 * per-account cache; size it to the portfolio's accounts, a stream not cached is read and folded again on its next
 * command), else the context's own default. A value that is not a positive integer is refused at start, by name.
 */
export function streamCacheSize(fallback: number, env: NodeJS.ProcessEnv = process.env): number {
  const value = env[STREAM_CACHE_ENV];
  if (value === undefined || value.trim() === '') return fallback;
  const streams = Number(value);
  if (!Number.isSafeInteger(streams) || streams < 1) {
    throw new Error(`${STREAM_CACHE_ENV} must be a positive integer (streams per decider cache), got ${JSON.stringify(value)}`);
  }
  return streams;
}

export class StreamStateCache<State> {
  private readonly entries = new Map<string, CachedStream<State>>();

  constructor(private readonly maxStreams = 10_000) {}

  get(streamName: string): CachedStream<State> | undefined {
    const entry = this.entries.get(streamName);
    if (entry) {
      this.entries.delete(streamName);
      this.entries.set(streamName, entry);
    }
    return entry;
  }

  /** Keeps the entry only if it is newer than what is cached (concurrent commands may finish out of order). */
  set(streamName: string, entry: CachedStream<State>): void {
    const current = this.entries.get(streamName);
    if (current && current.revision >= entry.revision) return;
    this.entries.delete(streamName);
    this.entries.set(streamName, entry);
    if (this.entries.size > this.maxStreams) this.entries.delete(this.entries.keys().next().value as string);
  }

  /** Forgets a stream (its state may be wrong after a failed decision): the next command reads it from the start. */
  delete(streamName: string): void {
    this.entries.delete(streamName);
  }

  get size(): number {
    return this.entries.size;
  }
}

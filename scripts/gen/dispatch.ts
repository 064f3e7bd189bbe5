/**
 * Sends items with at most `concurrency` in flight, keeping the order of
 * items that share a key (an account's messages reach it in time order,
 * so an invoice exists before its payment), and stops at the first failure:
 * nothing more is started, what is in flight finishes, the failure is thrown.
 */
export async function dispatchInKeyOrder<T>(
  items: Iterable<T>,
  options: {
    readonly concurrency: number;
    readonly keyOf: (item: T) => string;
    readonly send: (item: T) => Promise<void>;
    readonly onSent?: (item: T) => void;
    /** Before this item, let everything in flight finish, then wait for what the returned function awaits. */
    readonly barrierBefore?: (item: T) => (() => Promise<void>) | undefined;
  },
): Promise<void> {
  const tails = new Map<string, Promise<void>>();
  const running = new Set<Promise<void>>();
  let failure: { error: unknown } | undefined;
  const run = async (item: T): Promise<void> => {
    if (failure) return;
    try {
      await options.send(item);
      options.onSent?.(item);
    } catch (error) {
      failure ??= { error };
    }
  };
  for (const item of items) {
    const barrier = options.barrierBefore?.(item);
    if (barrier) {
      await Promise.all(running);
      if (!failure) await barrier().catch((error: unknown) => (failure ??= { error }));
    }
    while (running.size >= options.concurrency && !failure) await Promise.race(running);
    if (failure) break;
    const key = options.keyOf(item);
    const before = tails.get(key);
    const task = before ? before.then(() => run(item)) : run(item);
    tails.set(key, task);
    running.add(task);
    void task.then(() => {
      running.delete(task);
      if (tails.get(key) === task) tails.delete(key);
    });
  }
  await Promise.all(running);
  if (failure) throw failure.error;
}

/**
 * Sends items in batches of up to `batchSize`, keeping the order of items that share a key: each key belongs to one
 * of `lanes` lanes (by a hash of the key), and a lane sends its batches one after the other, so `lanes` batches are in
 * flight at most. Reads `items` only as fast as it sends (a bounded backlog); stops at the first failure (what is in
 * flight finishes) and throws it.
 */
export async function dispatchInBatches<T>(
  items: Iterable<T>,
  options: {
    readonly lanes: number;
    readonly batchSize: number;
    readonly keyOf: (item: T) => string;
    readonly sendBatch: (batch: readonly T[]) => Promise<void>;
    readonly onSent?: (batch: readonly T[]) => void;
  },
): Promise<void> {
  const queues: T[][] = Array.from({ length: options.lanes }, () => []);
  const busy: (Promise<void> | undefined)[] = new Array(options.lanes).fill(undefined);
  let backlog = 0;
  let failure: { error: unknown } | undefined;
  let progressed: () => void = () => undefined;
  const laneOf = (key: string): number => {
    let h = 2166136261;
    for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 16777619);
    return (h >>> 0) % options.lanes;
  };
  const drain = (lane: number): void => {
    if (busy[lane] || failure || queues[lane].length === 0) return;
    const batch = queues[lane].splice(0, options.batchSize);
    busy[lane] = options
      .sendBatch(batch)
      .then(
        () => options.onSent?.(batch),
        (error: unknown) => void (failure ??= { error }),
      )
      .finally(() => {
        backlog -= batch.length;
        busy[lane] = undefined;
        drain(lane);
        progressed();
      });
  };
  const limit = options.lanes * options.batchSize * 2;
  for (const item of items) {
    if (failure) break;
    const lane = laneOf(options.keyOf(item));
    queues[lane].push(item);
    backlog += 1;
    if (queues[lane].length >= options.batchSize) drain(lane);
    while (backlog >= limit && !failure) {
      for (let lane = 0; lane < options.lanes; lane++) drain(lane);
      await new Promise<void>((resolve) => (progressed = resolve));
    }
  }
  while (!failure && (backlog > 0 || busy.some(Boolean))) {
    for (let lane = 0; lane < options.lanes; lane++) drain(lane);
    const inFlight = busy.filter((p): p is Promise<void> => p !== undefined);
    if (inFlight.length === 0) break;
    await Promise.race(inFlight);
  }
  await Promise.all(busy.filter(Boolean));
  if (failure) throw failure.error;
}

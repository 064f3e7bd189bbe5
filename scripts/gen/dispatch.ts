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

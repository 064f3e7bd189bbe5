/**
 * An immutable set of ids that only grows (orders already decided and closed),
 * in chunks so adding one copies at most a chunk and the chunk list, never the
 * whole set: folding an account with a long history stays linear.
 */
export interface ClosedIds {
  readonly chunks: readonly ReadonlySet<string>[];
}

const CHUNK = 256;

export const NO_IDS: ClosedIds = { chunks: [] };

export const hasId = (ids: ClosedIds, id: string): boolean => ids.chunks.some((chunk) => chunk.has(id));

export function withId(ids: ClosedIds, id: string): ClosedIds {
  if (hasId(ids, id)) return ids;
  const last = ids.chunks.at(-1);
  if (last && last.size < CHUNK) return { chunks: [...ids.chunks.slice(0, -1), new Set([...last, id])] };
  return { chunks: [...ids.chunks, new Set([id])] };
}

export const sizeOf = (ids: ClosedIds): number => ids.chunks.reduce((n, chunk) => n + chunk.size, 0);

/**
 * An immutable string-keyed map in fixed buckets: a change copies one bucket
 * and the bucket list, never the whole map, so evolve stays pure without
 * making a long account history quadratic to fold (a plain object spread of
 * thousands of open invoices costs milliseconds per event).
 */
export interface PersistentMap<V> {
  readonly size: number;
  readonly buckets: readonly (ReadonlyMap<string, V> | undefined)[];
}

const BUCKETS = 64;

function bucketOf(key: string): number {
  let hash = 0;
  for (let i = 0; i < key.length; i++) hash = (Math.imul(hash, 31) + key.charCodeAt(i)) | 0;
  return (hash >>> 0) % BUCKETS;
}

export const emptyMap = <V>(): PersistentMap<V> => ({ size: 0, buckets: [] });

export const getIn = <V>(map: PersistentMap<V>, key: string): V | undefined => map.buckets[bucketOf(key)]?.get(key);

export function setIn<V>(map: PersistentMap<V>, key: string, value: V): PersistentMap<V> {
  const index = bucketOf(key);
  const bucket = new Map(map.buckets[index] ?? []);
  const added = !bucket.has(key);
  bucket.set(key, value);
  const buckets = map.buckets.slice();
  buckets[index] = bucket;
  return { size: map.size + (added ? 1 : 0), buckets };
}

export function deleteIn<V>(map: PersistentMap<V>, key: string): PersistentMap<V> {
  const index = bucketOf(key);
  const current = map.buckets[index];
  if (!current?.has(key)) return map;
  const bucket = new Map(current);
  bucket.delete(key);
  const buckets = map.buckets.slice();
  buckets[index] = bucket.size ? bucket : undefined;
  return { size: map.size - 1, buckets };
}

export function valuesOf<V>(map: PersistentMap<V>): V[] {
  const values: V[] = [];
  for (const bucket of map.buckets) if (bucket) for (const value of bucket.values()) values.push(value);
  return values;
}

/**
 * An immutable string-keyed map in fixed buckets: a change copies one bucket
 * and the bucket list, never the whole map, so evolve stays pure without
 * making a long history quadratic to fold (a plain object spread of thousands
 * of invoices costs milliseconds per event). `valuesOf` gives the values in
 * the order their keys were first set, as `Object.values` of a plain object
 * with string keys would (a key deleted and set again goes last).
 */
export interface PersistentMap<V> {
  readonly size: number;
  /** The sequence number the next new key takes. */
  readonly next: number;
  readonly buckets: readonly (ReadonlyMap<string, Entry<V>> | undefined)[];
}

/** A value and the sequence number of its key's first set. */
type Entry<V> = readonly [seq: number, value: V];

const BUCKETS = 64;

function bucketOf(key: string): number {
  let hash = 0;
  for (let i = 0; i < key.length; i++) hash = (Math.imul(hash, 31) + key.charCodeAt(i)) | 0;
  return (hash >>> 0) % BUCKETS;
}

export const emptyMap = <V>(): PersistentMap<V> => ({ size: 0, next: 0, buckets: [] });

export const getIn = <V>(map: PersistentMap<V>, key: string): V | undefined => map.buckets[bucketOf(key)]?.get(key)?.[1];

export const hasIn = <V>(map: PersistentMap<V>, key: string): boolean => map.buckets[bucketOf(key)]?.has(key) ?? false;

export function setIn<V>(map: PersistentMap<V>, key: string, value: V): PersistentMap<V> {
  const index = bucketOf(key);
  const current = map.buckets[index];
  const existing = current?.get(key);
  const bucket = new Map(current ?? []);
  bucket.set(key, [existing ? existing[0] : map.next, value]);
  const buckets = map.buckets.slice();
  buckets[index] = bucket;
  return { size: map.size + (existing ? 0 : 1), next: existing ? map.next : map.next + 1, buckets };
}

export function deleteIn<V>(map: PersistentMap<V>, key: string): PersistentMap<V> {
  const index = bucketOf(key);
  const current = map.buckets[index];
  if (!current?.has(key)) return map;
  const bucket = new Map(current);
  bucket.delete(key);
  const buckets = map.buckets.slice();
  buckets[index] = bucket.size ? bucket : undefined;
  return { size: map.size - 1, next: map.next, buckets };
}

/** The values in the order their keys were first set. */
export function valuesOf<V>(map: PersistentMap<V>): V[] {
  const entries: Entry<V>[] = [];
  for (const bucket of map.buckets) if (bucket) for (const entry of bucket.values()) entries.push(entry);
  entries.sort((a, b) => a[0] - b[0]);
  return entries.map((entry) => entry[1]);
}

/** Whether any value passes `test` (in no particular order, without copying the map). */
export function someIn<V>(map: PersistentMap<V>, test: (value: V) => boolean): boolean {
  for (const bucket of map.buckets) if (bucket) for (const entry of bucket.values()) if (test(entry[1])) return true;
  return false;
}

/** The map with `change` applied to every value (in no particular order); the same map when no value changed. */
export function mapIn<V>(map: PersistentMap<V>, change: (value: V) => V): PersistentMap<V> {
  let buckets: (ReadonlyMap<string, Entry<V>> | undefined)[] | undefined;
  map.buckets.forEach((bucket, index) => {
    if (!bucket) return;
    let copy: Map<string, Entry<V>> | undefined;
    for (const [key, entry] of bucket) {
      const value = change(entry[1]);
      if (value === entry[1]) continue;
      copy ??= new Map(bucket);
      copy.set(key, [entry[0], value]);
    }
    if (!copy) return;
    buckets ??= map.buckets.slice();
    buckets[index] = copy;
  });
  return buckets ? { size: map.size, next: map.next, buckets } : map;
}

/** A map of these values under these keys, in this order (e.g. a plain object's entries). */
export function mapOf<V>(entries: Iterable<readonly [string, V]>): PersistentMap<V> {
  let map = emptyMap<V>();
  for (const [key, value] of entries) map = setIn(map, key, value);
  return map;
}

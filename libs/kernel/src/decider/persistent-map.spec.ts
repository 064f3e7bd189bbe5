import { deleteIn, emptyMap, getIn, hasIn, mapIn, mapOf, setIn, someIn, valuesOf, type PersistentMap } from './persistent-map';

describe('PersistentMap', () => {
  it('behaves as a map and never changes a version it derived from', () => {
    let map: PersistentMap<number> = emptyMap();
    const versions: PersistentMap<number>[] = [];
    for (let i = 0; i < 500; i++) {
      versions.push(map);
      map = setIn(map, `k${i}`, i);
    }
    expect(map.size).toBe(500);
    expect(getIn(map, 'k123')).toBe(123);
    expect(versions[100].size).toBe(100);
    expect(getIn(versions[100], 'k123')).toBeUndefined();
    const smaller = deleteIn(setIn(map, 'k1', 10), 'k2');
    expect([getIn(smaller, 'k1'), getIn(smaller, 'k2'), smaller.size]).toEqual([10, undefined, 499]);
    expect([getIn(map, 'k1'), getIn(map, 'k2')]).toEqual([1, 2]);
    expect(deleteIn(map, 'absent')).toBe(map);
    expect(valuesOf(map).sort((a, b) => a - b)).toEqual(Array.from({ length: 500 }, (_, i) => i));
  });

  it('lists values in the order their keys were first set, as Object.values of a plain object does', () => {
    const keys = Array.from({ length: 300 }, (_, i) => `INV-${(i * 7919) % 1000}`);
    let map = emptyMap<number>();
    const plain: Record<string, number> = {};
    keys.forEach((key, i) => {
      map = setIn(map, key, i);
      plain[key] = i;
    });
    map = setIn(map, keys[10], -1); // an update keeps the key's place
    plain[keys[10]] = -1;
    map = setIn(deleteIn(map, keys[20]), keys[20], -2); // deleted and set again: last
    delete plain[keys[20]];
    plain[keys[20]] = -2;
    expect(valuesOf(map)).toEqual(Object.values(plain));
    expect(valuesOf(mapOf(Object.entries(plain)))).toEqual(Object.values(plain));
    expect(hasIn(map, keys[5])).toBe(true);
    expect(hasIn(map, 'INV-absent')).toBe(false);
  });

  it('tests and changes every value without touching the version it derived from', () => {
    const map = mapOf(Array.from({ length: 200 }, (_, i) => [`k${i}`, i] as const));
    expect(someIn(map, (v) => v === 150)).toBe(true);
    expect(someIn(map, (v) => v > 1000)).toBe(false);
    expect(mapIn(map, (v) => v)).toBe(map);
    const doubled = mapIn(map, (v) => (v % 2 === 0 ? v * 2 : v));
    expect(valuesOf(doubled)).toEqual(Array.from({ length: 200 }, (_, i) => (i % 2 === 0 ? i * 2 : i)));
    expect(valuesOf(map)).toEqual(Array.from({ length: 200 }, (_, i) => i));
    expect([doubled.size, getIn(doubled, 'k10'), getIn(doubled, 'k11')]).toEqual([200, 20, 11]);
  });
});

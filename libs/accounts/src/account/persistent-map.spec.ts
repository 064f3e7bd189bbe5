import { deleteIn, emptyMap, getIn, setIn, valuesOf, type PersistentMap } from './persistent-map';

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
});

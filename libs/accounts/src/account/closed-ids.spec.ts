import { hasId, NO_IDS, sizeOf, withId } from './closed-ids';

describe('ClosedIds', () => {
  it('grows in chunks and never changes a version it derived from', () => {
    let ids = NO_IDS;
    for (let i = 0; i < 1000; i++) ids = withId(ids, `O${i}`);
    const before = ids;
    const after = withId(ids, 'extra');
    expect([sizeOf(before), sizeOf(after), hasId(after, 'extra'), hasId(before, 'extra'), hasId(after, 'O999')]).toEqual([1000, 1001, true, false, true]);
    expect(withId(after, 'O5')).toBe(after);
    expect(after.chunks.length).toBe(4);
  });
});

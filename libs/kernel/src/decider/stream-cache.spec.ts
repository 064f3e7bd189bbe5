import { STREAM_CACHE_ENV, StreamStateCache, streamCacheSize } from './stream-cache';

describe('streamCacheSize', () => {
  it('keeps the context default when the variable is unset or blank', () => {
    expect(streamCacheSize(10_000, {})).toBe(10_000);
    expect(streamCacheSize(20_000, { [STREAM_CACHE_ENV]: '  ' })).toBe(20_000);
  });

  it('takes the variable for every cache when set', () => {
    expect(streamCacheSize(10_000, { [STREAM_CACHE_ENV]: '120000' })).toBe(120_000);
  });

  it.each(['0', '-5', '1.5', 'lots', '1e400'])('refuses %s by name', (value) => {
    expect(() => streamCacheSize(10_000, { [STREAM_CACHE_ENV]: value })).toThrow(
      `${STREAM_CACHE_ENV} must be a positive integer (streams per decider cache), got "${value}"`,
    );
  });
});

describe('StreamStateCache', () => {
  const entry = (revision: bigint) => ({ state: Number(revision), revision, commandIds: new Set<string>() });

  it('drops the least recently used stream past its size', () => {
    const cache = new StreamStateCache<number>(2);
    cache.set('a', entry(1n));
    cache.set('b', entry(1n));
    cache.get('a');
    cache.set('c', entry(1n));
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')?.revision).toBe(1n);
    expect(cache.size).toBe(2);
  });

  it('keeps the newer entry when commands finish out of order', () => {
    const cache = new StreamStateCache<number>(2);
    cache.set('a', entry(5n));
    cache.set('a', entry(3n));
    expect(cache.get('a')?.revision).toBe(5n);
  });
});

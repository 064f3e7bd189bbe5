import { DEFAULT_COLLECTIONS_OPTIONS, collectionsOptionsFromEnv } from './collections.options';

describe('O2C_COLLECTIONS_CONFIG', () => {
  it('keeps the defaults when unset, the daily run deciding 512 cases at a time', () => {
    expect(collectionsOptionsFromEnv(undefined)).toBe(DEFAULT_COLLECTIONS_OPTIONS);
    expect(DEFAULT_COLLECTIONS_OPTIONS.runConcurrency).toBe(512);
  });

  it('takes runConcurrency and leaves the other defaults alone', () => {
    const options = collectionsOptionsFromEnv(JSON.stringify({ runConcurrency: 8 }));
    expect(options.runConcurrency).toBe(8);
    expect(options.planMaxMissed).toBe(DEFAULT_COLLECTIONS_OPTIONS.planMaxMissed);
    expect(options.autoRunCheckMs).toBe(DEFAULT_COLLECTIONS_OPTIONS.autoRunCheckMs);
  });

  it.each([0, -1, 1.5, 10_001, '64', null])('refuses runConcurrency %p, naming it', (value) => {
    expect(() => collectionsOptionsFromEnv(JSON.stringify({ runConcurrency: value }))).toThrow(/runConcurrency must be an integer from 1 to 10000/);
  });

  it('refuses an unknown key, naming it', () => {
    expect(() => collectionsOptionsFromEnv(JSON.stringify({ runConcurency: 8 }))).toThrow(/unknown key "runConcurency"/);
  });
});

/**
 * Seeded randomness for the generator: sfc32 (Chris Doty-Humphrey's small
 * fast counting generator, 128 bits of state, passes PractRand), seeded
 * through splitmix32 so that nearby seeds give unrelated streams. Every
 * account and every order draws from its own stream derived from
 * (seed, what, index): an order can be regenerated on its own, in any order,
 * and always comes out the same.
 */
export type Rng = () => number;

/** splitmix32's finaliser: a 32-bit integer hash with full avalanche. */
function mix32(x: number): number {
  x = (x + 0x9e3779b9) | 0;
  x = Math.imul(x ^ (x >>> 16), 0x21f0aaad);
  x = Math.imul(x ^ (x >>> 15), 0x735a2d97);
  return (x ^ (x >>> 15)) >>> 0;
}

/** A uniform float in [0, 1) from (seed, stream, index), 32 bits of randomness per draw. */
export function rngFor(seed: number, stream: number, index: number): Rng {
  let a = mix32(seed ^ mix32(stream));
  let b = mix32(a ^ mix32(index));
  let c = mix32(b ^ 0x5bd1e995);
  let d = 1;
  const next = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  // Warm-up: the first outputs of a freshly seeded sfc32 are correlated with its seed.
  for (let i = 0; i < 12; i++) next();
  return next;
}

/** The streams a generator draws from: one per kind of thing, so adding draws to one never shifts another. */
export const STREAM = { account: 1, allocation: 2, order: 3 } as const;

export const intBetween = (rng: Rng, min: number, max: number): number => min + Math.floor(rng() * (max - min + 1));

export const chance = (rng: Rng, p: number): boolean => rng() < p;

export const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)];

/** Picks a key of a table of weights (they need not sum to 1); insertion order makes it deterministic. */
export function weighted<K extends string>(rng: Rng, weights: Readonly<Record<K, number>>): K {
  const entries = Object.entries(weights) as [K, number][];
  const total = entries.reduce((sum, [, w]) => sum + w, 0);
  let r = rng() * total;
  for (const [key, w] of entries) {
    r -= w;
    if (r < 0) return key;
  }
  return entries[entries.length - 1][0];
}

/** A log-normal draw around a median: amounts and volumes are skewed, a few large among many small. */
export function logNormal(rng: Rng, median: number, sigma: number): number {
  // Box-Muller; 1 - u keeps log away from 0.
  const u = 1 - rng();
  const v = rng();
  const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  return median * Math.exp(sigma * z);
}

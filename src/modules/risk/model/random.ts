/** Seeded PRNG (mulberry32): the same seed gives the same model on every machine. */
export interface SeededRandom {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [0, bound). */
  nextInt(bound: number): number;
}

export function createSeededRandom(seed: number): SeededRandom {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, nextInt: (bound) => Math.floor(next() * bound) };
}

/** Picks `count` distinct indices from [0, total), returned in ascending order (cache-friendly scans). */
export function sampleSortedIndices(total: number, count: number, random: SeededRandom): Uint32Array {
  const pool = new Uint32Array(total);
  for (let i = 0; i < total; i++) pool[i] = i;
  for (let i = 0; i < count; i++) {
    const j = i + random.nextInt(total - i);
    const swap = pool[i];
    pool[i] = pool[j];
    pool[j] = swap;
  }
  return pool.slice(0, count).sort();
}

export function shuffledIndices(total: number, random: SeededRandom): Uint32Array {
  const order = new Uint32Array(total);
  for (let i = 0; i < total; i++) order[i] = i;
  for (let i = total - 1; i > 0; i--) {
    const j = random.nextInt(i + 1);
    const swap = order[i];
    order[i] = order[j];
    order[j] = swap;
  }
  return order;
}

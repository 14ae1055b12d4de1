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

/**
 * Picks `count` distinct indices from [0, total) in ascending order (cache-friendly scans),
 * by selection sampling (Knuth's algorithm S): one pass, no sort.
 */
export function sampleSortedIndices(
  total: number,
  count: number,
  random: SeededRandom,
  into: Uint32Array = new Uint32Array(count),
): Uint32Array {
  let selected = 0;
  for (let index = 0; index < total && selected < count; index++) {
    if ((total - index) * random.next() < count - selected) into[selected++] = index;
  }
  return into;
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

/** mulberry32: a small, fast, seeded PRNG, so every run of a seed produces the same data. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)];
}

/** A date of birth (YYYY-MM-DD) between 1960 and 2004, for a synthetic subject. */
export function randomDateOfBirth(random: () => number): string {
  return new Date(
    Date.UTC(1960 + Math.floor(random() * 45), Math.floor(random() * 12), 1 + Math.floor(random() * 28)),
  )
    .toISOString()
    .slice(0, 10);
}

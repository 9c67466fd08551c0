// A seeded pseudo-random source (a 32-bit LCG, Numerical Recipes' constants): the same seed gives the
// same sequence, so a randomized test fails the same way each time it fails.

/** Numbers in [0, 1) from `seed`. */
export function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

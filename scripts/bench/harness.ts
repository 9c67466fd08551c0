// Timing helpers for `npm run bench`: rates measured over a time box after a warm-up, and the
// section interface each part of the report implements (helper N adds the local node's section).

export interface Rate {
  readonly iterations: number;
  readonly ms: number;
  /** iterations per second */
  readonly perSecond: number;
}

export interface RateOptions {
  /** time box of the measured loop, ms (default 1500) */
  readonly ms?: number;
  /** untimed calls first, for this long (ms), so V8 has compiled and optimized the hot code (default 500) */
  readonly warmupMs?: number;
}

const rateOf = (iterations: number, ms: number): Rate => ({ iterations, ms, perSecond: (iterations * 1000) / ms });

/** Rates of several loops over the same thing, as one rate. */
export function combine(rates: readonly Rate[]): Rate {
  const iterations = rates.reduce((n, r) => n + r.iterations, 0);
  const ms = rates.reduce((n, r) => n + r.ms, 0);
  return rateOf(iterations, ms);
}

/**
 * measurePair for loops that may be async (each call awaited): alternating slices of `a` and `b`.
 */
export async function measurePairAsync(a: (i: number) => void | Promise<void>, b: (i: number) => void | Promise<void>, options: RateOptions & { rounds?: number } = {}): Promise<[Rate, Rate]> {
  const rounds = options.rounds ?? 6;
  const slice = (options.ms ?? 1500) / rounds;
  const ra: Rate[] = [];
  const rb: Rate[] = [];
  let ia = 0;
  let ib = 0;
  for (let k = 0; k < rounds; k++) {
    const warmupMs = k === 0 ? options.warmupMs : 0;
    const x = await measureRateAsync(async (i) => a(ia + i), { ms: slice, warmupMs });
    ia += x.iterations + 1000;
    ra.push(x);
    const y = await measureRateAsync(async (i) => b(ib + i), { ms: slice, warmupMs });
    ib += y.iterations + 1000;
    rb.push(y);
  }
  return [combine(ra), combine(rb)];
}

/**
 * Measures two loops in alternating slices (a, b, a, b, ...) so a change in the machine's speed
 * during the run hits both alike; `rounds` slices each, sharing the time box.
 */
export function measurePair(a: (i: number) => void, b: (i: number) => void, options: RateOptions & { rounds?: number } = {}): [Rate, Rate] {
  const { a: ra, b: rb } = measurePairRounds(a, b, options);
  return [combine(ra), combine(rb)];
}

/** measurePair's slices, each round's rates apart (for a median of per-round ratios). */
export function measurePairRounds(a: (i: number) => void, b: (i: number) => void, options: RateOptions & { rounds?: number } = {}): { a: Rate[]; b: Rate[] } {
  const rounds = options.rounds ?? 6;
  const slice = (options.ms ?? 1500) / rounds;
  const ra: Rate[] = [];
  const rb: Rate[] = [];
  let ia = 0;
  let ib = 0;
  for (let k = 0; k < rounds; k++) {
    const warmupMs = k === 0 ? options.warmupMs : 0;
    const x = measureRate((i) => a(ia + i), { ms: slice, warmupMs });
    ia += x.iterations + 1000;
    ra.push(x);
    const y = measureRate((i) => b(ib + i), { ms: slice, warmupMs });
    ib += y.iterations + 1000;
    rb.push(y);
  }
  return { a: ra, b: rb };
}

/** The median of `values` (the middle one; the mean of the two middle ones for an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Calls `fn(i)` repeatedly for about `ms` milliseconds and reports the rate. */
export function measureRate(fn: (i: number) => void, options: RateOptions = {}): Rate {
  const box = options.ms ?? 1500;
  let n = 0;
  const warm = performance.now();
  while (performance.now() - warm < (options.warmupMs ?? 500)) fn(n++);
  const first = n;
  const start = performance.now();
  let now = start;
  while (now - start < box) {
    fn(n++);
    now = performance.now();
  }
  return rateOf(n - first, now - start);
}

/** measureRate for async work (each call awaited before the next). */
export async function measureRateAsync(fn: (i: number) => Promise<void>, options: RateOptions = {}): Promise<Rate> {
  const box = options.ms ?? 1500;
  let n = 0;
  const warm = performance.now();
  while (performance.now() - warm < (options.warmupMs ?? 500)) await fn(n++);
  const first = n;
  const start = performance.now();
  let now = start;
  while (now - start < box) {
    await fn(n++);
    now = performance.now();
  }
  return rateOf(n - first, now - start);
}

/** Median time of `fn()` over `runs` calls, ms (the median: a busy machine's pauses do not skew it). */
export function medianMs(fn: () => void, runs: number): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    fn();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(runs / 2)];
}

/** One line of a section: a label, its value as text, and the raw figures for --json. */
export interface BenchLine {
  readonly label: string;
  readonly value: string;
  readonly data?: Readonly<Record<string, number | string | boolean | undefined>>;
}

export interface BenchSectionResult {
  readonly title: string;
  readonly lines: readonly BenchLine[];
  /** goals this section checks, each met or not */
  readonly goals?: readonly { readonly goal: string; readonly met: boolean }[];
}

/** A part of the benchmark report. */
export interface BenchSection {
  readonly name: string;
  run(options: { readonly ms: number }): Promise<BenchSectionResult> | BenchSectionResult;
}

export function formatRate(r: Rate, unit = "deploys/s"): string {
  return `${r.perSecond.toFixed(r.perSecond >= 100 ? 0 : 1)} ${unit} (${r.iterations} in ${r.ms.toFixed(0)} ms)`;
}

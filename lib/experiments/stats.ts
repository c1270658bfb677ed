// Bayesian Beta-Binomial statistics of an experiment (pure): each variant's conversion rate has
// the posterior Beta(1 + conversions, 1 + visitors − conversions). Probability to be best and the
// 95% credible intervals come from Monte Carlo draws with a seeded generator, so the same counts
// always give the same figures (tests, and a results page that does not flicker on reload).

export interface Counts {
  visitors: number;
  conversions: number;
}

/** mulberry32: a small, fast seeded generator (quality is ample for posterior draws). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function normal(rand: () => number): number {
  // Box-Muller; 1 - u keeps the log away from 0.
  const u = 1 - rand();
  const v = rand();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** Gamma(shape, 1) by Marsaglia and Tsang (shape ≥ 1 here: both Beta parameters are ≥ 1). */
function gamma(shape: number, rand: () => number): number {
  if (shape < 1) return gamma(shape + 1, rand) * Math.pow(1 - rand(), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = normal(rand);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = 1 - rand();
    if (u < 1 - 0.0331 * x ** 4 || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) {
      return d * v;
    }
  }
}

/**
 * One draw from Beta(a, b). With both parameters ≥ 30 the Beta is very close to the normal of
 * the same mean and variance, which is drawn ~20 times faster (Gamma draws cost microseconds, and
 * the results and the bandit make thousands).
 */
export function betaDraw(a: number, b: number, rand: () => number): number {
  if (a >= 30 && b >= 30) {
    const n = a + b;
    const x = a / n + normal(rand) * Math.sqrt((a * b) / (n * n * (n + 1)));
    return Math.min(1, Math.max(0, x));
  }
  const x = gamma(a, rand);
  return x / (x + gamma(b, rand));
}

const posterior = (c: Counts) => {
  const conv = Math.min(Math.max(c.conversions, 0), Math.max(c.visitors, 0));
  return [1 + conv, 1 + Math.max(c.visitors, 0) - conv] as const;
};

/**
 * Thompson sampling shares: the fraction of `draws` joint posterior draws in which each variant
 * is best. That is both the bandit's traffic allocation and the probability to be best.
 */
export function probabilityToBeBest(counts: Counts[], draws = 5000, seed = 1): number[] {
  if (counts.length === 0) return [];
  if (counts.length === 1) return [1];
  const rand = seededRandom(seed);
  const wins = new Array(counts.length).fill(0);
  const params = counts.map(posterior);
  for (let i = 0; i < draws; i++) {
    let best = 0;
    let bestValue = -1;
    for (let v = 0; v < params.length; v++) {
      const x = betaDraw(params[v][0], params[v][1], rand);
      if (x > bestValue) {
        bestValue = x;
        best = v;
      }
    }
    wins[best]++;
  }
  return wins.map((w) => w / draws);
}

/** The central 95% credible interval of a variant's conversion rate (posterior quantiles). */
export function credibleInterval(c: Counts, draws = 2000, seed = 7): [number, number] {
  const [a, b] = posterior(c);
  const rand = seededRandom(seed);
  const xs = Array.from({ length: draws }, () => betaDraw(a, b, rand)).sort((x, y) => x - y);
  return [xs[Math.floor(draws * 0.025)], xs[Math.ceil(draws * 0.975) - 1]];
}

/** When a call is sound: one variant best with this probability, and this much data each. */
export const DECISION_PROBABILITY = 0.95;
export const MIN_VISITORS = 100;
export const MIN_CONVERSIONS = 10;

/**
 * About how many more visitors each variant needs before the result can be trusted (0 when it
 * already can). Uses the usual sample size for telling apart two rates (95% confidence, 80%
 * power: n ≈ 16·p(1−p)/δ²) with δ the gap between the two best observed rates, or a 10% relative
 * lift when they are level, and never less than the minimum counts above.
 */
export function visitorsStillNeeded(counts: Counts[], pBest: number[]): number {
  if (counts.length < 2) return 0;
  const minVisitors = Math.min(...counts.map((c) => c.visitors));
  const enoughCounts = minVisitors >= MIN_VISITORS &&
    counts.every((c) => c.conversions >= MIN_CONVERSIONS);
  if (enoughCounts && Math.max(...pBest) >= DECISION_PROBABILITY) return 0;
  const rates = counts.map((c) => (c.conversions + 1) / (c.visitors + 2)).sort((a, b) => b - a);
  const p = (rates[0] + rates[1]) / 2;
  const gap = Math.max(rates[0] - rates[1], rates[0] * 0.1, 0.001);
  const needed = Math.ceil((16 * p * (1 - p)) / (gap * gap));
  const byConversions = counts.reduce((most, c) => {
    if (c.conversions >= MIN_CONVERSIONS) return most;
    const rate = (c.conversions + 1) / (c.visitors + 2);
    return Math.max(most, Math.ceil((MIN_CONVERSIONS - c.conversions) / rate));
  }, 0);
  return Math.max(needed - minVisitors, MIN_VISITORS - minVisitors, byConversions, 1);
}

/** Split shares in [0, 1] from weights (equal shares when every weight is 0). */
export function sharesOf(weights: number[]): number[] {
  const total = weights.reduce((a, b) => a + b, 0);
  return total > 0 ? weights.map((w) => w / total) : weights.map(() => 1 / weights.length);
}

/** The variant index a visitor's point `u` in [0, 1) falls on, given the shares. */
export function pick(shares: number[], u: number): number {
  let acc = 0;
  for (let i = 0; i < shares.length; i++) {
    acc += shares[i];
    if (u < acc) return i;
  }
  return shares.length - 1;
}

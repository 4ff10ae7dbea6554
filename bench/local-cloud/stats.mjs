/** Small statistics for the local cloud benchmark. */

/** The p-th percentile (0-100) of sorted numbers, nearest rank. */
export function percentile(sorted, p) {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

/** `{ n, min, median, p90, p99, max, mean }` of a list of numbers. */
export function distribution(values) {
  const sorted = Float64Array.from(values).sort();
  const sum = sorted.reduce((a, b) => a + b, 0);
  return {
    n: sorted.length,
    min: sorted[0],
    median: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1],
    mean: sum / sorted.length,
  };
}

/** Milliseconds since `start` (a `process.hrtime.bigint()`). */
export function elapsedMs(start) {
  return Number(process.hrtime.bigint() - start) / 1e6;
}

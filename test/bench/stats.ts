/** The figures every bench prints of repeated runs: the median, and the spread the machine's noise gives. */
export const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** The 10th to 90th percentile of repeated runs, as "a–b" (of milliseconds, one decimal). */
export function spread(values: number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return `${at(0.1).toFixed(1)}–${at(0.9).toFixed(1)}`;
}

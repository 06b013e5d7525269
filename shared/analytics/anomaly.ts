/**
 * Seasonal robust anomaly check over hourly series (the spine's detector; the tuned detector with
 * NAB scoring replaces the scoring function, not its inputs and outputs).
 *
 * At each hour it uses only the past: the expected value is the median of the same hour on the
 * previous `seasonDays` days (daily seasonality), and the spread is the median absolute deviation
 * of recent residuals. A point is anomalous when it is both far in robust units and far in
 * relative terms, which keeps release level shifts (±30 %) and noise quiet while a 2-3× swing fires.
 */
export interface SeriesPoint {
  readonly time: string;
  readonly value: number;
}

export interface AnomalyOptions {
  /** Days of same-hour history behind each expectation. */
  readonly seasonDays: number;
  /** Robust z (|residual| / (1.4826 · MAD)) a point must exceed. */
  readonly zThreshold: number;
  /** Relative deviation |value / expected − 1| a point must exceed. */
  readonly minRelativeDeviation: number;
  /** Consecutive anomalous hours that make an incident. */
  readonly minConsecutive: number;
  /** Only report incidents that end on or after this instant (ISO); earlier ones were reported before. */
  readonly reportFrom?: string;
}

export const DEFAULT_ANOMALY_OPTIONS: AnomalyOptions = {
  seasonDays: 7,
  zThreshold: 8,
  minRelativeDeviation: 0.6,
  minConsecutive: 2,
};

export interface Incident {
  readonly start: string;
  readonly end: string;
  readonly hours: number;
  readonly peakTime: string;
  readonly peakValue: number;
  readonly expected: number;
  /** Peak value relative to the expected value, e.g. 3.1 for 3.1×. */
  readonly ratio: number;
  readonly z: number;
  /** True when the last point of the series is still anomalous. */
  readonly ongoing: boolean;
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/** Scores hourly points (sorted by time) and groups anomalous runs into incidents. */
export function detectIncidents(
  points: readonly SeriesPoint[],
  options: AnomalyOptions = DEFAULT_ANOMALY_OPTIONS,
): Incident[] {
  const HOUR = 3_600_000;
  const byTime = new Map(points.map((p) => [Date.parse(p.time), p.value]));
  const residuals: number[] = [];
  const flagged: { index: number; expected: number; z: number }[] = [];

  points.forEach((point, index) => {
    const t = Date.parse(point.time);
    const history: number[] = [];
    for (let d = 1; d <= options.seasonDays; d++) {
      const past = byTime.get(t - d * 24 * HOUR);
      if (past !== undefined) history.push(past);
    }
    if (history.length < Math.ceil(options.seasonDays / 2)) return;
    const expected = median(history);
    const residual = point.value - expected;
    const recent = residuals.slice(-options.seasonDays * 24);
    let anomalous = false;
    if (recent.length >= 24) {
      // The MAD floor (1 % of the level) stops perfectly flat series from flagging rounding noise.
      const mad = Math.max(median(recent.map(Math.abs)), Math.abs(expected) * 0.01, 1e-12);
      const z = Math.abs(residual) / (1.4826 * mad);
      const relative = expected === 0 ? Number.POSITIVE_INFINITY : Math.abs(point.value / expected - 1);
      anomalous = z > options.zThreshold && relative > options.minRelativeDeviation;
      if (anomalous) flagged.push({ index, expected, z });
    }
    // Anomalous points do not widen the spread they are judged against.
    if (!anomalous) residuals.push(residual);
  });

  const incidents: Incident[] = [];
  let run: typeof flagged = [];
  const close = () => {
    if (run.length >= options.minConsecutive) {
      const peak = run.reduce((a, b) =>
        Math.abs(points[b.index]!.value - b.expected) > Math.abs(points[a.index]!.value - a.expected) ? b : a,
      );
      const last = run.at(-1)!;
      incidents.push({
        start: points[run[0]!.index]!.time,
        end: points[last.index]!.time,
        hours: run.length,
        peakTime: points[peak.index]!.time,
        peakValue: points[peak.index]!.value,
        expected: peak.expected,
        ratio: peak.expected === 0 ? Number.POSITIVE_INFINITY : points[peak.index]!.value / peak.expected,
        z: peak.z,
        ongoing: last.index === points.length - 1,
      });
    }
    run = [];
  };
  for (const f of flagged) {
    const previous = run.at(-1);
    if (previous && Date.parse(points[f.index]!.time) - Date.parse(points[previous.index]!.time) > HOUR)
      close();
    run.push(f);
  }
  close();
  return options.reportFrom ? incidents.filter((i) => i.end >= options.reportFrom!) : incidents;
}

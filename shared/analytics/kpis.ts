/** A KPI as the snapshot records it: value against baseline and target, with status and trend. */
export interface Kpi {
  readonly name: string;
  readonly title: string;
  readonly unit: string;
  readonly value: number | null;
  /** The same KPI over the previous window of equal length. */
  readonly baseline: number | null;
  readonly target: number | null;
  /** Whether bigger is better. */
  readonly direction: 'up' | 'down';
  readonly status: 'on_track' | 'off_track' | 'no_data' | 'no_target';
  readonly trend: 'up' | 'down' | 'flat' | 'unknown';
  readonly description: string;
}

export interface KpiInput {
  readonly name: string;
  readonly title: string;
  readonly unit: string;
  readonly value: number | null;
  readonly baseline: number | null;
  readonly direction: 'up' | 'down';
  readonly description: string;
  /** Target as a relative change over the baseline (0.2 = +20 %) or an absolute value. */
  readonly target?: { readonly relative: number } | { readonly absolute: number };
}

/** Changes under 2 % of the baseline are "flat": day-to-day noise, not a trend. */
const FLAT_BAND = 0.02;

export function evaluateKpi(input: KpiInput): Kpi {
  const { value, baseline } = input;
  let target: number | null = null;
  if (input.target && 'absolute' in input.target) target = input.target.absolute;
  else if (input.target && baseline !== null) target = baseline * (1 + input.target.relative);
  let trend: Kpi['trend'] = 'unknown';
  if (value !== null && baseline !== null) {
    const change =
      baseline === 0 ? (value === 0 ? 0 : Math.sign(value)) : (value - baseline) / Math.abs(baseline);
    trend = Math.abs(change) < FLAT_BAND ? 'flat' : change > 0 ? 'up' : 'down';
  }
  let status: Kpi['status'];
  if (value === null) status = 'no_data';
  else if (target === null) status = 'no_target';
  else status = (input.direction === 'up' ? value >= target : value <= target) ? 'on_track' : 'off_track';
  return {
    name: input.name,
    title: input.title,
    unit: input.unit,
    value,
    baseline,
    target,
    direction: input.direction,
    status,
    trend,
    description: input.description,
  };
}

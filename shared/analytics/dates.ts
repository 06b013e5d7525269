/** Calendar arithmetic on `YYYY-MM-DD` strings in UTC (partitions are UTC dates). */
export function addDays(date: string, days: number): string {
  const t = Date.parse(`${date}T00:00:00Z`) + days * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

export const isoDate = (d: Date): string => d.toISOString().slice(0, 10);

export interface DateRange {
  readonly start: string;
  readonly end: string;
}

/** The `days`-long window that ends on `end` (inclusive). */
export const windowEnding = (end: string, days: number): DateRange => ({
  start: addDays(end, -(days - 1)),
  end,
});

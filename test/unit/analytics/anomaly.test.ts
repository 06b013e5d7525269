import { describe, expect, it } from 'vitest';
import { detectIncidents, type SeriesPoint } from '../../../shared/analytics/anomaly.ts';

/** 14 days of an hourly series with a daily cycle, mild deterministic noise and optional edits. */
function series(edit: (hourIndex: number, value: number) => number = (_, v) => v): SeriesPoint[] {
  const start = Date.parse('2026-03-01T00:00:00Z');
  return Array.from({ length: 14 * 24 }, (_, i) => {
    const daily = 100 + 30 * Math.sin((2 * Math.PI * (i % 24)) / 24);
    const noise = ((i * 7919) % 13) - 6; // ±6, repeatable
    return { time: new Date(start + i * 3_600_000).toISOString(), value: edit(i, daily + noise) };
  });
}

describe('Function: detectIncidents', () => {
  it('stays quiet on seasonal noise', () => {
    expect(detectIncidents(series())).toEqual([]);
  });

  it('finds one incident for an 8-hour 3× spike, with its start, end, peak and ratio', () => {
    const spikeStart = 10 * 24 + 5;
    const points = series((i, v) => (i >= spikeStart && i < spikeStart + 8 ? v * 3 : v));

    const incidents = detectIncidents(points);

    expect(incidents).toHaveLength(1);
    expect(incidents[0]).toMatchObject({
      start: points[spikeStart]!.time,
      end: points[spikeStart + 7]!.time,
      hours: 8,
      ongoing: false,
    });
    expect(incidents[0]!.ratio).toBeGreaterThan(2.5);
  });

  it('does not alert on a release-sized level shift (−25 %)', () => {
    expect(detectIncidents(series((i, v) => (i >= 9 * 24 ? v * 0.75 : v)))).toEqual([]);
  });

  it('marks an incident that lasts to the last point as ongoing and can skip incidents already reported', () => {
    const points = series((i, v) => (i >= 14 * 24 - 3 ? v * 4 : v));

    expect(detectIncidents(points)[0]?.ongoing).toBe(true);
    expect(
      detectIncidents(points, {
        seasonDays: 7,
        zThreshold: 8,
        minRelativeDeviation: 0.6,
        minConsecutive: 2,
        reportFrom: '2026-04-01T00:00:00.000Z',
      }),
    ).toEqual([]);
  });
});

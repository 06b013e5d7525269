import { describe, expect, it } from 'vitest';
import { evaluateKpi } from '../../../shared/analytics/kpis.ts';

const base = { name: 'k', title: 'K', unit: 'u', description: 'd', direction: 'up' as const };

describe('Function: evaluateKpi', () => {
  it('turns a relative target into an absolute one and reports on/off track', () => {
    expect(evaluateKpi({ ...base, value: 0.6, baseline: 0.5, target: { relative: 0.2 } })).toMatchObject({
      target: 0.6,
      status: 'on_track',
      trend: 'up',
    });
    expect(evaluateKpi({ ...base, value: 0.55, baseline: 0.5, target: { relative: 0.2 } })).toMatchObject({
      status: 'off_track',
    });
  });

  it('respects direction for lower-is-better KPIs and calls tiny changes flat', () => {
    expect(
      evaluateKpi({ ...base, direction: 'down', value: 0, baseline: null, target: { absolute: 0 } }),
    ).toMatchObject({ status: 'on_track', trend: 'unknown' });
    expect(evaluateKpi({ ...base, value: 101, baseline: 100 })).toMatchObject({
      status: 'no_target',
      trend: 'flat',
    });
  });

  it('says no_data when there is no value', () => {
    expect(evaluateKpi({ ...base, value: null, baseline: 3, target: { absolute: 1 } }).status).toBe(
      'no_data',
    );
  });
});

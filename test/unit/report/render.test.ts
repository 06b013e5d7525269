import { describe, expect, it } from 'vitest';
import type { AnalysisResult } from '../../../shared/analytics/analyze.ts';
import { evaluateKpi } from '../../../shared/analytics/kpis.ts';
import { renderReport } from '../../../shared/report/render.ts';

const result: AnalysisResult = {
  asOf: '2026-03-31',
  window: { start: '2026-03-02', end: '2026-03-31' },
  baselineWindow: { start: '2026-01-31', end: '2026-03-01' },
  kpis: [
    evaluateKpi({
      name: 'active_users',
      title: 'Active UI users',
      unit: 'users',
      value: 120,
      baseline: 100,
      direction: 'up',
      description: 'Users.',
    }),
  ],
  featureAdoption: [
    { feature: 'destinations', users: 90, installations: 5, events: 300, user_share: 0.75, underused: false },
    { feature: 'sampling_rules', users: 6, installations: 2, events: 9, user_share: 0.05, underused: true },
  ],
  latency: [
    {
      cluster_name: 'prod',
      odigos_version: 'v1',
      component: 'gateway',
      observations: 10,
      p50: 5,
      p95: 20,
      p99: 30,
    },
  ],
  resources: [],
  sentimentWeekly: [],
  incidents: [],
  alertsPublished: [],
  queries: [{ name: 'feature_adoption', rows: 2, bytesScanned: 1234, engineMillis: 5 }],
  catalogResults: {},
};

describe('Function: renderReport', () => {
  const html = renderReport(result);

  it('is a self-contained page: no scripts and no external requests', () => {
    expect(html).not.toMatch(/<script|<link|src="http|href="http/);
  });

  it('draws one bar per feature and highlights the under-used one', () => {
    expect(html.match(/<rect class="mark/g)).toHaveLength(3); // 2 features + 1 latency bar
    expect(html).toContain('<rect class="mark highlight"');
    expect(html).toContain('sampling_rules: 5 %');
  });

  it('shows KPI cards with value, baseline and status', () => {
    expect(html).toMatch(/data-kpi="active_users"[\s\S]*120[\s\S]*baseline 100/);
  });

  it('escapes data so feedback text cannot inject markup', () => {
    const hostile = renderReport({
      ...result,
      featureAdoption: [{ feature: '<img src=x onerror=alert(1)>', user_share: 0.1 }],
    });
    expect(hostile).not.toContain('<img');
    expect(hostile).toContain('&lt;img');
  });

  it('is deterministic for the same result', () => {
    expect(renderReport(result)).toBe(html);
  });
});

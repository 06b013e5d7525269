import type { AnalysisResult } from '../analytics/analyze.ts';
import type { Buckets } from '../config/config.ts';
import type { ObjectStore } from '../ports/index.ts';
import { renderReport } from './render.ts';

export interface PublishedReport {
  readonly bucket: string;
  readonly keys: readonly string[];
}

/** Renders the report and writes it (and its data) to the report bucket; `index.html` is the entry. */
export async function publishReport(
  deps: { store: ObjectStore; buckets: Buckets },
  result: AnalysisResult,
): Promise<PublishedReport> {
  const html = renderReport(result);
  const keys = ['index.html', `history/${result.asOf}/index.html`, 'data/analysis.json'];
  await deps.store.put(deps.buckets.report, keys[0]!, html, { contentType: 'text/html; charset=utf-8' });
  await deps.store.put(deps.buckets.report, keys[1]!, html, { contentType: 'text/html; charset=utf-8' });
  await deps.store.put(deps.buckets.report, keys[2]!, `${JSON.stringify(result, null, 2)}\n`, {
    contentType: 'application/json',
  });
  return { bucket: deps.buckets.report, keys };
}

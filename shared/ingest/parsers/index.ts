import type { SourceParser } from '../records.ts';
import { benchmarkCsvParser, k6Parser } from './benchmarks.ts';
import { githubParser } from './github.ts';
import { githubDiscussionsParser } from './github-discussions.ts';
import { githubReactionsParser } from './github-reactions.ts';
import { otlpParser, otlpTracesParser } from './otlp.ts';
import { otlpLogsParser } from './otlp-logs.ts';
import { releasesParser } from './releases.ts';
import { slackParser } from './slack.ts';
import { surveyParser } from './survey.ts';

/**
 * Input families parsed record by record in JavaScript, chosen by key prefix (first match wins).
 * Segment events (`events/`), the high-volume source, go through the bulk path instead
 * (`queries/ingest/segment_events.duckdb.sql`).
 */
export const PARSERS: readonly SourceParser[] = [
  otlpParser,
  otlpTracesParser,
  otlpLogsParser,
  githubDiscussionsParser,
  githubReactionsParser,
  githubParser,
  slackParser,
  surveyParser,
  releasesParser,
  k6Parser,
  benchmarkCsvParser,
];

export function parserFor(key: string): SourceParser | undefined {
  return PARSERS.find((p) => p.matches(key));
}

export const ACCEPTED_PREFIXES =
  'events/ (Segment NDJSON), otlp/…/metrics_*.json, traces_*.json and logs_*.json (OTLP/JSON), feedback/github/discussions/*.json and discussion-comments/*.json (GitHub Discussions, REST or GraphQL export), feedback/github/reactions/<owner>/<repo>/issues/<number>.json (REST reactions of one issue), feedback/github/*.json (issues and issue comments), feedback/slack/<channel>/*.json, surveys/*.csv, releases/*.json, benchmarks/…/*.json (k6 summaries) and benchmarks/…/*.csv (resource samples)';

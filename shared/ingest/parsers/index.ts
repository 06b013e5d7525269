import type { SourceParser } from '../records.ts';
import { githubParser } from './github.ts';
import { otlpParser } from './otlp.ts';
import { releasesParser } from './releases.ts';
import { segmentParser } from './segment.ts';
import { slackParser } from './slack.ts';
import { surveyParser } from './survey.ts';

/** Every input family the raw bucket accepts, chosen by key prefix (first match wins). */
export const PARSERS: readonly SourceParser[] = [
  segmentParser,
  otlpParser,
  githubParser,
  slackParser,
  surveyParser,
  releasesParser,
];

export function parserFor(key: string): SourceParser | undefined {
  return PARSERS.find((p) => p.matches(key));
}

export const ACCEPTED_PREFIXES =
  'events/ (Segment NDJSON), otlp/…/metrics_*.json (OTLP/JSON), feedback/github/*.json, feedback/slack/<channel>/*.json, surveys/*.csv, releases/*.json';

import { stringify } from 'csv-stringify/sync';
import { SURVEY_COMMENTS } from './feedback-text.ts';
import type { Random } from './random.ts';
import { DAY_MS, type DemoWorld, HOUR_MS, iso, releaseOf, versionAt } from './world.ts';

export interface NpsStats {
  readonly responses: number;
  /** Mean of the 0-10 scores. */
  readonly meanScore: number;
  /** Net Promoter Score: % promoters (9-10) minus % detractors (0-6), -100..100. */
  readonly nps: number;
}

export interface SatisfactionTruth {
  /** The release that should move satisfaction (it cut odiglet CPU). */
  readonly release: string;
  /** Its publication instant: responses before it vs on/after it. */
  readonly changedAt: string;
  readonly meanNpsScoreBefore: number;
  readonly meanNpsScoreAfter: number;
  readonly responsesBefore: number;
  readonly responsesAfter: number;
  readonly before: NpsStats;
  readonly after: NpsStats;
  /** By the version the respondent's cluster ran when answering (the causal split). */
  readonly byVersion: Record<string, NpsStats>;
}

export interface Surveys {
  /** CSV text per `surveys/nps-<YYYY-MM>.csv` key, in key order. */
  readonly files: ReadonlyMap<string, string>;
  readonly truth: SatisfactionTruth;
}

/** Mean score people give on each version: the regression release hurts, the CPU release helps. */
const MEAN_BY_VERSION: Record<string, number> = {
  'v1.0.170': 7.5,
  'v1.0.180': 7.1,
  'v1.0.190': 8.6,
  'v1.0.200': 8.4,
};

const stats = (scores: readonly number[]): NpsStats => {
  const n = scores.length;
  const mean = n ? scores.reduce((a, b) => a + b, 0) / n : 0;
  const promoters = scores.filter((s) => s >= 9).length;
  const detractors = scores.filter((s) => s <= 6).length;
  return {
    responses: n,
    meanScore: Math.round(mean * 1000) / 1000,
    nps: n ? Math.round(((promoters - detractors) / n) * 1000) / 10 : 0,
  };
};

/**
 * Monthly NPS exports as spreadsheet tools write them: header
 * `respondent,score,comment,version,timestamp`, quoted comments with commas and line breaks, the
 * first file with a UTF-8 byte-order mark and the second with CRLF line endings.
 */
export function generateSurveys(random: Random, world: DemoWorld): Surveys {
  const r = random.fork('surveys');
  const release = releaseOf(world, world.cpuRelease);
  const respondents = Array.from({ length: 170 }, () => ({
    id: `resp_${r.hex(10)}`,
    cluster: r.weighted(world.clusters.map((c) => [c, Math.sqrt(c.nodes) + 1] as const)),
    mood: r.normal(0, 0.8),
  }));
  const rows: { ms: number; row: string[]; score: number; version: string }[] = [];
  const count = Math.round(world.days * 4);
  for (let i = 0; i < count; i++) {
    const who = r.pick(respondents);
    const day = r.int(0, world.days - 1);
    const ms = world.startMs + day * DAY_MS + r.int(7, 20) * HOUR_MS + r.int(0, 3_599) * 1000;
    const version = versionAt(world, who.cluster, ms);
    const mean = MEAN_BY_VERSION[version] ?? 7;
    const score = Math.max(0, Math.min(10, Math.round(r.normal(mean + who.mood, 1.5))));
    const band = score >= 9 ? 'high' : score >= 7 ? 'mid' : 'low';
    const comment = r.chance(0.55) ? r.pick(SURVEY_COMMENTS[band]) : '';
    rows.push({
      ms,
      score,
      version,
      row: [who.id, String(score), comment, version, `${iso(ms).slice(0, 19)}Z`],
    });
  }
  rows.sort((a, b) => a.ms - b.ms);

  const byMonth = Map.groupBy(rows, (x) => iso(x.ms).slice(0, 7));
  const files = new Map<string, string>();
  [...byMonth.keys()].sort().forEach((month, i) => {
    const csv = stringify(
      byMonth.get(month)!.map((x) => x.row),
      {
        header: true,
        columns: ['respondent', 'score', 'comment', 'version', 'timestamp'],
        // Exports from spreadsheet tools: the first starts with a BOM, the second uses CRLF.
        record_delimiter: i === 1 ? 'windows' : 'unix',
      },
    );
    files.set(`surveys/nps-${month}.csv`, i === 0 ? `\uFEFF${csv}` : csv);
  });

  const before = rows.filter((x) => x.ms < release.publishedMs).map((x) => x.score);
  const after = rows.filter((x) => x.ms >= release.publishedMs).map((x) => x.score);
  const byVersion = Map.groupBy(rows, (x) => x.version);
  const b = stats(before);
  const a = stats(after);
  return {
    files,
    truth: {
      release: release.tag,
      changedAt: iso(release.publishedMs),
      meanNpsScoreBefore: b.meanScore,
      meanNpsScoreAfter: a.meanScore,
      responsesBefore: b.responses,
      responsesAfter: a.responses,
      before: b,
      after: a,
      byVersion: Object.fromEntries(
        [...byVersion.keys()].sort().map((v) => [v, stats(byVersion.get(v)!.map((x) => x.score))]),
      ),
    },
  };
}

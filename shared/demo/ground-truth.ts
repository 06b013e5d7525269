/**
 * What the demo data set was built to contain, so every analysis can be checked against it. Plain
 * JSON: the CLI writes it next to (never inside) the raw bucket.
 */
import type { ClickstreamTruth, FeatureAdoptionTruth } from './clickstream.ts';
import { FEATURE_REQUESTS } from './feature-requests.ts';
import { type Sentiment, THEMES, type Theme } from './feedback-text.ts';
import type { DemoOptions } from './generate.ts';
import type { OutlierCluster, ReleaseEffect } from './otlp.ts';
import type { SatisfactionTruth } from './surveys.ts';
import type { Population } from './users.ts';
import { type DemoWorld, type InjectedAnomaly, iso, isoDay } from './world.ts';

export type { InjectedAnomaly } from './world.ts';

export interface ClusterTruth {
  readonly name: string;
  readonly installationId: string;
  readonly environment: string;
  readonly region: string;
  readonly nodes: number;
  /** Hours from UTC of the team running it. */
  readonly utcOffset: number;
  /** Upgrade instant per release tag (ISO); the pre-window one happened before the window. */
  readonly upgrades: Record<string, string>;
  /** Versions over the window: from (inclusive) to (exclusive; null = still running at the end). */
  readonly versions: readonly { version: string; from: string; to: string | null }[];
}

export interface ReleaseTruth {
  readonly tag: string;
  readonly publishedAt: string;
  readonly prerelease: boolean;
  readonly inWindow: boolean;
  readonly summary: string;
}

export interface FeedbackTruthItem {
  /** feedback_items.item_id: github:issue:<id>, github:issue_comment:<id>, slack:message:<channel>:<ts>. */
  readonly itemId: string;
  readonly source: 'github' | 'slack';
  readonly kind: 'issue' | 'pull_request' | 'issue_comment' | 'message';
  readonly createdAt: string;
  /** The theme it is about; null for bot chores and release announcements. */
  readonly theme: Theme | null;
  /** What a person reading it would say. */
  readonly sentiment: Sentiment;
  readonly bot: boolean;
  /** Set when the item asks for a feature (FEATURE_REQUESTS id). */
  readonly featureRequest?: string;
}

/** Demand for one requested feature, counted while generating. */
export interface RequestCounts {
  githubIssues: number;
  githubComments: number;
  githubRequesters: number;
  plusOneReactions: number;
  slackMessages: number;
  slackRequesters: number;
  issueIds: number[];
}

export interface FeatureRequestTruth {
  readonly rank: number;
  readonly id: string;
  readonly title: string;
  readonly theme: Theme;
  /** Distinct GitHub logins plus distinct Slack users asking for it (identities are per platform). */
  readonly distinctRequesters: number;
  readonly github: {
    readonly issues: number;
    readonly issueIds: readonly number[];
    /** "Me too" comments on those issues. */
    readonly comments: number;
    readonly requesters: number;
    readonly plusOneReactions: number;
  };
  readonly slack: { readonly messages: number; readonly requesters: number };
}

export interface ThemeTruth {
  readonly theme: Theme;
  readonly items: number;
  readonly positive: number;
  readonly neutral: number;
  readonly negative: number;
}

export interface GroundTruth {
  readonly options: DemoOptions;
  /** First and last day with data (UTC dates, inclusive). */
  readonly window: { readonly start: string; readonly end: string };
  readonly clusters: readonly ClusterTruth[];
  readonly releases: readonly ReleaseTruth[];
  /** The cluster that never takes the newest release: a control group for release analysis. */
  readonly controlCluster: { readonly cluster: string; readonly neverUpgradedTo: string };
  /** Features used by fewer than 25% of the users active in the last 30 days (sampling_rules by design). */
  readonly underusedFeatures: readonly string[];
  /** Feature use in the last 30 days, counted the way the feature_adoption query counts it. */
  readonly featureAdoption: FeatureAdoptionTruth;
  readonly clickstream: ClickstreamTruth;
  /** How users drop off, in words; `clickstream.droppedOff` lists them. */
  readonly dropOffRule: string;
  readonly releaseEffects: readonly ReleaseEffect[];
  readonly outlierCluster: OutlierCluster;
  readonly injectedAnomaly: InjectedAnomaly;
  readonly featureRequestRanking: readonly FeatureRequestTruth[];
  readonly themes: readonly ThemeTruth[];
  /** Intended sentiment and theme of every feedback item the ingest turns into a row. */
  readonly feedbackItems: readonly FeedbackTruthItem[];
  readonly satisfaction: SatisfactionTruth;
  /** The one object that cannot be read (a truncated gzip upload). */
  readonly corruptObjectKey: string;
}

export interface TruthInputs {
  readonly options: DemoOptions;
  readonly world: DemoWorld;
  readonly population: Population;
  readonly clickstream: ClickstreamTruth;
  readonly adoption: FeatureAdoptionTruth;
  readonly corruptObjectKey: string;
  readonly releaseEffects: readonly ReleaseEffect[];
  readonly outlier: OutlierCluster;
  readonly feedback: readonly FeedbackTruthItem[];
  readonly requests: ReadonlyMap<string, RequestCounts>;
  readonly satisfaction: SatisfactionTruth;
}

/** Share of active users below which the analysis calls a feature under-used. */
export const UNDERUSED_SHARE = 0.25;

export function buildGroundTruth(input: TruthInputs): GroundTruth {
  const { world, population } = input;
  const clusters = world.clusters.map((c): ClusterTruth => {
    const upgrades = Object.entries(c.upgrades).sort(([, a], [, b]) => a - b);
    const inWindow = upgrades.filter(([, ms]) => ms > world.startMs && ms < world.endMs);
    const initial = upgrades.filter(([, ms]) => ms <= world.startMs).at(-1)?.[0] ?? world.releases[0]!.tag;
    const starts: [string, number][] = [[initial, world.startMs], ...inWindow];
    return {
      name: c.name,
      installationId: c.installationId,
      environment: c.environment,
      region: c.region,
      nodes: c.nodes,
      utcOffset: c.utcOffset,
      upgrades: Object.fromEntries(upgrades.map(([tag, ms]) => [tag, iso(ms)])),
      versions: starts.map(([version, from], i) => ({
        version,
        from: iso(from),
        to: starts[i + 1] ? iso(starts[i + 1]![1]) : null,
      })),
    };
  });
  const ranking = FEATURE_REQUESTS.map((spec) => {
    const c = input.requests.get(spec.id)!;
    return {
      id: spec.id,
      title: spec.title,
      theme: spec.theme,
      distinctRequesters: c.githubRequesters + c.slackRequesters,
      github: {
        issues: c.githubIssues,
        issueIds: [...c.issueIds].sort((a, b) => a - b),
        comments: c.githubComments,
        requesters: c.githubRequesters,
        plusOneReactions: c.plusOneReactions,
      },
      slack: { messages: c.slackMessages, requesters: c.slackRequesters },
    };
  })
    .sort((a, b) => b.distinctRequesters - a.distinctRequesters)
    .map((x, i) => ({ rank: i + 1, ...x }));
  const themes = THEMES.map((theme): ThemeTruth => {
    const items = input.feedback.filter((f) => f.theme === theme);
    return {
      theme,
      items: items.length,
      positive: items.filter((f) => f.sentiment === 'positive').length,
      neutral: items.filter((f) => f.sentiment === 'neutral').length,
      negative: items.filter((f) => f.sentiment === 'negative').length,
    };
  });
  const early = input.clickstream.earlyCohort;
  const pct = (x: number) => `${Math.round(x * 100)}%`;
  return {
    options: input.options,
    window: { start: isoDay(world.startMs), end: isoDay(world.endMs - 1) },
    clusters,
    releases: world.releases.map((r) => ({
      tag: r.tag,
      publishedAt: iso(r.publishedMs),
      prerelease: r.prerelease,
      inWindow: r.publishedMs >= world.startMs && r.publishedMs < world.endMs,
      summary: r.summary,
    })),
    controlCluster: { cluster: world.controlCluster, neverUpgradedTo: world.latencyRelease },
    underusedFeatures: input.adoption.features.filter((f) => f.share < UNDERUSED_SHARE).map((f) => f.feature),
    featureAdoption: input.adoption,
    clickstream: input.clickstream,
    dropOffRule:
      `A user has dropped off when they have no UI activity in the window's last ${population.inactiveDaysForDropOff} days. ` +
      'Causes: (1) onboarding_failed - the destination "test connection" kept failing (mostly self-hosted ' +
      'Elasticsearch, OTLP HTTP, ClickHouse or Tempo), a few retries within 3 days, then gone; ' +
      '(2) abandoned_onboarding - opened /choose-sources and never picked a source; ' +
      `(3) early_cohort_churn - first seen ${early.start}..${early.end}, the week after ${world.regressionRelease} ` +
      `(instrumentor webhook regression), ${pct(early.churnRate)} of that cohort churned within 3-14 days; ` +
      `(4) churned - background churn of ${pct(early.baselineChurnRate)} of the other users, 5-25 days after first use. ` +
      'Users about to churn come half as often in their last week.',
    releaseEffects: input.releaseEffects,
    outlierCluster: input.outlier,
    injectedAnomaly: world.anomaly,
    featureRequestRanking: ranking,
    themes,
    feedbackItems: input.feedback,
    satisfaction: input.satisfaction,
    corruptObjectKey: input.corruptObjectKey,
  };
}

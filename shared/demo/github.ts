import { BUGS, type BugScenario, FIX_CONFIRMED, ME_TOO } from './bug-reports.ts';
import { BOTS, communityGitHubUsers, type GitHubUser, MAINTAINERS } from './community.ts';
import { FEATURE_REQUESTS } from './feature-requests.ts';
import {
  ANSWERS,
  BOT_COMMENTS,
  bindSlots,
  code,
  fill,
  MAINTAINER_REPLIES,
  type Sentiment,
  TEXT,
  THEMES,
  type Theme,
} from './feedback-text.ts';
import type { FeedbackTruthItem, RequestCounts } from './ground-truth.ts';
import type { Random } from './random.ts';
import { type DemoWorld, HOUR_MS, iso, MINUTE_MS, releaseOf } from './world.ts';

type Json = Record<string, unknown>;
const REPO_API = 'https://api.github.com/repos/odigos-io/odigos';
const REPO_HTML = 'https://github.com/odigos-io/odigos';
const REACTIONS = ['+1', '-1', 'laugh', 'hooray', 'confused', 'heart', 'rocket', 'eyes'] as const;
type Reactions = Partial<Record<(typeof REACTIONS)[number], number>>;

const LABELS: Record<string, string> = {
  bug: 'd73a4a',
  enhancement: 'a2eeef',
  question: 'd876e3',
  documentation: '0075ca',
  duplicate: 'cfd3d7',
  dependencies: '0366d6',
  go: '16e2e2',
  'area/ui': 'c5def5',
  'area/destinations': 'c5def5',
  'area/collector': 'c5def5',
  'area/ebpf': 'c5def5',
  'area/instrumentation': 'c5def5',
  'area/install': 'c5def5',
  'area/sampling': 'c5def5',
  stale: 'ededed',
};
const AREA: Record<Theme, string> = {
  installation_upgrades: 'area/install',
  language_support: 'area/instrumentation',
  destinations: 'area/destinations',
  collector_resources: 'area/collector',
  ui: 'area/ui',
  sampling: 'area/sampling',
  ebpf_kernel: 'area/ebpf',
};

interface DraftComment {
  author: GitHubUser;
  body: string;
  created: number;
  sentiment: Sentiment;
  theme: Theme | null;
  request?: string;
  reactions?: Reactions;
  /** Text that depends on when the comment is written (the version people run by then). */
  bodyAt?: (ms: number) => string;
  /** Rendered after numbering: the canonical issue of a duplicate. */
  duplicateOf?: DraftIssue;
}

interface DraftIssue {
  author: GitHubUser;
  title: string;
  body: string;
  labels: string[];
  created: number;
  sentiment: Sentiment;
  theme: Theme | null;
  request?: string;
  reactions: Reactions;
  pullRequest: boolean;
  comments: DraftComment[];
  /** Closed this long after the last activity (when that is still inside the window). */
  closeAfter?: number;
  stateReason?: 'completed' | 'not_planned';
  number?: number;
  id?: number;
}

export interface GitHubData {
  readonly issues: readonly Json[];
  readonly comments: readonly Json[];
  readonly truth: readonly FeedbackTruthItem[];
  readonly requests: ReadonlyMap<string, RequestCounts>;
}

const ghTime = (ms: number) => `${iso(ms).slice(0, 19)}Z`;

/** `odigos describe` output reporters paste when asked for details. */
const DESCRIBE = [
  '$ odigos describe source deployment/api -n {ns}',
  'Name:       api',
  'Kind:       deployment',
  'Namespace:  {ns}',
  '',
  'Labels:',
  '  Instrumented: true',
  '  Workload: odigos-instrumentation=enabled',
  'Instrumentation Config:',
  '  Created at 2026-10-05 12:44:10 +0000 UTC',
  'Runtime inspection details:',
  '  Container Name: api',
  '    Language:        {lang}',
  '    Runtime Version: detected',
  'Pods (Total 3, Running 3):',
  '  Pod Name: api-7d9c8b6f5-2xk4p',
  '  Pod Phase: Running',
  '  Node Name: ip-10-0-{n}1-17.ec2.internal',
].join('\n');

/**
 * GitHub issues (and dependabot pull requests, which the issues API lists too) with their
 * comments, in the REST API's JSON shapes, for the window: bug reports, questions, docs issues
 * and feature requests, with maintainer, community and bot comments.
 */
export function generateGitHub(random: Random, world: DemoWorld): GitHubData {
  const r = random.fork('github');
  const community = communityGitHubUsers(r.fork('people'), 260);
  let nextPerson = 0;
  const person = () => community[nextPerson++ % community.length]!;
  const anyone = () => r.pick(community);
  const drafts: DraftIssue[] = [];
  const requests = new Map<string, RequestCounts>();

  const latestVersionAt = (ms: number) =>
    world.releases.filter((rel) => !rel.prerelease && rel.publishedMs <= ms).at(-1)?.tag ??
    world.releases[0]!.tag;
  const within = (ms: number) => ms < world.endMs - 10 * MINUTE_MS;
  /** An instant in the window, mostly on working days and hours. */
  const when = (from = world.startMs, to = world.endMs - 2 * HOUR_MS) => {
    for (;;) {
      const t = from + Math.floor(r.next() * (to - from));
      const d = new Date(t);
      const weekend = d.getUTCDay() % 6 === 0;
      const night = d.getUTCHours() < 6 || d.getUTCHours() > 21;
      if (r.chance((weekend ? 0.25 : 1) * (night ? 0.35 : 1))) return t;
    }
  };
  const later = (ms: number, medianHours: number) => ms + Math.round(r.logNormal(medianHours * HOUR_MS, 1));

  /** Theme mix over time: the regression release brings install pain, the latency release collector pain. */
  const themeAt = (ms: number): Theme => {
    const regression = releaseOf(world, world.regressionRelease).publishedMs;
    const slow = releaseOf(world, world.latencyRelease).publishedMs;
    const base: Record<Theme, number> = {
      installation_upgrades: 0.16,
      language_support: 0.2,
      destinations: 0.15,
      collector_resources: 0.14,
      ui: 0.13,
      sampling: 0.08,
      ebpf_kernel: 0.14,
    };
    if (ms >= regression && ms < regression + 14 * 24 * HOUR_MS) base.installation_upgrades *= 2.5;
    if (ms >= slow) base.collector_resources *= 1.8;
    return r.weighted(THEMES.map((t) => [t, base[t]] as const));
  };

  const addComments = (issue: DraftIssue, list: Omit<DraftComment, 'created'>[], medianHours = 14) => {
    let t = issue.created;
    for (const c of list) {
      t = later(t, medianHours);
      if (!within(t)) return;
      issue.comments.push({ ...c, body: c.bodyAt ? c.bodyAt(t) : c.body, created: t });
    }
  };
  const quoteOf = (text: string) => {
    const sentence = text.split('\n').find((l) => l.trim() && !l.startsWith('#') && !l.startsWith('`'));
    return sentence ? `> ${sentence.split(/(?<=[.!?])\s/)[0]}\n\n` : '';
  };

  // Feature requests: several issues in different words, "me too" comments and 👍 from distinct people.
  for (const spec of FEATURE_REQUESTS) {
    const counts: RequestCounts = {
      githubIssues: 0,
      githubComments: 0,
      githubRequesters: 0,
      plusOneReactions: 0,
      slackMessages: 0,
      slackRequesters: 0,
      issueIds: [],
    };
    requests.set(spec.id, counts);
    const requesters = new Set<string>();
    const opened: DraftIssue[] = [];
    for (let i = 0; i < spec.githubIssues; i++) {
      const author = person();
      requesters.add(author.login);
      const created = when(
        world.startMs + Math.floor((i / spec.githubIssues) * 0.7 * (world.endMs - world.startMs)),
      );
      const [body, sentiment] = spec.issueBodies[i % spec.issueBodies.length]!;
      const plusOnes = i === 0 ? spec.plusOnes : r.int(1, Math.max(1, Math.floor(spec.plusOnes / 6)));
      const issue: DraftIssue = {
        author,
        title: spec.issueTitles[i % spec.issueTitles.length]!,
        body: fill(r, body, latestVersionAt(created)),
        labels: i === 0 ? ['enhancement', AREA[spec.theme]] : ['enhancement', 'duplicate'],
        created,
        sentiment,
        theme: spec.theme,
        request: spec.id,
        reactions: { '+1': plusOnes, heart: i === 0 ? r.int(0, 3) : 0, eyes: r.int(0, 2) },
        pullRequest: false,
        comments: [],
      };
      counts.plusOneReactions += plusOnes;
      counts.githubIssues++;
      opened.push(issue);
      drafts.push(issue);
    }
    const canonical = opened[0]!;
    // Later duplicates are closed by a maintainer pointing at the first issue.
    for (const dup of opened.slice(1)) {
      addComments(
        dup,
        [
          {
            author: r.pick(MAINTAINERS),
            body: '',
            sentiment: 'neutral',
            theme: spec.theme,
            duplicateOf: canonical,
          },
        ],
        20,
      );
      dup.closeAfter = r.int(1, 30) * MINUTE_MS;
      dup.stateReason = 'not_planned';
    }
    const asks: Omit<DraftComment, 'created'>[] = [];
    for (let i = 0; i < spec.githubCommenters; i++) {
      const author = person();
      requesters.add(author.login);
      const [body, sentiment] = spec.comments[i % spec.comments.length]!;
      asks.push({ author, body, sentiment, theme: spec.theme, request: spec.id });
    }
    // Spread the asks over the request issues, most on the canonical one, with a maintainer note.
    const onCanonical = asks.filter((_, i) => i % 3 !== 2 || opened.length === 1);
    onCanonical.splice(Math.min(2, onCanonical.length), 0, {
      author: r.pick(MAINTAINERS),
      body: 'Thanks for the request, this is on our radar. Adding 👍 to the first comment helps us prioritise.',
      sentiment: 'neutral',
      theme: spec.theme,
    });
    addComments(canonical, onCanonical, 60);
    asks
      .filter((_, i) => i % 3 === 2 && opened.length > 1)
      .forEach((c, i) => {
        addComments(opened[1 + (i % (opened.length - 1))]!, [c], 30);
      });
    counts.githubRequesters = requesters.size;
  }

  const version = (ms: number) => latestVersionAt(ms);
  // Bug reports: issue template (most of the time), logs, environment; triage and follow-ups.
  // Scenarios come round-robin per theme, so every one of them is reported (some more than once).
  const queues = new Map<Theme, BugScenario[]>();
  const nextBug = (theme: Theme): BugScenario => {
    let queue = queues.get(theme);
    if (!queue?.length) {
      queue = r.shuffle(BUGS[theme]);
      queues.set(theme, queue);
    }
    return queue.pop()!;
  };
  for (let i = 0; i < 78; i++) {
    const created = when();
    const theme = themeAt(created);
    const bug = nextBug(theme);
    const v = version(created);
    const bound = bindSlots(r);
    const say = (text: string, at = v) => fill(r, text, at, bound);
    const story = say(bug.story);
    const logs = code(bug.logsLang, say(bug.logs));
    const body = r.chance(0.75)
      ? [
          '### Describe the bug',
          story,
          '',
          '### To Reproduce',
          say(bug.repro),
          '',
          '### Expected behavior',
          bug.expected,
          '',
          '### Logs',
          logs,
          '',
          '### Environment',
          `- Odigos version: ${v}`,
          say('- Kubernetes: {cloud} {k8s}'),
          say(`- Kernel: ${theme === 'ebpf_kernel' ? '{oldKernel}' : '{kernel}'}`),
          `- Installation method: ${r.pick(['Helm', 'odigos CLI', 'Argo CD'])}`,
        ].join('\n')
      : `${story}\n\n${logs}`;
    const author = person();
    const issue: DraftIssue = {
      author,
      title: say(bug.title),
      body,
      labels: ['bug', AREA[theme]],
      created,
      sentiment: 'negative',
      theme,
      reactions: { '+1': r.poisson(1.5), eyes: r.poisson(0.4), confused: r.poisson(0.2) },
      pullRequest: false,
      comments: [],
    };
    const fixed = r.chance(0.6);
    const thread: Omit<DraftComment, 'created'>[] = [];
    const triage = r.chance(0.6) ? bug.triage : r.pick(MAINTAINER_REPLIES.any);
    if (r.chance(0.9))
      thread.push({ author: r.pick(MAINTAINERS), body: say(triage), sentiment: 'neutral', theme });
    if (r.chance(0.55))
      thread.push({
        author,
        body: say(
          `${r.pick(['Sure, here is the output:', 'Here you go:', 'Output below.', 'This is what we see:'])}\n\n${code('console', DESCRIBE)}`,
        ),
        sentiment: 'neutral',
        theme,
      });
    for (let n = r.poisson(1.3); n > 0; n--) {
      const quoted = r.chance(0.3) ? quoteOf(story) : '';
      thread.push({
        author: anyone(),
        body: `${quoted}${say(r.pick(ME_TOO))}`,
        sentiment: 'negative',
        theme,
        reactions: { '+1': r.poisson(0.8) },
      });
    }
    if (r.chance(0.3))
      thread.push({ author: anyone(), body: say(r.pick(TEXT[theme].neutral)), sentiment: 'neutral', theme });
    if (fixed) {
      const pr = 2200 + r.int(0, 400);
      const fixNote = `Fixed in #${pr}, it will be part of the next release. See ${REPO_HTML}/pull/${pr} for details.`;
      thread.push({ author: r.pick(MAINTAINERS), body: fixNote, sentiment: 'neutral', theme });
      if (r.chance(0.65)) {
        const quote = r.chance(0.25) ? `> Fixed in #${pr}, it will be part of the next release.\n\n` : '';
        const confirmation = r.pick(FIX_CONFIRMED).replace('{fixed}', say(bug.fixed));
        thread.push({
          author: r.chance(0.7) ? author : anyone(),
          body: '',
          bodyAt: (ms) => `${quote}${fill(r, confirmation, version(ms), bound)}`,
          sentiment: 'positive',
          theme,
          reactions: { heart: r.poisson(0.8), hooray: r.poisson(0.5) },
        });
      }
      issue.closeAfter = r.int(1, 30) * HOUR_MS;
      issue.stateReason = 'completed';
    } else if (r.chance(0.15)) {
      thread.push({
        author: BOTS.actions!,
        body: r.pick(BOT_COMMENTS['github-actions[bot]']!.slice(0, 1)),
        sentiment: 'neutral',
        theme: null,
      });
      issue.labels.push('stale');
    }
    addComments(issue, thread);
    drafts.push(issue);
  }

  // Questions: neutral, answered by maintainers; some askers thank them.
  for (let i = 0; i < 42; i++) {
    const created = when();
    const theme = themeAt(created);
    const v = version(created);
    const [title, rawBody] = r.pick(TEXT[theme].questions);
    const bound = bindSlots(r);
    const body = fill(r, rawBody, v, bound);
    const author = person();
    const issue: DraftIssue = {
      author,
      title: fill(r, title, v, bound),
      body,
      labels: ['question'],
      created,
      sentiment: 'neutral',
      theme,
      reactions: { '+1': r.poisson(0.6) },
      pullRequest: false,
      comments: [],
    };
    const thread: Omit<DraftComment, 'created'>[] = [
      {
        author: r.pick(MAINTAINERS),
        body: fill(r, ANSWERS[title] ?? r.pick(MAINTAINER_REPLIES.any), v, bound),
        sentiment: 'neutral',
        theme,
      },
    ];
    if (r.chance(0.3))
      thread.push({
        author: anyone(),
        body: `${quoteOf(body)}${r.pick([
          'Following, we have the same question.',
          'Same question here, we run a similar setup.',
          'Interested in the answer as well.',
        ])}`,
        sentiment: 'neutral',
        theme,
      });
    if (r.chance(0.55)) {
      thread.push({
        author,
        body: r.pick([
          'Thanks, that answered my question!',
          'That worked, thank you for the quick and clear answer.',
          'Perfect, exactly what I needed. Thanks!',
        ]),
        sentiment: 'positive',
        theme,
      });
      issue.closeAfter = r.int(1, 48) * HOUR_MS;
      issue.stateReason = 'completed';
    }
    addComments(issue, thread, 10);
    drafts.push(issue);
  }

  // Documentation issues: neutral suggestions.
  const docs: readonly (readonly [string, string, Theme])[] = [
    [
      'Docs: Helm values reference is missing collectorGateway options',
      'The values reference does not list `collectorGateway.minReplicas` or `maxReplicas`. See https://docs.odigos.io/setup/odigos-cli for the CLI equivalents.',
      'collector_resources',
    ],
    [
      'Docs: add an example for the Datadog destination',
      'An example Destination YAML for Datadog would help, the UI fields do not map obviously to the CRD fields.',
      'destinations',
    ],
    [
      'Docs: supported kernel versions table',
      'The kernel requirements are spread over several pages. A single table per distribution would be easier to follow.',
      'ebpf_kernel',
    ],
    [
      'Docs: explain how sampling rules are evaluated',
      'The sampling page describes each rule type but not what happens when several rules match a trace.',
      'sampling',
    ],
    [
      'Docs: upgrade guide for the CRD changes in v1.0.180',
      'A short upgrade note about the CRD storage version change would help people upgrading with Helm.',
      'installation_upgrades',
    ],
    [
      'Docs: list of supported Node.js versions',
      'The language support page lists Node.js without versions.',
      'language_support',
    ],
  ];
  for (const [title, body, theme] of docs) {
    const created = when();
    const issue: DraftIssue = {
      author: person(),
      title,
      body,
      labels: ['documentation'],
      created,
      sentiment: 'neutral',
      theme,
      reactions: { '+1': r.poisson(0.7) },
      pullRequest: false,
      comments: [],
    };
    if (r.chance(0.5))
      addComments(issue, [
        {
          author: r.pick(MAINTAINERS),
          body: 'Good point, a PR with the change is welcome.',
          sentiment: 'neutral',
          theme,
        },
      ]);
    drafts.push(issue);
  }

  // Dependabot pull requests, which GET /issues lists as well (with a pull_request field).
  const bumps: readonly (readonly [string, string, string, string])[] = [
    ['golang.org/x/net', '0.30.0', '0.33.0', '/odiglet'],
    ['google.golang.org/grpc', '1.67.1', '1.68.0', '/collector'],
    ['github.com/cilium/ebpf', '0.16.0', '0.17.1', '/odiglet'],
    ['k8s.io/client-go', '0.31.1', '0.31.2', '/instrumentor'],
    ['next', '14.2.13', '14.2.15', '/frontend/webapp'],
    ['go.opentelemetry.io/collector/component', '0.111.0', '0.112.0', '/collector'],
    ['sigs.k8s.io/controller-runtime', '0.19.0', '0.19.1', '/scheduler'],
    ['@apollo/client', '3.11.8', '3.11.10', '/frontend/webapp'],
    ['golang.org/x/sys', '0.26.0', '0.27.0', '/odiglet'],
    ['github.com/stretchr/testify', '1.9.0', '1.10.0', '/autoscaler'],
  ];
  for (const [dep, from, to, dir] of bumps) {
    const created = when();
    const issue: DraftIssue = {
      author: BOTS.dependabot!,
      title: `Bump ${dep} from ${from} to ${to} in ${dir}`,
      body: `Bumps [${dep}](https://github.com/${dep.replace(/^(golang\.org\/x|google\.golang\.org|k8s\.io|sigs\.k8s\.io|go\.opentelemetry\.io)\//, 'golang/')}) from ${from} to ${to}.\n<details>\n<summary>Commits</summary>\n<ul>\n<li>See full diff in <a href="https://github.com/${dep}/compare/v${from}...v${to}">compare view</a></li>\n</ul>\n</details>\n<br />\n\n[![Dependabot compatibility score](https://dependabot-badges.githubapp.com/badges/compatibility_score?dependency-name=${encodeURIComponent(dep)}&previous-version=${from}&new-version=${to})](https://docs.github.com/en/github/managing-security-vulnerabilities/about-dependabot-security-updates#about-compatibility-scores)\n\nDependabot will resolve any conflicts with this PR as long as you don't alter it yourself.`,
      labels: ['dependencies', dir.startsWith('/frontend') ? 'javascript' : 'go'],
      created,
      sentiment: 'neutral',
      theme: null,
      reactions: {},
      pullRequest: true,
      comments: [],
    };
    const thread: Omit<DraftComment, 'created'>[] = [
      {
        author: BOTS.cla!,
        body: fill(r, BOT_COMMENTS.CLAassistant![0]!, ''),
        sentiment: 'neutral',
        theme: null,
      },
    ];
    if (r.chance(0.3))
      thread.push({
        author: BOTS.dependabot!,
        body: fill(r, r.pick(BOT_COMMENTS['dependabot[bot]']!), ''),
        sentiment: 'neutral',
        theme: null,
      });
    addComments(issue, thread, 0.2);
    if (r.chance(0.8)) {
      issue.closeAfter = r.int(2, 72) * HOUR_MS;
      issue.stateReason = 'completed';
    }
    drafts.push(issue);
  }

  return materialise(world, drafts, requests);
}

function materialise(
  world: DemoWorld,
  drafts: DraftIssue[],
  requests: Map<string, RequestCounts>,
): GitHubData {
  drafts.sort((a, b) => a.created - b.created);
  drafts.forEach((d, i) => {
    d.number = 2101 + i * 2 + (i % 3 === 0 ? 1 : 0);
    d.id = 2_480_000_000 + Math.floor((d.created - world.startMs) / 1000) + i;
  });
  const truth: FeedbackTruthItem[] = [];
  const allComments = drafts
    .flatMap((issue) => issue.comments.map((c) => ({ issue, c })))
    .sort((a, b) => a.c.created - b.c.created);
  const comments: Json[] = allComments.map(({ issue, c }, i) => {
    const id = 3_310_000_000 + Math.floor((c.created - world.startMs) / 1000) * 3 + i;
    const issueUrl = `${REPO_API}/issues/${issue.number}`;
    const body = c.duplicateOf
      ? `Duplicate of #${c.duplicateOf.number}. Closing this one so the discussion stays in one place.`
      : c.body;
    truth.push({
      itemId: `github:issue_comment:${id}`,
      source: 'github',
      kind: 'issue_comment',
      createdAt: ghTime(c.created),
      theme: c.theme,
      sentiment: c.sentiment,
      bot: c.author.type === 'Bot',
      ...(c.request ? { featureRequest: c.request } : {}),
    });
    return {
      url: `${REPO_API}/issues/comments/${id}`,
      html_url: `${REPO_HTML}/${issue.pullRequest ? 'pull' : 'issues'}/${issue.number}#issuecomment-${id}`,
      issue_url: issueUrl,
      id,
      node_id: `IC_kwDOGq${id.toString(36)}`,
      user: c.author,
      created_at: ghTime(c.created),
      updated_at: ghTime(c.created),
      author_association: association(c.author),
      body,
      reactions: reactions(`${REPO_API}/issues/comments/${id}`, c.reactions ?? {}),
      performed_via_github_app: null,
    };
  });
  const issues: Json[] = drafts.map((d) => {
    const last = d.comments.at(-1)?.created ?? d.created;
    const closedMs =
      d.closeAfter !== undefined && last + d.closeAfter < world.endMs ? last + d.closeAfter : null;
    const url = `${REPO_API}/issues/${d.number}`;
    truth.push({
      itemId: `github:issue:${d.id}`,
      source: 'github',
      kind: d.pullRequest ? 'pull_request' : 'issue',
      createdAt: ghTime(d.created),
      theme: d.theme,
      sentiment: d.sentiment,
      bot: d.author.type === 'Bot',
      ...(d.request ? { featureRequest: d.request } : {}),
    });
    if (d.request) requests.get(d.request)!.issueIds.push(d.id!);
    return {
      url,
      repository_url: REPO_API,
      labels_url: `${url}/labels{/name}`,
      comments_url: `${url}/comments`,
      events_url: `${url}/events`,
      html_url: `${REPO_HTML}/${d.pullRequest ? 'pull' : 'issues'}/${d.number}`,
      id: d.id,
      node_id: `${d.pullRequest ? 'PR_kwDOGq' : 'I_kwDOGq'}${d.id!.toString(36)}`,
      number: d.number,
      title: d.title,
      user: d.author,
      labels: d.labels.map((name) => ({
        id: 3_900_000_000 + [...name].reduce((h, ch) => (h * 31 + ch.charCodeAt(0)) % 100_000_000, 7),
        node_id: `LA_kwDOGq${name.length.toString(36)}${[...name]
          .map((ch) => ch.charCodeAt(0).toString(36))
          .join('')
          .slice(0, 10)}`,
        url: `${REPO_API}/labels/${encodeURIComponent(name)}`,
        name,
        color: LABELS[name] ?? 'ededed',
        default: ['bug', 'enhancement', 'question', 'documentation', 'duplicate'].includes(name),
        description: null,
      })),
      state: closedMs ? 'closed' : 'open',
      locked: false,
      assignee: null,
      assignees: [],
      milestone: null,
      comments: d.comments.length,
      created_at: ghTime(d.created),
      updated_at: ghTime(closedMs ?? last),
      closed_at: closedMs ? ghTime(closedMs) : null,
      author_association: association(d.author),
      active_lock_reason: null,
      ...(d.pullRequest
        ? {
            draft: false,
            pull_request: {
              url: `${REPO_API}/pulls/${d.number}`,
              html_url: `${REPO_HTML}/pull/${d.number}`,
              diff_url: `${REPO_HTML}/pull/${d.number}.diff`,
              patch_url: `${REPO_HTML}/pull/${d.number}.patch`,
              merged_at: closedMs ? ghTime(closedMs) : null,
            },
          }
        : {}),
      body: d.body,
      reactions: reactions(url, d.reactions),
      timeline_url: `${url}/timeline`,
      performed_via_github_app: null,
      state_reason: closedMs ? (d.stateReason ?? 'completed') : null,
    };
  });
  // GET /repos/{owner}/{repo}/issues lists newest first; the comments endpoint oldest first.
  issues.reverse();
  truth.sort((a, b) =>
    a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.itemId < b.itemId ? -1 : 1,
  );
  for (const [id, counts] of requests) {
    counts.githubComments = allComments.filter(({ c }) => c.request === id).length;
  }
  return { issues, comments, truth, requests };
}

function association(user: GitHubUser): string {
  if (MAINTAINERS.includes(user)) return 'MEMBER';
  if (user.type === 'Bot') return user.login === 'dependabot[bot]' ? 'CONTRIBUTOR' : 'NONE';
  return user.id % 7 === 0 ? 'CONTRIBUTOR' : 'NONE';
}

function reactions(url: string, counts: Reactions): Json {
  const out: Json = { url: `${url}/reactions`, total_count: 0 };
  let total = 0;
  for (const name of REACTIONS) {
    out[name] = counts[name] ?? 0;
    total += counts[name] ?? 0;
  }
  out.total_count = total;
  return out;
}

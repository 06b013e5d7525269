import { getOrCreate } from '../util/collections.ts';
import type { Random } from './random.ts';
import type { DemoWorld } from './world.ts';
import { DAY_MS, HOUR_MS } from './world.ts';

export type Sentiment = 'positive' | 'neutral' | 'negative';
export const THEMES = [
  'installation_upgrades',
  'language_support',
  'destinations',
  'collector_resources',
  'ui',
  'sampling',
  'ebpf_kernel',
] as const;
export type Theme = (typeof THEMES)[number];

/** Feature requests with how many distinct people ask for each: the ranking the ground truth records. */
export const FEATURE_REQUESTS = [
  {
    id: 'php-support',
    theme: 'language_support' as Theme,
    requesters: 14,
    titles: [
      'Support for PHP auto-instrumentation',
      'Feature request: PHP support',
      'PHP applications are not instrumented',
      'Please add PHP (Laravel) support',
    ],
  },
  {
    id: 'clickhouse-destination',
    theme: 'destinations' as Theme,
    requesters: 9,
    titles: [
      'ClickHouse as a destination',
      'Feature request: native ClickHouse exporter',
      'Please add support for ClickHouse destination',
    ],
  },
  {
    id: 'sampling-by-service',
    theme: 'sampling' as Theme,
    requesters: 6,
    titles: ['Sampling rules per service from the UI', 'It would be great to sample by service name'],
  },
  {
    id: 'helm-resource-presets',
    theme: 'collector_resources' as Theme,
    requesters: 4,
    titles: [
      'Resource presets for collectors in the Helm chart',
      'Allow setting gateway memory limits from the UI',
    ],
  },
  {
    id: 'ruby-support',
    theme: 'language_support' as Theme,
    requesters: 3,
    titles: ['Ruby on Rails support', 'Feature request: Ruby instrumentation'],
  },
] as const;

const TEXT: Record<Theme, Record<Sentiment, readonly string[]>> = {
  installation_upgrades: {
    positive: [
      'Upgrading with `odigos upgrade` went smoothly on our three clusters, thanks for the great release!',
      'The new Helm chart is so much easier to install, great work everyone.',
      'Install took five minutes on EKS, really impressive.',
    ],
    neutral: [
      'Is there a recommended order for upgrading the CLI and the Helm chart?',
      'What is the minimum Kubernetes version supported by the Helm chart?',
      'Documenting our upgrade path from v1.0.170 to v1.0.190 for reference.',
    ],
    negative: [
      'The upgrade broke our instrumentor webhook and pods were stuck in pending, very frustrating.',
      'Helm upgrade fails with a CRD conflict, we had to roll back. This is painful.',
      'Install keeps failing on OpenShift, the odiglet pods crash on startup.',
    ],
  },
  language_support: {
    positive: [
      'Java auto-instrumentation worked out of the box for our Spring Boot services, amazing!',
      'Python support with eBPF is awesome, zero code changes needed.',
      'Go instrumentation just works, thank you so much.',
    ],
    neutral: [
      'Which Node.js versions are supported by the eBPF instrumentation?',
      'Does .NET Framework (not Core) work with Odigos?',
      'How do I enable instrumentation for a single Python deployment?',
    ],
    negative: [
      'Our .NET services are not instrumented at all, nothing shows up in traces.',
      'Node.js instrumentation crashes our pods with ESM modules, unusable for us.',
      'Python gunicorn workers lose spans after fork, still broken in the latest release.',
    ],
  },
  destinations: {
    positive: [
      'Sending to Grafana Cloud Tempo was trivial to set up, love it.',
      'The Datadog destination works great, thanks!',
      'Test connection button saved me a lot of time, nice touch.',
    ],
    neutral: [
      'Can one source send to two destinations with different signals?',
      'How do I configure TLS for the OTLP HTTP destination?',
      'Is there a way to set custom headers on the Jaeger destination?',
    ],
    negative: [
      'Test connection keeps failing for Elasticsearch even though the endpoint is reachable.',
      'The Honeycomb destination drops spans silently, very disappointing.',
      'Destination creation fails with an unclear error, terrible experience.',
    ],
  },
  collector_resources: {
    positive: [
      'Gateway memory usage dropped a lot after the upgrade, great improvement.',
      'The odiglet CPU is much lower in v1.0.190, impressive work.',
      'Autoscaling of the gateway collectors works nicely under load.',
    ],
    neutral: [
      'What are the recommended memory limits for the gateway collector at 50k spans/s?',
      'How many replicas of the gateway do you run in production?',
      'Where can I see collector resource usage in the UI?',
    ],
    negative: [
      'The gateway collector is OOM killed every night, memory keeps growing.',
      'odiglet uses way too much CPU on our large nodes, this is a problem.',
      'Collector latency got much worse after enabling span metrics, really bad.',
    ],
  },
  ui: {
    positive: [
      'The new overview page is beautiful and easy to understand, great job!',
      'Service map is super helpful for onboarding new engineers.',
      'Love the new sources list with search.',
    ],
    neutral: [
      'Is there a dark mode in the UI?',
      'Can the UI be exposed through an ingress with SSO?',
      'How do I filter the overview by namespace?',
    ],
    negative: [
      'The UI is very slow with 500 sources, the overview page freezes.',
      'Confusing UI: I could not find where to edit an action after creating it.',
      'The service map is broken for services with many edges, unusable.',
    ],
  },
  sampling: {
    positive: [
      'Latency sampling rules cut our trace volume in half, awesome feature.',
      'Error sampling works perfectly, thanks for adding it.',
      'Really nice that sampling is configurable without redeploying.',
    ],
    neutral: [
      'How are sampling rules evaluated when several match a trace?',
      'Is tail sampling done in the gateway or in the node collector?',
      'Can I sample by HTTP route?',
    ],
    negative: [
      'Sampling rules page does not save my rule, no error shown, frustrating.',
      'Tail sampling drops complete traces randomly, this is wrong.',
      'Sampling configuration is confusing and poorly documented.',
    ],
  },
  ebpf_kernel: {
    positive: [
      'eBPF instrumentation on Bottlerocket works great, thank you!',
      'Amazing that it runs on kernel 5.4 without issues.',
      'The eBPF approach is brilliant, no sidecars needed.',
    ],
    neutral: [
      'What is the minimum kernel version for Go eBPF instrumentation?',
      'Does Odigos need privileged containers for eBPF?',
      'Is ARM64 supported for the eBPF probes?',
    ],
    negative: [
      'odiglet fails to load eBPF programs on kernel 4.14, error: invalid argument.',
      'eBPF probes crash on GKE COS nodes, very frustrating.',
      'Verifier errors on RHEL 8, instrumentation is broken for us.',
    ],
  },
};

const REQUEST_BODIES = [
  'It would be great if Odigos could support this. We have many services that need it and it is blocking our rollout.',
  'Please add support for this, it is the main thing missing for our team.',
  'Feature request: this would make Odigos a complete solution for us. Happy to help test.',
  'We would love to see this on the roadmap. Currently we work around it manually.',
];
const PLUS_ONES = [
  '+1, we need this too',
  '+1 would love this',
  'Same here, this would help us a lot 👍',
  '+1 — blocking our adoption',
  'Any update on this? We also need it.',
];
const MAINTAINER_REPLIES = [
  'Thanks for the report! Could you share the odiglet logs?',
  'Thanks, we are looking into it.',
  'This is fixed in the latest release, please upgrade and let us know.',
  'Great idea, adding it to the roadmap.',
];

const BUG_TEMPLATE = (text: string, theme: Theme) =>
  `### Describe the bug\n${text}\n\n### To Reproduce\n1. Install Odigos with Helm\n2. Instrument a namespace\n\n### Logs\n\`\`\`\n${theme === 'ebpf_kernel' ? 'level=error msg="failed to load program" err="invalid argument"' : 'panic: runtime error: invalid memory address or nil pointer dereference\n  at main.run(main.go:42)'}\n\`\`\`\n\n### Environment\n- Odigos version: v1.0.190\n- Kubernetes: 1.30`;

export interface FeedbackTruthItem {
  readonly itemId: string;
  readonly theme: Theme;
  readonly sentiment: Sentiment;
  readonly featureRequest?: string;
}

interface GitHubUser {
  login: string;
  id: number;
  type: 'User' | 'Bot';
}

/** GitHub issues and comments in the REST API's JSON shape, with the intended sentiment and theme of each. */
export function generateGitHub(random: Random, world: DemoWorld) {
  const r = random.fork('github');
  const people: GitHubUser[] = Array.from({ length: 160 }, (_, i) => ({
    login: `dev-${(i + 1).toString().padStart(3, '0')}`,
    id: 100_000 + i,
    type: 'User',
  }));
  const maintainers: GitHubUser[] = ['edenfed', 'blumamir', 'BenElferink', 'RonFed'].map((login, i) => ({
    login,
    id: 1000 + i,
    type: 'User',
  }));
  const bots: GitHubUser[] = [
    { login: 'dependabot[bot]', id: 49699333, type: 'Bot' },
    { login: 'github-actions[bot]', id: 41898282, type: 'Bot' },
    { login: 'CLAassistant', id: 13221, type: 'Bot' },
  ];
  const issues: Record<string, unknown>[] = [];
  const comments: Record<string, unknown>[] = [];
  const truth: FeedbackTruthItem[] = [];
  const requesters = new Map<string, Set<string>>();
  let issueId = 2_400_000_000;
  let number = 2100;
  let commentId = 3_100_000_000;
  const when = () => world.startMs + r.int(0, world.days * 24 - 1) * HOUR_MS + r.int(0, 3599) * 1000;
  const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
  const reactions = (url: string, plusOne: number, heart = 0) => ({
    url: `${url}/reactions`,
    total_count: plusOne + heart,
    '+1': plusOne,
    '-1': 0,
    laugh: 0,
    hooray: 0,
    confused: 0,
    heart,
    rocket: 0,
    eyes: 0,
  });
  const addIssue = (
    user: GitHubUser,
    title: string,
    body: string,
    labels: string[],
    created: number,
    plusOne: number,
    theme: Theme,
    sentiment: Sentiment,
    request?: string,
  ) => {
    const id = issueId++;
    const n = number++;
    const url = `https://api.github.com/repos/odigos-io/odigos/issues/${n}`;
    issues.push({
      url,
      html_url: `https://github.com/odigos-io/odigos/issues/${n}`,
      id,
      node_id: `I_kwDO${id.toString(36)}`,
      number: n,
      title,
      user: { login: user.login, id: user.id, type: user.type },
      labels: labels.map((name, i) => ({ id: 5000 + i, name, color: name === 'bug' ? 'd73a4a' : 'a2eeef' })),
      state: r.chance(0.6) ? 'closed' : 'open',
      comments: 0,
      created_at: iso(created),
      updated_at: iso(created + r.int(1, 72) * HOUR_MS),
      closed_at: null,
      author_association: 'NONE',
      body,
      reactions: reactions(url, plusOne),
    });
    truth.push({
      itemId: `github:issue:${id}`,
      theme,
      sentiment,
      ...(request ? { featureRequest: request } : {}),
    });
    if (request) {
      getOrCreate(requesters, request, () => new Set<string>()).add(user.login);
    }
    return { url, created, id };
  };
  const addComment = (
    issue: { url: string; created: number },
    user: GitHubUser,
    body: string,
    theme: Theme,
    sentiment: Sentiment,
    request?: string,
  ) => {
    const id = commentId++;
    const created = Math.min(world.endMs - 60_000, issue.created + r.int(1, 240) * HOUR_MS);
    comments.push({
      url: `https://api.github.com/repos/odigos-io/odigos/issues/comments/${id}`,
      html_url: `${issue.url.replace('api.github.com/repos', 'github.com')}#issuecomment-${id}`,
      issue_url: issue.url,
      id,
      node_id: `IC_kwDO${id.toString(36)}`,
      user: { login: user.login, id: user.id, type: user.type },
      created_at: iso(created),
      updated_at: iso(created),
      author_association: maintainers.includes(user)
        ? 'MEMBER'
        : user.type === 'Bot'
          ? 'NONE'
          : 'CONTRIBUTOR',
      body,
      reactions: reactions(`https://api.github.com/repos/odigos-io/odigos/issues/comments/${id}`, 0),
    });
    if (user.type !== 'Bot')
      truth.push({
        itemId: `github:issue_comment:${id}`,
        theme,
        sentiment,
        ...(request ? { featureRequest: request } : {}),
      });
    if (request) requesters.get(request)?.add(user.login);
  };

  // Feature requests: a few issues per request (duplicates in other words) and +1 comments from distinct people.
  let personIndex = 0;
  const nextPerson = () => people[personIndex++ % people.length]!;
  for (const request of FEATURE_REQUESTS) {
    const openers = Math.max(1, Math.min(request.titles.length, Math.ceil(request.requesters / 4)));
    const opened: { url: string; created: number; id: number }[] = [];
    for (let i = 0; i < openers; i++) {
      opened.push(
        addIssue(
          nextPerson(),
          request.titles[i]!,
          r.pick(REQUEST_BODIES),
          ['enhancement'],
          when(),
          request.requesters * 2 + r.int(0, 4),
          request.theme,
          'neutral',
          request.id,
        ),
      );
    }
    for (let i = openers; i < request.requesters; i++)
      addComment(r.pick(opened), nextPerson(), r.pick(PLUS_ONES), request.theme, 'neutral', request.id);
  }
  // Bug reports, questions and praise across every theme.
  for (let i = 0; i < 120; i++) {
    const theme = r.pick(THEMES);
    const sentiment = r.weighted([
      ['negative', 0.45],
      ['neutral', 0.35],
      ['positive', 0.2],
    ] as const);
    const text = r.pick(TEXT[theme][sentiment]);
    const title =
      sentiment === 'negative'
        ? text.split(/[,.]/)[0]!.slice(0, 80)
        : sentiment === 'neutral'
          ? text
          : `Kudos: ${text.split(/[,.!]/)[0]!.slice(0, 60)}`;
    const body = sentiment === 'negative' ? BUG_TEMPLATE(text, theme) : text;
    const issue = addIssue(
      nextPerson(),
      title,
      body,
      sentiment === 'negative' ? ['bug'] : sentiment === 'neutral' ? ['question'] : [],
      when(),
      r.int(0, 3),
      theme,
      sentiment,
    );
    for (let c = r.int(1, 4); c > 0; c--) {
      const roll = r.next();
      if (roll < 0.35) addComment(issue, r.pick(maintainers), r.pick(MAINTAINER_REPLIES), theme, 'neutral');
      else if (roll < 0.5)
        addComment(
          issue,
          r.pick(bots),
          r.pick([
            'This issue is stale because it has been open 30 days with no activity.',
            'CLA assistant check: all committers have signed the CLA.',
            'Bumps golang.org/x/net from 0.30.0 to 0.33.0.',
          ]),
          theme,
          'neutral',
        );
      else {
        const s = r.weighted([
          ['negative', 0.4],
          ['neutral', 0.3],
          ['positive', 0.3],
        ] as const);
        const quoted = r.chance(0.3) ? `> ${text.split('\n')[0]}\n\n` : '';
        addComment(issue, nextPerson(), `${quoted}${r.pick(TEXT[theme][s])}`, theme, s);
      }
    }
  }
  for (const issue of issues) issue.comments = comments.filter((c) => c.issue_url === issue.url).length;
  issues.sort((a, b) => String(a.created_at).localeCompare(String(b.created_at)));
  comments.sort((a, b) => String(a.created_at).localeCompare(String(b.created_at)));
  const ranking = FEATURE_REQUESTS.map((req) => ({
    id: req.id,
    theme: req.theme,
    distinctRequesters: requesters.get(req.id)?.size ?? 0,
  })).sort((a, b) => b.distinctRequesters - a.distinctRequesters);
  return { issues, comments, truth, ranking };
}

/** A Slack export (channel folders of daily message arrays) with intended sentiment and theme per message. */
export function generateSlack(random: Random, world: DemoWorld) {
  const r = random.fork('slack');
  const files = new Map<string, Record<string, unknown>[]>();
  const truth: FeedbackTruthItem[] = [];
  const users = Array.from({ length: 80 }, (_, i) => ({
    id: `U0${(7_000_000 + i * 7919).toString(36).toUpperCase()}`,
    name: `member-${i + 1}`,
  }));
  for (let i = 0; i < 260; i++) {
    const channel = r.weighted([
      ['help', 0.6],
      ['general', 0.4],
    ] as const);
    const ms = world.startMs + r.int(0, world.days * 24 * 60 - 1) * 60_000 + r.int(0, 59_999);
    const ts = `${Math.floor(ms / 1000)}.${(ms % 1000).toString().padStart(3, '0')}${r.int(100, 999)}`;
    const user = r.pick(users);
    const date = new Date(ms).toISOString().slice(0, 10);
    const key = `feedback/slack/${channel}/${date}.json`;
    const list = getOrCreate(files, key, () => [] as Record<string, unknown>[]);
    if (r.chance(0.05)) {
      list.push({
        type: 'message',
        subtype: 'channel_join',
        user: user.id,
        text: `<@${user.id}> has joined the channel`,
        ts,
      });
      continue;
    }
    const theme = r.pick(THEMES);
    const sentiment = r.weighted([
      ['negative', 0.3],
      ['neutral', 0.4],
      ['positive', 0.3],
    ] as const);
    list.push({
      client_msg_id: r.uuid(),
      type: 'message',
      user: user.id,
      text: r.pick(TEXT[theme][sentiment]),
      ts,
      user_profile: { real_name: user.name },
      ...(r.chance(0.3)
        ? {
            reactions: [
              {
                name: sentiment === 'negative' ? 'eyes' : 'tada',
                users: [r.pick(users).id],
                count: r.int(1, 5),
              },
            ],
          }
        : {}),
    });
    truth.push({ itemId: `slack:message:${channel}:${ts}`, theme, sentiment });
  }
  for (const list of files.values()) list.sort((a, b) => String(a.ts).localeCompare(String(b.ts)));
  const meta = {
    'feedback/slack/users.json': users.map((u) => ({
      id: u.id,
      name: u.name,
      real_name: u.name,
      is_bot: false,
    })),
    'feedback/slack/channels.json': [
      { id: 'C01GENERAL', name: 'general', created: Math.floor(world.startMs / 1000) - 86400 * 400 },
      { id: 'C02HELP', name: 'help', created: Math.floor(world.startMs / 1000) - 86400 * 400 },
    ],
  };
  return { files, meta, truth };
}

/** Monthly NPS survey CSVs; satisfaction rises after the release that cut odiglet CPU. */
export function generateSurveys(random: Random, world: DemoWorld, improvedAt: number) {
  const r = random.fork('surveys');
  const byMonth = new Map<string, string[][]>();
  const before: number[] = [];
  const after: number[] = [];
  const comments = {
    high: [
      'Great product, instrumentation without code changes is a game changer',
      'Love the UI, and support on Slack is very responsive',
      'Easy to install, works great',
    ],
    mid: [
      'Good, but the docs could be better',
      'Works, though upgrades need more care',
      'Fine for now, waiting for PHP support',
    ],
    low: [
      'Collector uses too much memory, we had outages',
      'Too many crashes on our older kernels',
      'Hard to debug when destinations fail,\nno clear error in the UI',
    ],
  };
  for (let i = 0; i < 240; i++) {
    const ms = world.startMs + r.int(0, world.days - 1) * DAY_MS + r.int(8, 20) * HOUR_MS;
    const improved = ms >= improvedAt;
    const score = Math.max(0, Math.min(10, Math.round(r.normal(improved ? 8.3 : 6.9, 1.6))));
    (improved ? after : before).push(score);
    const comment = r.chance(0.6)
      ? r.pick(score >= 9 ? comments.high : score >= 7 ? comments.mid : comments.low)
      : '';
    const month = new Date(ms).toISOString().slice(0, 7);
    getOrCreate(byMonth, month, () => [] as string[][]).push([
      `resp-${(i + 1).toString().padStart(4, '0')}`,
      String(score),
      comment,
      improved ? 'v1.0.190' : 'v1.0.180',
      new Date(ms).toISOString(),
    ]);
  }
  const mean = (xs: number[]) => Number((xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length)).toFixed(3));
  return {
    byMonth,
    truth: {
      meanNpsScoreBefore: mean(before),
      meanNpsScoreAfter: mean(after),
      responsesBefore: before.length,
      responsesAfter: after.length,
    },
  };
}

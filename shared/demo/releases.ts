import type { Random } from './random.ts';
import { DAY_MS, type DemoRelease, type DemoWorld, iso } from './world.ts';

const REPO_API = 'https://api.github.com/repos/odigos-io/odigos';
const REPO_HTML = 'https://github.com/odigos-io/odigos';

/** What changed in each release, as `* change by @author in <PR url>` lines. */
const CHANGES: Record<string, readonly string[]> = {
  'v1.0.170': [
    'feat(go): instrument gRPC servers (unary and streaming)',
    'feat(ui): filter sources by namespace and language',
    'fix(instrumentor): handle deployments without selector labels',
    'chore(deps): bump go.opentelemetry.io/collector to v0.110.0',
  ],
  'v1.0.180': [
    'feat(instrumentor): new pod mutating webhook replaces the device-plugin flow',
    'feat(destinations): Grafana Cloud Tempo and ClickHouse destinations',
    'feat(ui): test connection for destinations',
    'fix(odiglet): race when a process exits during probe attach',
    'chore(helm): CRDs move to storage version v1alpha2',
  ],
  'v1.0.190': [
    'perf(odiglet): batch eBPF map reads, ~25% less CPU per node',
    'fix(instrumentor): webhook certificate rotation no longer breaks pod admission',
    'feat(ui): sampling rules page',
    "fix(python): do not shadow the application's typing_extensions",
  ],
  'v1.0.200-rc.1': ['Release candidate for v1.0.200. Please test and report issues.'],
  'v1.0.200': [
    'feat(gateway): span-metrics connector enabled by default (RED metrics per service)',
    'feat(ui): service map groups services by namespace',
    'fix(destinations): honour custom headers for OTLP HTTP',
    'chore(deps): bump go.opentelemetry.io/collector to v0.112.0',
  ],
};
const AUTHORS = ['tal-odigos', 'noa-k', 'amir-b', 'ella-rosen', 'alex-cohen', 'priya-patel'];

/** GitHub releases API JSON (GET /repos/{owner}/{repo}/releases): newest first. */
export function releasesJson(random: Random, world: DemoWorld): Record<string, unknown>[] {
  const r = random.fork('releases-json');
  let pr = 2050;
  const published = world.releases;
  const json = published.map((release: DemoRelease, i) => {
    const id = 181_000_000 + Math.floor((release.publishedMs - world.startMs) / DAY_MS) * 1000 + i;
    const previous = published
      .slice(0, i)
      .filter((p) => !p.prerelease)
      .at(-1);
    const lines = (CHANGES[release.tag] ?? [release.summary]).map((change) => {
      pr += r.int(3, 25);
      return `* ${change} by @${r.pick(AUTHORS)} in ${REPO_HTML}/pull/${pr}`;
    });
    const body = [
      release.prerelease ? '> [!WARNING]\n> This is a pre-release. Do not use it in production.\n' : '',
      `## What's Changed`,
      ...lines,
      '',
      ...(i === 2
        ? [
            '## New Contributors',
            `* @priya-patel made their first contribution in ${REPO_HTML}/pull/${pr - 4}`,
            '',
          ]
        : []),
      previous ? `**Full Changelog**: ${REPO_HTML}/compare/${previous.tag}...${release.tag}` : '',
    ]
      .filter((line, idx) => line !== '' || idx > 0)
      .join('\n');
    return {
      url: `${REPO_API}/releases/${id}`,
      assets_url: `${REPO_API}/releases/${id}/assets`,
      upload_url: `https://uploads.github.com/repos/odigos-io/odigos/releases/${id}/assets{?name,label}`,
      html_url: `${REPO_HTML}/releases/tag/${release.tag}`,
      id,
      author: {
        login: 'github-actions[bot]',
        id: 41_898_282,
        type: 'Bot',
        html_url: 'https://github.com/apps/github-actions',
      },
      node_id: `RE_kwDOGq${id.toString(36)}`,
      tag_name: release.tag,
      target_commitish: 'main',
      name: release.tag,
      draft: false,
      prerelease: release.prerelease,
      created_at: `${iso(release.publishedMs - r.int(20, 90) * 60_000).slice(0, 19)}Z`,
      published_at: `${iso(release.publishedMs).slice(0, 19)}Z`,
      assets: [],
      tarball_url: `${REPO_API}/tarball/${release.tag}`,
      zipball_url: `${REPO_API}/zipball/${release.tag}`,
      body,
    };
  });
  return json.reverse();
}

import type { Random } from './random.ts';

/** A GitHub account as the REST API embeds it (`user` of issues and comments). */
export interface GitHubUser {
  readonly login: string;
  readonly id: number;
  readonly node_id: string;
  readonly avatar_url: string;
  readonly gravatar_id: string;
  readonly url: string;
  readonly html_url: string;
  readonly type: 'User' | 'Bot';
  readonly site_admin: boolean;
}

export interface SlackUser {
  readonly id: string;
  readonly name: string;
  readonly realName: string;
  readonly title: string;
  readonly tz: string;
  readonly tzOffset: number;
  readonly isMaintainer: boolean;
}

const FIRST = [
  'alex',
  'maya',
  'daniel',
  'sarah',
  'omer',
  'lior',
  'james',
  'priya',
  'chen',
  'lucas',
  'emma',
  'noah',
  'ana',
  'marco',
  'yuki',
  'fatima',
  'ivan',
  'sofia',
  'david',
  'nina',
  'tom',
  'leah',
  'raj',
  'kevin',
  'hana',
  'pedro',
  'julia',
  'sam',
  'olga',
  'ben',
  'aisha',
  'mateo',
  'grace',
  'tariq',
  'elena',
  'felix',
];
const LAST = [
  'cohen',
  'smith',
  'patel',
  'kim',
  'garcia',
  'mueller',
  'rossi',
  'nguyen',
  'levi',
  'silva',
  'brown',
  'tanaka',
  'novak',
  'okafor',
  'jensen',
  'dubois',
  'costa',
  'ivanova',
  'weber',
  'sato',
  'khan',
  'lopez',
];
const TITLES = ['Platform Engineer', 'SRE', 'DevOps Engineer', 'Backend Developer', 'Staff Engineer', ''];
const ZONES: readonly (readonly [string, number])[] = [
  ['America/New_York', -18_000],
  ['America/Los_Angeles', -28_800],
  ['Europe/Berlin', 3_600],
  ['Europe/London', 0],
  ['Asia/Jerusalem', 7_200],
  ['Asia/Kolkata', 19_800],
];

function githubUser(login: string, id: number, type: 'User' | 'Bot'): GitHubUser {
  return {
    login,
    id,
    node_id: `${type === 'Bot' ? 'BOT' : 'MDQ6VXNlcj'}${btoa(String(id)).replace(/=+$/, '')}`,
    avatar_url: `https://avatars.githubusercontent.com/${type === 'Bot' ? 'in/' : 'u/'}${id}?v=4`,
    gravatar_id: '',
    url: `https://api.github.com/users/${encodeURIComponent(login)}`,
    html_url:
      type === 'Bot'
        ? `https://github.com/apps/${login.replace('[bot]', '')}`
        : `https://github.com/${login}`,
    type,
    site_admin: false,
  };
}

/** `count` distinct, realistic-looking GitHub logins for community members. */
export function communityGitHubUsers(r: Random, count: number): GitHubUser[] {
  const seen = new Set<string>();
  const out: GitHubUser[] = [];
  while (out.length < count) {
    const first = r.pick(FIRST);
    const last = r.pick(LAST);
    const login = r.weighted([
      [`${first}-${last}`, 3],
      [`${first}${last[0]}`, 2],
      [`${first}${r.int(1, 99)}`, 2],
      [`${first[0]}${last}`, 2],
      [`${first}-dev`, 1],
      [`${last}-ops`, 1],
    ] as const);
    if (seen.has(login)) continue;
    seen.add(login);
    out.push(githubUser(login, r.int(1_000_000, 190_000_000), 'User'));
  }
  return out;
}

/** The (fictional) maintainer team: members of the organisation. */
export const MAINTAINERS: readonly GitHubUser[] = [
  githubUser('tal-odigos', 48_122_310, 'User'),
  githubUser('noa-k', 61_004_218, 'User'),
  githubUser('amir-b', 77_315_402, 'User'),
  githubUser('ella-rosen', 90_140_733, 'User'),
];

export const BOTS: Readonly<Record<string, GitHubUser>> = {
  dependabot: githubUser('dependabot[bot]', 49_699_333, 'Bot'),
  actions: githubUser('github-actions[bot]', 41_898_282, 'Bot'),
  cla: githubUser('CLAassistant', 12_787_876, 'Bot'),
};

/** Slack workspace members: community plus the maintainers (same people, Slack identities). */
export function slackUsers(r: Random, count: number): SlackUser[] {
  const seen = new Set<string>();
  const out: SlackUser[] = [];
  const id = () =>
    `U0${Array.from({ length: 9 }, () => r.pick([...'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789'])).join('')}`;
  for (const m of ['Tal Shani', 'Noa Katz', 'Amir Ben-David', 'Ella Rosen']) {
    const [zone, offset] = ZONES[4]!;
    out.push({
      id: id(),
      name: m.toLowerCase().replace(/[^a-z]+/g, '.'),
      realName: m,
      title: 'Odigos maintainer',
      tz: zone,
      tzOffset: offset,
      isMaintainer: true,
    });
  }
  while (out.length < count + 4) {
    const first = r.pick(FIRST);
    const last = r.pick(LAST);
    const name = `${first}.${last}`;
    if (seen.has(name)) continue;
    seen.add(name);
    const [tz, tzOffset] = r.pick(ZONES);
    out.push({
      id: id(),
      name,
      realName: `${first[0]!.toUpperCase()}${first.slice(1)} ${last[0]!.toUpperCase()}${last.slice(1)}`,
      title: r.pick(TITLES),
      tz,
      tzOffset,
      isMaintainer: false,
    });
  }
  return out;
}

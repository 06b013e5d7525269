import { BUGS, ME_TOO } from './bug-reports.ts';
import { type SlackUser, slackUsers } from './community.ts';
import { FEATURE_REQUESTS } from './feature-requests.ts';
import {
  ANSWERS,
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
import { DAY_MS, type DemoWorld, HOUR_MS, isoDay, MINUTE_MS } from './world.ts';

type Json = Record<string, unknown>;

const TEAM = 'T02ODIGOS1';
const CHANNELS = [
  { id: 'C02GENERAL1', name: 'general', purpose: 'Announcements and chat about Odigos' },
  { id: 'C03HELPDESK', name: 'help', purpose: 'Ask anything about installing and running Odigos' },
] as const;
const RELEASE_BOT = { id: 'B05RELEASES', user: 'U05RELBOT1', name: 'Odigos Releases' };

interface Draft {
  channel: 'general' | 'help';
  ms: number;
  user: SlackUser | null;
  text: string;
  sentiment: Sentiment;
  theme: Theme | null;
  subtype?: 'channel_join' | 'bot_message';
  request?: string;
  reactions?: [string, number][];
  replies?: Draft[];
  parent?: Draft;
  ts?: string;
}

export interface SlackData {
  /** Message arrays per `feedback/slack/<channel>/<date>.json` key, keys in order. */
  readonly files: ReadonlyMap<string, readonly Json[]>;
  readonly users: readonly Json[];
  readonly channels: readonly Json[];
  readonly truth: readonly FeedbackTruthItem[];
}

/**
 * The community Slack as a workspace export: #help threads (question, answers, resolution), #general
 * chat, release announcements from a bot, feature requests and people joining.
 */
export function generateSlack(
  random: Random,
  world: DemoWorld,
  requests: Map<string, RequestCounts>,
): SlackData {
  const r = random.fork('slack');
  const members = slackUsers(r.fork('people'), 110);
  const maintainers = members.filter((m) => m.isMaintainer);
  const community = members.filter((m) => !m.isMaintainer);
  // A few people post a lot, most rarely.
  const poster = () => community[Math.floor(community.length * r.next() ** 2.2)]!;
  const drafts: Draft[] = [];
  const when = () => {
    for (;;) {
      const t = world.startMs + Math.floor(r.next() * (world.endMs - world.startMs - 6 * HOUR_MS));
      const d = new Date(t);
      if (r.chance((d.getUTCDay() % 6 === 0 ? 0.3 : 1) * (d.getUTCHours() < 6 ? 0.3 : 1))) return t;
    }
  };
  const versionAt = (ms: number) =>
    world.releases.filter((rel) => !rel.prerelease && rel.publishedMs <= ms).at(-1)?.tag ??
    world.releases[0]!.tag;
  const say = (theme: Theme, sentiment: Sentiment, ms: number) => {
    const t = TEXT[theme];
    return fill(
      r,
      r.pick(sentiment === 'positive' ? t.positive : sentiment === 'negative' ? t.negative : t.neutral),
      versionAt(ms),
    );
  };

  // #help: threads.
  for (let i = 0; i < 72; i++) {
    const ms = when();
    const theme = r.pick(THEMES);
    const v = versionAt(ms);
    const negative = r.chance(0.4);
    const bug = r.pick(BUGS[theme]);
    const bound = bindSlots(r);
    const asker = poster();
    const [title, body] = r.pick(TEXT[theme].questions);
    const text = negative
      ? `${fill(r, bug.story, v, bound)} Any idea what is going on?`
      : r.chance(0.5)
        ? `Hi all :wave: ${fill(r, title, v, bound)}`
        : `${fill(r, title, v, bound)}\n${fill(r, body, v, bound)}`;
    const parent: Draft = {
      channel: 'help',
      ms,
      user: asker,
      text,
      sentiment: negative ? 'negative' : 'neutral',
      theme,
      replies: [],
    };
    let t = ms;
    const reply = (user: SlackUser, text: string, sentiment: Sentiment, reactions?: [string, number][]) => {
      t += Math.round(r.logNormal(50 * MINUTE_MS, 1));
      if (t >= world.endMs - MINUTE_MS) return;
      parent.replies!.push({
        channel: 'help',
        ms: t,
        user,
        text,
        sentiment,
        theme,
        parent,
        ...(reactions ? { reactions } : {}),
      });
    };
    if (negative) {
      reply(
        r.pick(maintainers),
        `<@${asker.id}> ${fill(r, r.chance(0.7) ? bug.triage : r.pick(MAINTAINER_REPLIES.any), v, bound)}`,
        'neutral',
      );
      if (r.chance(0.5)) reply(asker, `Here you go:\n${code('', fill(r, bug.logs, v, bound))}`, 'neutral');
      if (r.chance(0.25)) reply(poster(), fill(r, r.pick(ME_TOO), v, bound), 'negative');
    } else {
      reply(
        r.pick(maintainers),
        `<@${asker.id}> ${fill(r, ANSWERS[title] ?? r.pick(MAINTAINER_REPLIES.any), v, bound)}`,
        'neutral',
      );
      if (r.chance(0.2))
        reply(
          poster(),
          r.pick(['Good to know, thanks for asking :+1:', 'Following this one.', 'Same question here.']),
          'neutral',
        );
    }
    if (r.chance(0.6))
      reply(
        asker,
        r.pick(
          negative
            ? [
                'That did it, thanks a lot! :raised_hands:',
                'Works now, thank you so much for the quick help!',
                'Perfect, problem solved. You folks are awesome :pray:',
                'Great, that fixed it. Thanks!',
              ]
            : ['Perfect, thanks! :pray:', 'Great, that answers it. Thank you!', 'Thanks, very helpful!'],
        ),
        'positive',
        [['white_check_mark', 1]],
      );
    parent.reactions = [['eyes', r.int(1, 2)]];
    drafts.push(parent);
  }

  // #general: praise, complaints, chatter; with a few thread replies.
  for (let i = 0; i < 95; i++) {
    const ms = when();
    const theme = r.pick(THEMES);
    const sentiment = r.weighted([
      ['positive', 0.42],
      ['neutral', 0.33],
      ['negative', 0.25],
    ] as const);
    const draft: Draft = {
      channel: 'general',
      ms,
      user: poster(),
      text: say(theme, sentiment, ms),
      sentiment,
      theme,
      replies: [],
      ...(sentiment === 'positive'
        ? {
            reactions: [[r.pick(['tada', 'heart', 'raised_hands', '+1']), r.int(1, 9)]] as [string, number][],
          }
        : {}),
    };
    if (sentiment !== 'neutral' && r.chance(0.3)) {
      const replySentiment: Sentiment = sentiment === 'positive' ? 'positive' : 'neutral';
      const text =
        replySentiment === 'positive'
          ? r.pick([
              'Love to hear it! :heart:',
              'Thanks for sharing, great to hear :tada:',
              'Awesome, thanks for the kind words!',
            ])
          : `Sorry about that. ${fill(r, r.pick(MAINTAINER_REPLIES[theme]), versionAt(ms))}`;
      const t = ms + Math.round(r.logNormal(2 * HOUR_MS, 0.8));
      if (t < world.endMs - MINUTE_MS)
        draft.replies!.push({
          channel: 'general',
          ms: t,
          user: r.pick(maintainers),
          text,
          sentiment: replySentiment,
          theme,
          parent: draft,
        });
    }
    drafts.push(draft);
  }

  // Feature requests in Slack, each from distinct people.
  for (const spec of FEATURE_REQUESTS) {
    const counts = requests.get(spec.id)!;
    const askers = r.sample(community, spec.slackRequesters);
    askers.forEach((user, i) => {
      const [text, sentiment] = spec.slack[i % spec.slack.length]!;
      const ms = when();
      drafts.push({
        channel: i % 2 ? 'help' : 'general',
        ms,
        user,
        text,
        sentiment,
        theme: spec.theme,
        request: spec.id,
        reactions: [['+1', r.int(1, 6)]],
      });
      counts.slackMessages++;
    });
    counts.slackRequesters = askers.length;
  }

  // Release announcements by the releases bot, and people joining.
  for (const release of world.releases) {
    if (release.publishedMs < world.startMs || release.publishedMs >= world.endMs) continue;
    drafts.push({
      channel: 'general',
      ms: release.publishedMs + r.int(2, 20) * MINUTE_MS,
      user: null,
      subtype: 'bot_message',
      text: `:rocket: *Odigos ${release.tag}* is out${release.prerelease ? ' (pre-release)' : ''}!\n${release.summary}\n<https://github.com/odigos-io/odigos/releases/tag/${release.tag}|Release notes>`,
      sentiment: 'neutral',
      theme: null,
      reactions: [
        ['rocket', r.int(3, 14)],
        ['tada', r.int(2, 10)],
      ],
    });
  }
  for (let i = 0; i < 28; i++) {
    const user = r.pick(community);
    drafts.push({
      channel: r.chance(0.7) ? 'general' : 'help',
      ms: when(),
      user,
      subtype: 'channel_join',
      text: `<@${user.id}> has joined the channel`,
      sentiment: 'neutral',
      theme: null,
    });
  }

  return exportWorkspace(r, world, members, drafts);
}

function exportWorkspace(
  r: Random,
  world: DemoWorld,
  members: readonly SlackUser[],
  drafts: Draft[],
): SlackData {
  const all = drafts.flatMap((d) => [d, ...(d.replies ?? [])]).sort((a, b) => a.ms - b.ms);
  const used = new Set<string>();
  for (const d of all) {
    let micros = r.int(100, 999_899);
    let ts = `${Math.floor(d.ms / 1000)}.${String(micros).padStart(6, '0')}`;
    while (used.has(`${d.channel}/${ts}`))
      ts = `${Math.floor(d.ms / 1000)}.${String(++micros).padStart(6, '0')}`;
    used.add(`${d.channel}/${ts}`);
    d.ts = ts;
  }
  const files = new Map<string, Json[]>();
  const truth: FeedbackTruthItem[] = [];
  for (const d of all) {
    const key = `feedback/slack/${d.channel}/${isoDay(d.ms)}.json`;
    let list = files.get(key);
    if (!list) {
      list = [];
      files.set(key, list);
    }
    list.push(toMessage(r, d, members));
    if (d.subtype === 'channel_join') continue;
    truth.push({
      itemId: `slack:message:${d.channel}:${d.ts}`,
      source: 'slack',
      kind: 'message',
      createdAt: new Date(d.ms).toISOString(),
      theme: d.theme,
      sentiment: d.sentiment,
      bot: d.subtype === 'bot_message',
      ...(d.request ? { featureRequest: d.request } : {}),
    });
  }
  const sortedFiles = new Map([...files].sort(([a], [b]) => (a < b ? -1 : 1)));
  const created = Math.floor((world.startMs - 500 * DAY_MS) / 1000);
  return {
    files: sortedFiles,
    truth,
    users: [
      ...members.map((m) => ({
        id: m.id,
        team_id: TEAM,
        name: m.name,
        deleted: false,
        color: m.isMaintainer ? '9f69e7' : '4bbe2e',
        real_name: m.realName,
        tz: m.tz,
        tz_label: m.tz,
        tz_offset: m.tzOffset,
        profile: {
          title: m.title,
          real_name: m.realName,
          real_name_normalized: m.realName,
          display_name: m.realName.split(' ')[0],
          first_name: m.realName.split(' ')[0],
          last_name: m.realName.split(' ').slice(1).join(' '),
          team: TEAM,
        },
        is_admin: m.isMaintainer,
        is_owner: false,
        is_bot: false,
        is_app_user: false,
      })),
      {
        id: RELEASE_BOT.user,
        team_id: TEAM,
        name: 'odigos-releases',
        deleted: false,
        real_name: RELEASE_BOT.name,
        profile: { real_name: RELEASE_BOT.name, bot_id: RELEASE_BOT.id, team: TEAM },
        is_bot: true,
        is_app_user: false,
      },
    ],
    channels: CHANNELS.map((c) => ({
      id: c.id,
      name: c.name,
      created,
      creator: members[0]!.id,
      is_archived: false,
      is_general: c.name === 'general',
      members: members.map((m) => m.id),
      topic: { value: '', creator: '', last_set: 0 },
      purpose: { value: c.purpose, creator: members[0]!.id, last_set: created },
    })),
  };
}

function toMessage(r: Random, d: Draft, members: readonly SlackUser[]): Json {
  if (d.subtype === 'channel_join')
    return { type: 'message', subtype: 'channel_join', ts: d.ts, user: d.user!.id, text: d.text };
  const reactions = (d.reactions ?? []).map(([name, count]) => ({
    name,
    users: r.sample(members, count).map((m) => m.id),
    count,
  }));
  if (d.subtype === 'bot_message')
    return {
      type: 'message',
      subtype: 'bot_message',
      text: d.text,
      ts: d.ts,
      username: RELEASE_BOT.name,
      bot_id: RELEASE_BOT.id,
      reactions,
    };
  const user = d.user!;
  const replies = d.replies ?? [];
  return {
    client_msg_id: r.uuid(),
    type: 'message',
    text: d.text,
    user: user.id,
    ts: d.ts,
    team: TEAM,
    user_team: TEAM,
    source_team: TEAM,
    user_profile: {
      real_name: user.realName,
      display_name: user.realName.split(' ')[0],
      first_name: user.realName.split(' ')[0],
      name: user.name,
      team: TEAM,
      is_restricted: false,
      is_ultra_restricted: false,
    },
    ...(d.parent ? { thread_ts: d.parent.ts, parent_user_id: d.parent.user?.id } : {}),
    ...(replies.length
      ? {
          thread_ts: d.ts,
          reply_count: replies.length,
          reply_users_count: new Set(replies.map((x) => x.user?.id)).size,
          latest_reply: replies.at(-1)!.ts,
          reply_users: [...new Set(replies.map((x) => x.user!.id))],
          is_locked: false,
          subscribed: false,
        }
      : {}),
    ...(reactions.length ? { reactions } : {}),
  };
}

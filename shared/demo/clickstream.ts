import { getOrCreate } from '../util/collections.ts';
import {
  ACTION_TYPES,
  ADOPTABLE_FEATURES,
  DESTINATION_TYPES,
  LANGUAGES,
  PAGES,
  RULE_TYPES,
  SAMPLING_TYPES,
  type UiPage,
} from './odigos-ui.ts';
import type { Random } from './random.ts';
import { DAY_MS, type DemoCluster, type DemoWorld, versionAt } from './world.ts';

export interface DemoUser {
  readonly userId: string;
  readonly anonymousId: string;
  readonly cluster: DemoCluster;
  readonly firstDay: number;
  /** Last day index with activity; `days - 1` for users who stay. */
  readonly lastDay: number;
  readonly dropReason: 'onboarding_failed' | 'churned' | null;
  readonly onboards: boolean;
  readonly activity: number;
  readonly adopted: ReadonlySet<string>;
}

export interface ClickstreamTruth {
  readonly users: number;
  readonly usersByCluster: Record<string, number>;
  readonly droppedOff: { userId: string; lastActiveDate: string; reason: string }[];
  readonly onboardingFunnel: {
    started: number;
    sourcesInstrumented: number;
    destinationCreated: number;
    completed: number;
  };
  readonly adoptersByFeature: Record<string, number>;
  readonly events: number;
  readonly duplicates: number;
  readonly invalid: { missingMessageId: number; futureTimestamp: number; unparsableTimestamp: number };
}

type Call = Record<string, unknown>;

const SOURCE_ID = 'odigos-ui-prod';
const USER_AGENT =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0 Safari/537.36';

function makeUsers(random: Random, world: DemoWorld, count: number): DemoUser[] {
  const weights = world.clusters.map((c) => [c, Math.sqrt(c.nodes)] as const);
  return Array.from({ length: count }, (_, i): DemoUser => {
    const r = random.fork(`user-${i}`);
    const cluster = r.weighted(weights);
    // A third of the users were there before the window; the rest arrive and onboard during it.
    const existing = r.chance(0.3);
    const firstDay = existing ? 0 : r.int(1, world.days - 4);
    const failsOnboarding = !existing && r.chance(0.22);
    let lastDay = world.days - 1;
    let dropReason: DemoUser['dropReason'] = null;
    if (failsOnboarding && r.chance(0.85)) {
      lastDay = Math.min(world.days - 1, firstDay + r.int(0, 3));
      dropReason = 'onboarding_failed';
    } else if (r.chance(0.08)) {
      lastDay = Math.min(world.days - 1, firstDay + r.int(5, 25));
      dropReason = lastDay < world.days - 1 ? 'churned' : null;
    }
    const adopted = new Set<string>();
    for (const f of ADOPTABLE_FEATURES) if (r.chance(f.adoption)) adopted.add(f.feature);
    return {
      userId: `user-${(i + 1).toString().padStart(4, '0')}`,
      anonymousId: r.uuid(),
      cluster,
      firstDay,
      lastDay,
      dropReason,
      onboards: !existing,
      activity: 0.2 + r.next() * 0.45,
      adopted: failsOnboarding && dropReason ? new Set() : adopted,
    };
  });
}

/**
 * Generates the UI clickstream as Segment calls grouped into objects the way Segment's S3
 * destination writes them (one object per installation per day).
 */
export function generateClickstream(
  random: Random,
  world: DemoWorld,
  userCount: number,
): { objects: Map<string, Call[]>; truth: ClickstreamTruth; corruptKey: string; corruptCalls: Call[] } {
  const users = makeUsers(random.fork('users'), world, userCount);
  const objects = new Map<string, Call[]>();
  const funnel = { started: 0, sourcesInstrumented: 0, destinationCreated: 0, completed: 0 };
  const adopters = new Map<string, Set<string>>();
  let events = 0;

  const emit = (user: DemoUser, timeMs: number, call: Call) => {
    const version = versionAt(user.cluster, world.releases, timeMs);
    const timestamp = new Date(timeMs).toISOString();
    const full: Call = {
      ...call,
      messageId: call.messageId ?? `${user.cluster.installationId}-${random.uuid()}`,
      userId: user.userId,
      anonymousId: user.anonymousId,
      timestamp,
      originalTimestamp: new Date(timeMs - 350).toISOString(),
      sentAt: new Date(timeMs + 1200).toISOString(),
      receivedAt: new Date(timeMs + 1800).toISOString(),
      context: {
        app: { name: 'odigos-ui', version },
        groupId: user.cluster.installationId,
        library: { name: 'analytics.js', version: 'next-1.70.0' },
        userAgent: USER_AGENT,
        screen: { width: 1920, height: 1080 },
        page: call.context,
        odigos: { installation_id: user.cluster.installationId, cluster_name: user.cluster.name, version },
      },
    };
    const dayStart = Math.floor(timeMs / DAY_MS) * DAY_MS;
    const key = `events/segment-logs/${SOURCE_ID}/${dayStart}/${dayStart}.${user.cluster.installationId}.gz`;
    getOrCreate(objects, key, () => [] as Call[]).push(full);
    events++;
  };

  for (const user of users) {
    const r = random.fork(user.userId);
    for (let day = user.firstDay; day <= user.lastDay; day++) {
      const dayMs = world.startMs + day * DAY_MS;
      const weekday = new Date(dayMs).getUTCDay() % 6 !== 0;
      const first = day === user.firstDay;
      if (!first && !r.chance(user.activity * (weekday ? 1 : 0.25))) continue;
      const localHour = r.int(9, 17);
      let t =
        dayMs +
        ((((localHour - user.cluster.utcOffset) % 24) + 24) % 24) * 3_600_000 +
        r.int(0, 3_599) * 1000;
      t = Math.min(t, dayMs + DAY_MS - 7_200_000);
      const step = () => {
        t += r.int(4, 90) * 1000;
        return t;
      };
      const page = (p: UiPage) => {
        emit(user, step(), {
          type: 'page',
          name: p.title,
          properties: {
            path: p.path,
            title: p.title,
            feature: p.feature,
            url: `http://localhost:3000${p.path}`,
          },
          context: { path: p.path, title: p.title, url: `http://localhost:3000${p.path}`, referrer: '' },
        });
        for (let c = r.int(0, 3); c > 0; c--) {
          const [element, x, y] = r.pick(p.elements);
          emit(user, step(), {
            type: 'track',
            event: 'Element Clicked',
            properties: {
              feature: 'clicks',
              page: p.path,
              element,
              x: Math.min(1, Math.max(0, Number(r.normal(x, 0.025).toFixed(4)))),
              y: Math.min(1, Math.max(0, Number(r.normal(y, 0.02).toFixed(4)))),
              viewportWidth: 1920,
              viewportHeight: 1080,
            },
            context: { path: p.path, title: p.title, url: `http://localhost:3000${p.path}`, referrer: '' },
          });
        }
      };
      const track = (p: UiPage, event: string, feature: string, properties: Record<string, unknown>) => {
        emit(user, step(), {
          type: 'track',
          event,
          properties: { feature, ...properties },
          context: { path: p.path, title: p.title, url: `http://localhost:3000${p.path}`, referrer: '' },
        });
        getOrCreate(adopters, feature, () => new Set<string>()).add(user.userId);
      };

      if (first) {
        emit(user, step(), {
          type: 'identify',
          traits: {
            role: r.pick(['platform-engineer', 'sre', 'developer', 'engineering-manager']),
            cluster: user.cluster.name,
          },
        });
      }
      if (first && user.onboards) {
        funnel.started++;
        page(PAGES.chooseSources!);
        track(PAGES.chooseSources!, 'Sources Instrumented', 'source_instrumentation', {
          count: r.int(2, 40),
          languages: [r.pick(LANGUAGES), r.pick(LANGUAGES)],
        });
        funnel.sourcesInstrumented++;
        page(PAGES.chooseDestination!);
        const failing = user.dropReason === 'onboarding_failed';
        for (let attempt = failing ? r.int(2, 4) : 1; attempt > 0; attempt--) {
          track(PAGES.chooseDestination!, 'Destination Connection Tested', 'test_connection', {
            success: !failing,
            destinationType: r.pick(DESTINATION_TYPES),
          });
        }
        if (failing) continue;
        track(PAGES.chooseDestination!, 'Destination Created', 'destinations', {
          destinationType: r.pick(DESTINATION_TYPES),
        });
        funnel.destinationCreated++;
        page(PAGES.setupSummary!);
        track(PAGES.setupSummary!, 'Onboarding Completed', 'onboarding', {});
        funnel.completed++;
        continue;
      }
      if (user.dropReason === 'onboarding_failed') {
        // Back for another try: the connection test still fails.
        page(PAGES.chooseDestination!);
        track(PAGES.chooseDestination!, 'Destination Connection Tested', 'test_connection', {
          success: false,
          destinationType: r.pick(DESTINATION_TYPES),
        });
        continue;
      }
      page(PAGES.overview!);
      for (const f of ADOPTABLE_FEATURES) {
        if (!user.adopted.has(f.feature) || !r.chance(f.feature === 'sampling_rules' ? 0.5 : 0.3)) continue;
        const where = PAGES[f.page]!;
        if (f.page !== 'overview') page(where);
        const properties =
          f.feature === 'source_instrumentation'
            ? { count: r.int(1, 12), languages: [r.pick(LANGUAGES)] }
            : f.feature === 'destinations'
              ? { destinationType: r.pick(DESTINATION_TYPES) }
              : f.feature === 'actions'
                ? { actionType: r.pick(ACTION_TYPES) }
                : f.feature === 'instrumentation_rules'
                  ? { ruleType: r.pick(RULE_TYPES) }
                  : { ruleType: r.pick(SAMPLING_TYPES) };
        if (f.feature === 'destinations')
          track(where, 'Destination Connection Tested', 'test_connection', {
            success: r.chance(0.93),
            destinationType: properties.destinationType,
          });
        track(where, f.event, f.feature, properties);
      }
      for (let hops = r.int(0, 3); hops > 0; hops--) {
        page(
          PAGES[
            r.weighted([
              ['serviceMap', 0.4],
              ['pipelineCollectors', 0.25],
              ['overview', 0.2],
              ['settings', 0.08],
              ['samplingRules', 0.07],
            ] as const)
          ]!,
        );
      }
    }
  }

  // Real pipelines re-send and mangle a few calls: duplicates must be dropped, bad records quarantined.
  const q = random.fork('quality');
  const invalid = { missingMessageId: 0, futureTimestamp: 0, unparsableTimestamp: 0 };
  let duplicates = 0;
  for (const calls of objects.values()) {
    calls.sort((a, b) => String(a.timestamp).localeCompare(String(b.timestamp)));
    const extra: Call[] = [];
    for (const call of calls) {
      if (q.chance(0.01)) {
        extra.push({ ...call });
        duplicates++;
      }
      const roll = q.next();
      if (roll < 0.0004) {
        delete call.messageId;
        invalid.missingMessageId++;
      } else if (roll < 0.0008) {
        call.timestamp = '2031-01-01T00:00:00.000Z';
        delete call.originalTimestamp;
        invalid.futureTimestamp++;
      } else if (roll < 0.0012) {
        call.timestamp = 'yesterday';
        delete call.originalTimestamp;
        delete call.sentAt;
        delete call.receivedAt;
        invalid.unparsableTimestamp++;
      }
    }
    calls.push(...extra);
  }

  const lastDayStart = world.endMs - DAY_MS;
  const corruptKey = `events/segment-logs/${SOURCE_ID}/${lastDayStart}/corrupt-upload.gz`;
  const corruptCalls = [...(objects.values().next().value ?? [])].slice(0, 200);

  const usersByCluster: Record<string, number> = {};
  for (const u of users) usersByCluster[u.cluster.name] = (usersByCluster[u.cluster.name] ?? 0) + 1;
  const day = (i: number) => new Date(world.startMs + i * DAY_MS).toISOString().slice(0, 10);
  return {
    objects,
    corruptKey,
    corruptCalls,
    truth: {
      users: users.length,
      usersByCluster,
      droppedOff: users
        .filter((u) => u.dropReason)
        .map((u) => ({ userId: u.userId, lastActiveDate: day(u.lastDay), reason: u.dropReason! })),
      onboardingFunnel: funnel,
      adoptersByFeature: Object.fromEntries([...adopters].map(([f, s]) => [f, s.size]).sort()),
      events,
      duplicates,
      invalid,
    },
  };
}

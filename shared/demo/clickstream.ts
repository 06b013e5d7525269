import {
  ACTION_TYPES,
  DESTINATION_TYPES,
  elementCentre,
  FEATURES,
  findElement,
  LANGUAGES,
  NAV_ELEMENTS,
  PAGES,
  type PageId,
  RULE_TYPES,
  SAMPLING_TYPES,
  TRANSITIONS,
  type UiElement,
  type UiFeature,
  type UiPage,
} from './odigos-ui.ts';
import type { Random } from './random.ts';
import { activeDays, buildPopulation, type DemoUser, type Fate, type Population } from './users.ts';
import { DAY_MS, type DemoWorld, HOUR_MS, iso, isoDay, versionAt } from './world.ts';

type Json = Record<string, unknown>;

/** One line of a Segment object, waiting for its object to be complete. */
interface Line {
  readonly receivedMs: number;
  readonly text: string;
}

/** The ground-truth view of one clean call (not a damaged line, not a re-sent copy). */
interface CallFacts {
  readonly userId: string;
  /** Day index of the call's (true) timestamp. */
  readonly day: number;
  readonly type: 'track' | 'page' | 'identify';
  readonly event: string | null;
  readonly feature: string | null;
  readonly path: string;
  readonly success: boolean | null;
}

/** Where simulated calls go: lines to their objects, facts to the ground truth. */
interface Sink {
  line(key: string, line: Line): void;
  facts(facts: CallFacts): void;
}

interface Quality {
  duplicates: number;
  duplicatesAcrossObjects: number;
  invalid: { missingMessageId: number; futureTimestamp: number; unparsableTimestamp: number };
}

export interface OnboardingFunnel {
  /** New users who opened /choose-sources (the funnel's first step). */
  readonly started: number;
  readonly sourcesInstrumented: number;
  readonly viewedChooseDestination: number;
  readonly connectionTested: number;
  readonly connectionSucceeded: number;
  readonly destinationCreated: number;
  readonly viewedSetupSummary: number;
  readonly completed: number;
  /** completed / started. */
  readonly conversion: number;
}

export interface DroppedOffUser {
  readonly userId: string;
  readonly installationId: string;
  readonly cluster: string;
  readonly firstSeenDate: string;
  readonly lastActiveDate: string;
  readonly reason: Exclude<Fate, 'retained'>;
}

export interface FeatureAdoptionTruth {
  /** Dates (inclusive) the counts cover. */
  readonly start: string;
  readonly end: string;
  /** Distinct users with any valid call in the window. */
  readonly activeUsers: number;
  /** Distinct users with a track event of the feature (clicks excluded), and their share of active users. */
  readonly features: readonly { feature: string; users: number; share: number; events: number }[];
}

export interface ClickstreamTruth {
  readonly segmentSourceId: string;
  readonly users: number;
  readonly usersByCluster: Record<string, number>;
  readonly existingUsers: number;
  readonly newUsers: number;
  /** First-seen week cohorts: size and users still active in the window's last week. */
  readonly cohorts: readonly { week: number; start: string; users: number; retained: number }[];
  readonly earlyCohort: { start: string; end: string; churnRate: number; baselineChurnRate: number };
  readonly droppedOff: readonly DroppedOffUser[];
  readonly onboardingFunnel: OnboardingFunnel;
  /** Distinct users per feature over the whole window (track events, clicks excluded). */
  readonly adoptersByFeature: Record<string, number>;
  /** Distinct users who viewed each page. */
  readonly viewersByPage: Record<string, number>;
  /** Distinct valid calls (what a correct ingest keeps). */
  readonly events: number;
  readonly eventsByType: Record<string, number>;
  readonly eventsByName: Record<string, number>;
  /** Lines written to readable objects (valid + duplicates + invalid). */
  readonly lines: number;
  /** Re-sent copies of a call (same messageId); some land in a later object than the original. */
  readonly duplicates: number;
  readonly duplicatesWithinObject: number;
  readonly duplicatesAcrossObjects: number;
  readonly invalid: { missingMessageId: number; futureTimestamp: number; unparsableTimestamp: number };
  readonly objects: number;
}

export interface ClickstreamObject {
  readonly key: string;
  /** NDJSON lines, ordered by receive time. */
  readonly lines: readonly string[];
}

export interface ClickstreamResult {
  /** A second, truncated upload of one day's object (it fails to gunzip). */
  readonly corrupt: ClickstreamObject;
  readonly truth: ClickstreamTruth;
  /** Last-30-days adoption as the analysis computes it. */
  readonly adoption: FeatureAdoptionTruth;
}

export interface Clickstream {
  readonly population: Population;
  /**
   * Simulates the window day by day and yields each object as soon as its received day is complete,
   * in key order, so only a day or two of calls is ever held in memory.
   */
  objects(): Generator<ClickstreamObject>;
  /** Once `objects()` is exhausted: the corrupt upload and the ground truth. */
  result(): ClickstreamResult;
}

const LIBRARY = { name: 'analytics.js', version: 'next-1.70.0' };
const TIMEZONES: Record<string, string> = {
  '-8': 'America/Los_Angeles',
  '-5': 'America/New_York',
  '1': 'Europe/Berlin',
  '5.5': 'Asia/Kolkata',
};
const NAMESPACES = ['default', 'shop', 'payments', 'checkout', 'api', 'backend', 'data', 'auth'];
const CONNECTION_ERRORS = [
  'context deadline exceeded',
  'x509: certificate signed by unknown authority',
  'dial tcp 10.0.12.7:4318: connect: connection refused',
  'rpc error: code = Unavailable desc = name resolver error: produced zero addresses',
  '401 Unauthorized',
];
const DUPLICATE_RATE = 0.01;
const INVALID_RATE = 0.001;

const round4 = (n: number) => Math.round(n * 10_000) / 10_000;
const clamp01 = (n: number) => Math.min(1, Math.max(0, n));

/** Breaks a call the ways real clients do; a correct ingest quarantines every one. */
function damage(q: Random, call: Json, quality: Quality): void {
  const kind = q.int(0, 2);
  if (kind === 0) {
    delete call.messageId;
    quality.invalid.missingMessageId++;
  } else if (kind === 1) {
    // A browser clock years ahead, and a proxy that stripped sentAt so Segment could not correct it.
    const future = `2031${String(call.timestamp).slice(4)}`;
    call.timestamp = future;
    call.originalTimestamp = future;
    delete call.sentAt;
    quality.invalid.futureTimestamp++;
  } else {
    call.timestamp = 'Invalid Date';
    call.originalTimestamp = 'Invalid Date';
    quality.invalid.unparsableTimestamp++;
  }
}

/** Segment's S3 layout: one folder per received day, here one object per installation per day. */
export function segmentKey(sourceId: string, receivedMs: number, installationId: string): string {
  const day = Math.floor(receivedMs / DAY_MS) * DAY_MS;
  return `events/segment-logs/${sourceId}/${day}/${day}.${installationId}.gz`;
}

/** Session start in UTC for a local working-hours start on the UTC day `dayMs`. */
function sessionStart(r: Random, dayMs: number, utcOffset: number): number {
  const localHour = r.weighted([
    [8, 0.05],
    [9, 0.12],
    [10, 0.16],
    [11, 0.14],
    [12, 0.07],
    [13, 0.1],
    [14, 0.13],
    [15, 0.11],
    [16, 0.08],
    [17, 0.04],
  ] as const);
  const utcHour = (((localHour - utcOffset) % 24) + 24) % 24;
  return dayMs + Math.round(utcHour * HOUR_MS) + r.int(0, 3_599_000);
}

/**
 * Simulates every user's sessions in the Odigos UI and returns the Segment calls as the S3
 * destination would store them, with ~1% re-sent duplicates, ~0.1% damaged records and one
 * truncated upload, plus the ground truth measured on the clean calls.
 *
 * @example
 *   const clickstream = generateClickstream(random, world, 240);
 *   for (const { key, lines } of clickstream.objects()) write(key, lines);
 *   const { truth } = clickstream.result();
 */
export function generateClickstream(
  random: Random,
  world: DemoWorld,
  userCount: number,
  onDay: () => void = () => {},
): Clickstream {
  const population = buildPopulation(random.fork('population'), world, userCount);
  const quality: Quality = {
    duplicates: 0,
    duplicatesAcrossObjects: 0,
    invalid: { missingMessageId: 0, futureTimestamp: 0, unparsableTimestamp: 0 },
  };
  const collector = truthCollector(world, population);
  const pending = new Map<string, Line[]>();
  let lineCount = 0;
  let objectCount = 0;
  const sink: Sink = {
    line(key, line) {
      let list = pending.get(key);
      if (!list) {
        list = [];
        pending.set(key, list);
      }
      list.push(line);
      lineCount++;
    },
    facts: collector.observe,
  };
  const corruptDay = world.startMs + Math.floor(world.days * 0.66) * DAY_MS;
  let corrupt: ClickstreamObject | undefined;
  let done = false;

  /** Objects whose received day ends before `beforeMs`, in key order. */
  function* flush(beforeMs: number): Generator<ClickstreamObject> {
    const ready = [...pending.keys()].filter((k) => Number(k.split('/')[3]) < beforeMs).sort();
    for (const key of ready) {
      // Array.prototype.sort is stable, so equal receive times keep their emission order.
      const lines = pending
        .get(key)!
        .sort((a, b) => a.receivedMs - b.receivedMs)
        .map((l) => l.text);
      pending.delete(key);
      objectCount++;
      if (!corrupt && Number(key.split('/')[3]) === corruptDay)
        corrupt = {
          key: `events/segment-logs/${world.segmentSourceId}/${corruptDay}/corrupt-upload.gz`,
          lines,
        };
      yield { key, lines };
    }
  }

  return {
    population,
    *objects() {
      const simulators = population.users.map((user) =>
        userSimulator(random.fork(`sessions:${user.userId}`), world, user, population, sink, quality),
      );
      for (let day = 0; day < world.days; day++) {
        for (const simulate of simulators) simulate(day);
        onDay();
        // Calls of a day are received by the next day at the latest (late re-sends included).
        yield* flush(world.startMs + day * DAY_MS);
      }
      yield* flush(Number.POSITIVE_INFINITY);
      done = true;
    },
    result() {
      if (!done) throw new Error('Read every clickstream object before asking for the result');
      if (!corrupt) throw new Error('No events object on the day chosen for the corrupt upload');
      return { corrupt, ...collector.finish(quality, lineCount, objectCount) };
    },
  };
}

/** A user's sessions as a function of the day: call it for every day of the window, in order. */
function userSimulator(
  r: Random,
  world: DemoWorld,
  user: DemoUser,
  population: Population,
  sink: Sink,
  quality: Quality,
): (day: number) => void {
  const q = r.fork('quality');
  const cluster = user.cluster;
  const { width: vw, height: vh } = user.device.viewport;
  const timezone = TIMEZONES[String(cluster.utcOffset)] ?? 'UTC';
  let t = 0;
  let page: UiPage = PAGES.overview;
  /** URL of the previous page view in the session, and the referrer of the current one. */
  let referrer = '';
  let pageReferrer = '';
  let onboardingStart = 0;
  let anonymousId = user.anonymousIds[0]!;
  let onboarded = user.existing;
  /** The parts of every call that never change for this user, serialised once. */
  const fixed = {
    group: JSON.stringify(cluster.installationId),
    cluster: JSON.stringify(cluster.name),
    library: JSON.stringify(LIBRARY),
    screen: JSON.stringify(user.device.screen),
    timezone: JSON.stringify(timezone),
    userAgent: JSON.stringify(user.device.userAgent),
    userId: JSON.stringify(user.userId),
  };

  const emit = (
    type: CallFacts['type'],
    body: Json,
    meta: { event?: string; feature?: string; success?: boolean } = {},
  ) => {
    if (t >= world.endMs - 5_000) return;
    const networkMs = r.int(30, 450);
    const flushMs = r.int(10, 1_200);
    const originalMs = t + user.clockSkewMs;
    const sentMs = t + flushMs + user.clockSkewMs;
    const receivedMs = t + flushMs + networkMs;
    // Segment corrects client clock skew: timestamp = receivedAt - (sentAt - originalTimestamp).
    const timestampMs = receivedMs - (sentMs - originalMs);
    const version = versionAt(world, cluster, t);
    const url = `${cluster.uiBaseUrl}${page.path}`;
    const pageJson = JSON.stringify({
      path: page.path,
      referrer: pageReferrer,
      search: '',
      title: page.title,
      url,
    });
    const bodyJson = JSON.stringify(body).slice(1, -1);
    const messageId = `ajs-next-${r.hex(32)}`;
    // Serialised by hand, in the key order JSON.stringify would use: ~150k calls, most of the run.
    const serialise = (receivedAt: string, sentAt: string) =>
      `{"anonymousId":"${anonymousId}","channel":"client","context":{"app":{"name":"odigos-ui","version":"${version}"},` +
      `"groupId":${fixed.group},"library":${fixed.library},"locale":"en-US",` +
      `"odigos":{"installation_id":${fixed.group},"cluster_name":${fixed.cluster},"version":"${version}"},` +
      `"page":${pageJson},"screen":${fixed.screen},"timezone":${fixed.timezone},"userAgent":${fixed.userAgent}},` +
      `${bodyJson},"integrations":{},"messageId":"${messageId}","originalTimestamp":"${iso(originalMs)}",` +
      `"receivedAt":"${receivedAt}","sentAt":"${sentAt}","timestamp":"${iso(timestampMs)}","type":"${type}",` +
      `"userId":${fixed.userId},"version":2}`;
    const key = segmentKey(world.segmentSourceId, receivedMs, cluster.installationId);
    // Data-quality damage, the way real pipelines deliver it: a few broken records, some re-sends.
    if (q.chance(INVALID_RATE)) {
      const call = JSON.parse(serialise(iso(receivedMs), iso(sentMs))) as Json;
      damage(q, call, quality);
      sink.line(key, { receivedMs, text: JSON.stringify(call) });
      return;
    }
    sink.line(key, { receivedMs, text: serialise(iso(receivedMs), iso(sentMs)) });
    sink.facts({
      userId: user.userId,
      day: Math.floor((timestampMs - world.startMs) / DAY_MS),
      type,
      event: meta.event ?? null,
      feature: meta.feature ?? null,
      path: page.path,
      success: meta.success ?? null,
    });
    if (!q.chance(DUPLICATE_RATE)) return;
    // Retries after a lost acknowledgement: seconds later, or the next morning for a laptop that slept.
    const delay = q.chance(0.85) ? q.int(2_000, 90_000) : q.int(6, 16) * HOUR_MS + q.int(0, 3_599_000);
    if (receivedMs + delay >= world.endMs) return;
    const copyKey = segmentKey(world.segmentSourceId, receivedMs + delay, cluster.installationId);
    quality.duplicates++;
    if (copyKey !== key) quality.duplicatesAcrossObjects++;
    sink.line(copyKey, {
      receivedMs: receivedMs + delay,
      text: serialise(iso(receivedMs + delay), iso(sentMs + delay)),
    });
  };

  const wait = (medianMs: number, sigma = 0.6) => {
    t += Math.round(r.logNormal(medianMs, sigma));
  };

  const click = (element: UiElement | string, thinkMs = 4_000) => {
    const e = typeof element === 'string' ? findElement(page, element) : element;
    wait(thinkMs, 0.7);
    const [cx, cy] = elementCentre(e, vw, vh);
    // Big targets (lists, canvases) take clicks all over; small ones near their centre.
    const dx = e.w > 120 ? r.uniform(-e.w / 2, e.w / 2) : r.normal(0, e.w / 5);
    const dy = e.h > 120 ? r.uniform(-e.h / 2, e.h / 2) : r.normal(0, e.h / 5);
    emit(
      'track',
      {
        event: 'Element Clicked',
        properties: {
          feature: 'clicks',
          x: round4(clamp01((cx + dx) / vw)),
          y: round4(clamp01((cy + dy) / vh)),
          viewportWidth: vw,
          viewportHeight: vh,
          element: e.id,
          page: page.path,
        },
      },
      { event: 'Element Clicked', feature: 'clicks' },
    );
  };

  const track = (event: string, feature: string, properties: Json) => {
    wait(600, 0.4);
    emit('track', { event, properties: { feature, ...properties } }, { event, feature });
  };

  const view = (next: UiPage, viaNav: boolean) => {
    const nav = NAV_ELEMENTS[next.id];
    if (viaNav && nav) click(nav, 2_500);
    page = next;
    pageReferrer = referrer;
    const url = `${user.cluster.uiBaseUrl}${next.path}`;
    wait(900, 0.5);
    emit(
      'page',
      {
        name: next.title.replace(/ \| Odigos$/, ''),
        properties: {
          path: next.path,
          referrer: pageReferrer,
          search: '',
          title: next.title,
          url,
          feature: next.feature,
        },
      },
      { feature: next.feature },
    );
    referrer = url;
  };

  const idleClicks = () => {
    const targets = page.elements.filter((e) => e.weight > 0).map((e) => [e, e.weight] as const);
    for (let n = r.poisson(page.clickRate); n > 0; n--) click(r.weighted(targets), 5_000);
  };

  const testConnection = (destinationType: string, succeed: boolean, button: string) => {
    click(button, 6_000);
    wait(succeed ? 1_200 : 9_000, 0.5);
    wait(600, 0.4);
    const event = 'Destination Connection Tested';
    const properties = {
      feature: 'test_connection',
      destinationType,
      success: succeed,
      ...(succeed ? {} : { error: r.pick(CONNECTION_ERRORS) }),
    };
    emit('track', { event, properties }, { event, feature: 'test_connection', success: succeed });
  };

  const featureProperties = (f: UiFeature): Json => {
    switch (f.feature) {
      case 'source_instrumentation':
        return {
          count: Math.max(1, Math.round(r.logNormal(3, 0.8))),
          namespace: r.pick(NAMESPACES),
          languages: [...new Set([r.weighted(LANGUAGES), r.weighted(LANGUAGES)])].sort(),
        };
      case 'destinations':
        return { destinationType: r.weighted(DESTINATION_TYPES.map(([d, p]) => [d, p] as const)) };
      case 'actions':
        return { actionType: r.weighted(ACTION_TYPES) };
      case 'instrumentation_rules':
        return { ruleType: r.weighted(RULE_TYPES) };
      default:
        return { samplingType: r.weighted(SAMPLING_TYPES) };
    }
  };

  /** A create flow: open the dialog, fill it in, (test,) create; non-adopters give up. */
  const createFlow = (f: UiFeature, adopter: boolean) => {
    for (const id of f.open) click(id, 2_500);
    for (const id of f.form) for (let n = r.int(1, 3); n > 0; n--) click(id, 3_500);
    if (!adopter) {
      click('modal#cancel', 3_000);
      return;
    }
    const properties = featureProperties(f);
    if (f.feature === 'destinations') {
      const type = String(properties.destinationType);
      const failProb = DESTINATION_TYPES.find(([d]) => d === type)?.[2] ?? 0.05;
      let ok = !r.chance(failProb);
      testConnection(type, ok, 'modal#test-connection');
      if (!ok && r.chance(0.75)) {
        ok = r.chance(0.8);
        testConnection(type, ok, 'modal#test-connection');
      }
      if (!ok) {
        click('modal#cancel', 2_000);
        return;
      }
    }
    click(f.submit, 2_000);
    track(f.event, f.feature, properties);
  };

  const onboarding = (resume: boolean) => {
    if (!resume) {
      onboardingStart = t;
      view(PAGES.chooseSources, false);
      idleClicks();
      if (user.fate === 'abandoned_onboarding') {
        wait(20_000);
        return;
      }
      const count = Math.max(1, Math.round(r.logNormal(5, 0.8)));
      if (count > 6 && r.chance(0.6)) click('checkbox#select-all');
      else for (let n = Math.min(count, 8); n > 0; n--) click('checkbox.source-row', 2_000);
      track('Sources Instrumented', 'source_instrumentation', {
        count,
        namespace: r.pick(NAMESPACES),
        languages: [...new Set([r.weighted(LANGUAGES), r.weighted(LANGUAGES), r.weighted(LANGUAGES)])].sort(),
      });
      click('button#next', 2_000);
    }
    view(PAGES.chooseDestination, false);
    if (!resume) idleClicks();
    click('card.destination-type', 6_000);
    click('input#endpoint', 3_000);
    if (r.chance(0.6)) click('input#api-key', 8_000);
    const type = user.destinationType;
    if (user.fate === 'onboarding_failed') {
      for (let n = resume ? r.int(1, 2) : r.int(2, 4); n > 0; n--) {
        testConnection(type, false, 'button#test-connection');
        if (n > 1) click('input#endpoint', 15_000);
      }
      if (r.chance(0.5)) click('button#back', 10_000);
      return;
    }
    const failProb = DESTINATION_TYPES.find(([d]) => d === type)?.[2] ?? 0.05;
    if (r.chance(failProb * 1.5)) {
      testConnection(type, false, 'button#test-connection');
      click('input#endpoint', 20_000);
    }
    testConnection(type, true, 'button#test-connection');
    click('button#add-destination', 2_000);
    track('Destination Created', 'destinations', { destinationType: type });
    click('button#next', 2_000);
    view(PAGES.setupSummary, false);
    idleClicks();
    if (user.skipsSummaryStep) {
      onboarded = true;
      return;
    }
    click('button#done', 4_000);
    track('Onboarding Completed', 'onboarding', {
      destinationType: type,
      durationSeconds: Math.round((t - onboardingStart) / 1000),
    });
    onboarded = true;
    // The UI sends people to the overview when they finish.
    walk('overview', false);
  };

  const walk = (start: PageId, navFirst: boolean) => {
    const done = new Set<string>();
    let id: PageId = start;
    for (let step = 0; step < 14; step++) {
      view(PAGES[id], navFirst || step > 0);
      idleClicks();
      for (const f of FEATURES) {
        if (f.page !== id || done.has(f.feature)) continue;
        const adopter = user.adopted.has(f.feature);
        if (adopter ? r.chance(f.perSession) : r.chance(f.page === 'samplingRules' ? 0.15 : 0.015)) {
          done.add(f.feature);
          createFlow(f, adopter);
        }
      }
      wait(PAGES[id].dwell * 500, 0.6);
      const transitions = TRANSITIONS[id].map(
        ([next, w]) =>
          [next, next === 'samplingRules' && user.adopted.has('sampling_rules') ? w * 4 : w] as const,
      );
      const next = r.weighted(transitions);
      if (next === 'end') return;
      id = next;
    }
  };

  const days = activeDays(r, world, user, population.inactiveDaysForDropOff);
  const order = new Map(days.map((day, i) => [day, i]));
  return (day: number) => {
    const i = order.get(day);
    if (i === undefined) return;
    const dayMs = world.startMs + day * DAY_MS;
    const sessions =
      i === 0 ? 1 : 1 + (r.chance(0.65 * user.activity) ? 1 : 0) + (r.chance(0.15 * user.activity) ? 1 : 0);
    let earliest = dayMs;
    for (let s = 0; s < sessions; s++) {
      t = Math.max(earliest, sessionStart(r, dayMs, cluster.utcOffset));
      if (t >= world.endMs) return;
      referrer = '';
      pageReferrer = '';
      anonymousId =
        user.anonymousIds.length > 1 && r.chance(0.3) ? user.anonymousIds[1]! : user.anonymousIds[0]!;
      const start: PageId = onboarded
        ? r.weighted(START_PAGES)
        : i === 0
          ? 'chooseSources'
          : 'chooseDestination';
      // analytics.js sends identify when the app loads, on the page the user lands on.
      page = PAGES[start];
      emit('identify', {
        traits: {
          role: user.role,
          installation_id: cluster.installationId,
          cluster_name: cluster.name,
          first_seen_at: isoDay(world.startMs + user.firstDay * DAY_MS),
        },
      });
      if (onboarded) walk(start, false);
      else if (i === 0 || user.fate === 'onboarding_failed') onboarding(i > 0);
      else return;
      earliest = t + HOUR_MS;
    }
  };
}

const START_PAGES: readonly (readonly [PageId, number])[] = [
  ['overview', 0.82],
  ['serviceMap', 0.12],
  ['pipelineCollectors', 0.06],
];

/** Ground truth from the clean calls, gathered as they are simulated: what a correct pipeline should find. */
function truthCollector(world: DemoWorld, population: Population) {
  const adoptionStart = Math.max(0, world.days - 30);
  const adopters = new Map<string, Set<string>>();
  const recent = new Map<string, { users: Set<string>; events: number }>();
  const viewers = new Map<string, Set<string>>();
  const activeRecent = new Set<string>();
  const seenDays = new Map<string, { first: number; last: number }>();
  const eventsByType: Record<string, number> = {};
  const eventsByName: Record<string, number> = {};
  let events = 0;
  const funnelSets = {
    started: new Set<string>(),
    sourcesInstrumented: new Set<string>(),
    viewedChooseDestination: new Set<string>(),
    connectionTested: new Set<string>(),
    connectionSucceeded: new Set<string>(),
    destinationCreated: new Set<string>(),
    viewedSetupSummary: new Set<string>(),
    completed: new Set<string>(),
  };
  const add = <K, V>(map: Map<K, Set<V>>, key: K, value: V) => {
    let set = map.get(key);
    if (!set) {
      set = new Set();
      map.set(key, set);
    }
    set.add(value);
  };

  const observe = (e: CallFacts): void => {
    events++;
    eventsByType[e.type] = (eventsByType[e.type] ?? 0) + 1;
    const name = e.type === 'track' ? e.event! : e.type === 'page' ? `page ${e.path}` : 'identify';
    eventsByName[name] = (eventsByName[name] ?? 0) + 1;
    const days = seenDays.get(e.userId);
    if (!days) seenDays.set(e.userId, { first: e.day, last: e.day });
    else {
      days.first = Math.min(days.first, e.day);
      days.last = Math.max(days.last, e.day);
    }
    if (e.day >= adoptionStart) activeRecent.add(e.userId);
    if (e.type === 'page') add(viewers, e.path, e.userId);
    const onboardingPage =
      e.path === '/choose-sources' || e.path === '/choose-destination' || e.path === '/setup-summary';
    if (e.type === 'page' && e.path === '/choose-sources') funnelSets.started.add(e.userId);
    if (e.type === 'page' && e.path === '/choose-destination')
      funnelSets.viewedChooseDestination.add(e.userId);
    if (e.type === 'page' && e.path === '/setup-summary') funnelSets.viewedSetupSummary.add(e.userId);
    if (e.type !== 'track' || e.event === 'Element Clicked' || !e.feature) return;
    add(adopters, e.feature, e.userId);
    if (e.day >= adoptionStart) {
      let r = recent.get(e.feature);
      if (!r) {
        r = { users: new Set(), events: 0 };
        recent.set(e.feature, r);
      }
      r.users.add(e.userId);
      r.events++;
    }
    if (!onboardingPage) return;
    if (e.event === 'Sources Instrumented') funnelSets.sourcesInstrumented.add(e.userId);
    if (e.event === 'Destination Connection Tested') funnelSets.connectionTested.add(e.userId);
    if (e.event === 'Destination Connection Tested' && e.success === true)
      funnelSets.connectionSucceeded.add(e.userId);
    if (e.event === 'Destination Created') funnelSets.destinationCreated.add(e.userId);
    if (e.event === 'Onboarding Completed') funnelSets.completed.add(e.userId);
  };

  const finish = (
    quality: Quality,
    lines: number,
    objects: number,
  ): { truth: ClickstreamTruth; adoption: FeatureAdoptionTruth } => {
    const inFunnel = (set: Set<string>) => [...set].filter((u) => funnelSets.started.has(u)).length;
    const started = funnelSets.started.size;
    const completed = inFunnel(funnelSets.completed);
    const onboardingFunnel: OnboardingFunnel = {
      started,
      sourcesInstrumented: inFunnel(funnelSets.sourcesInstrumented),
      viewedChooseDestination: inFunnel(funnelSets.viewedChooseDestination),
      connectionTested: inFunnel(funnelSets.connectionTested),
      connectionSucceeded: inFunnel(funnelSets.connectionSucceeded),
      destinationCreated: inFunnel(funnelSets.destinationCreated),
      viewedSetupSummary: inFunnel(funnelSets.viewedSetupSummary),
      completed,
      conversion: started ? Math.round((completed / started) * 1000) / 1000 : 0,
    };

    const day = (i: number) => isoDay(world.startMs + i * DAY_MS);
    const seen = population.users.flatMap((user) => {
      const days = seenDays.get(user.userId);
      return days ? [{ user, ...days }] : [];
    });
    const activeUntil = world.days - population.inactiveDaysForDropOff;
    const droppedOff: DroppedOffUser[] = seen
      .filter(({ user, last }) => user.fate !== 'retained' && last < activeUntil)
      .map(({ user, first, last }) => ({
        userId: user.userId,
        installationId: user.cluster.installationId,
        cluster: user.cluster.name,
        firstSeenDate: day(first),
        lastActiveDate: day(last),
        reason: user.fate as DroppedOffUser['reason'],
      }));
    const cohorts = Array.from({ length: Math.ceil(world.days / 7) }, (_, week) => {
      const members = seen.filter(({ first }) => Math.floor(first / 7) === week);
      return {
        week,
        start: day(week * 7),
        users: members.length,
        retained: members.filter(({ last }) => last >= activeUntil).length,
      };
    });
    const usersByCluster: Record<string, number> = {};
    for (const { user } of seen)
      usersByCluster[user.cluster.name] = (usersByCluster[user.cluster.name] ?? 0) + 1;
    const sortedRecord = (entries: [string, number][]) =>
      Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

    const adoption: FeatureAdoptionTruth = {
      start: day(adoptionStart),
      end: day(world.days - 1),
      activeUsers: activeRecent.size,
      features: [...recent]
        .map(([feature, r]) => ({
          feature,
          users: r.users.size,
          share: Math.round((r.users.size / Math.max(1, activeRecent.size)) * 1000) / 1000,
          events: r.events,
        }))
        .sort((a, b) => b.users - a.users || (a.feature < b.feature ? -1 : 1)),
    };
    return {
      adoption,
      truth: {
        segmentSourceId: world.segmentSourceId,
        users: seen.length,
        usersByCluster: sortedRecord(Object.entries(usersByCluster)),
        existingUsers: seen.filter(({ user }) => user.existing).length,
        newUsers: seen.filter(({ user }) => !user.existing).length,
        cohorts,
        earlyCohort: {
          start: day(population.earlyCohort.startDay),
          end: day(population.earlyCohort.endDay - 1),
          churnRate: population.earlyCohort.churnRate,
          baselineChurnRate: population.baselineChurnRate,
        },
        droppedOff,
        onboardingFunnel,
        adoptersByFeature: sortedRecord([...adopters].map(([f, set]) => [f, set.size])),
        viewersByPage: sortedRecord([...viewers].map(([p, set]) => [p, set.size])),
        events,
        eventsByType: sortedRecord(Object.entries(eventsByType)),
        eventsByName: sortedRecord(Object.entries(eventsByName)),
        lines,
        duplicates: quality.duplicates,
        duplicatesWithinObject: quality.duplicates - quality.duplicatesAcrossObjects,
        duplicatesAcrossObjects: quality.duplicatesAcrossObjects,
        invalid: quality.invalid,
        objects,
      },
    };
  };
  return { observe, finish };
}

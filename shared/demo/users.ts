import { DESTINATION_TYPES, type Device, FEATURES, FRAGILE_DESTINATIONS, pickDevice } from './odigos-ui.ts';
import type { Random } from './random.ts';
import { DAY_MS, type DemoCluster, type DemoWorld, dayIndex, releaseOf } from './world.ts';

/**
 * What happens to a user over the window. Everyone not `retained` stops being active at `lastDay`:
 * - `onboarding_failed`: the destination connection test kept failing; a couple of retries, then gone.
 * - `abandoned_onboarding`: opened /choose-sources and never picked a source.
 * - `early_cohort_churn`: first seen in the week after the regression release; churned within two weeks.
 * - `churned`: the ordinary background churn every product has.
 */
export type Fate =
  | 'retained'
  | 'onboarding_failed'
  | 'abandoned_onboarding'
  | 'early_cohort_churn'
  | 'churned';

export type Role = 'platform-engineer' | 'sre' | 'developer' | 'engineering-manager';

export interface DemoUser {
  readonly index: number;
  readonly userId: string;
  /** One per browser the user works from. */
  readonly anonymousIds: readonly string[];
  readonly cluster: DemoCluster;
  readonly role: Role;
  /** True for users who onboarded before the window (they never see the onboarding pages). */
  readonly existing: boolean;
  readonly firstDay: number;
  /** Last day index with activity (the window's last day for retained users). */
  readonly lastDay: number;
  readonly fate: Fate;
  /** Chance of a session on a working day. */
  readonly activity: number;
  /** Features the user uses when the occasion arises. */
  readonly adopted: ReadonlySet<string>;
  readonly destinationType: string;
  /** Reaches /setup-summary but closes the tab instead of finishing (becomes a normal user). */
  readonly skipsSummaryStep: boolean;
  readonly device: Device;
  /** Browser clock error: Segment corrects `timestamp` for it, `originalTimestamp` keeps it. */
  readonly clockSkewMs: number;
}

export interface Population {
  readonly users: readonly DemoUser[];
  /** The early cohort: first seen in [start, end) day indexes, and its planned churn rate. */
  readonly earlyCohort: { readonly startDay: number; readonly endDay: number; readonly churnRate: number };
  readonly baselineChurnRate: number;
  /** A user counts as dropped off when inactive for at least this many days before the window ends. */
  readonly inactiveDaysForDropOff: number;
}

const ROLES: readonly (readonly [Role, number])[] = [
  ['platform-engineer', 0.35],
  ['sre', 0.3],
  ['developer', 0.25],
  ['engineering-manager', 0.1],
];

const EXISTING_SHARE = 0.22;
const ABANDON_RATE = 0.06;
const BASELINE_CHURN = 0.06;
const EARLY_COHORT_CHURN = 0.45;
const INACTIVE_DAYS = 7;

/** First-seen day for a new user: arrivals grow over the window (the product is growing). */
function arrivalDay(r: Random, world: DemoWorld): number {
  const days = world.days;
  const growth = 1.2;
  // Inverse CDF of a density proportional to 1 + growth·x on [0, 1].
  const u = r.next();
  const x = (-1 + Math.sqrt(1 + growth * (2 + growth) * u)) / growth;
  let day = Math.min(days - 1, Math.floor(x * days));
  // Fewer people start on weekends: most weekend arrivals slip to Monday.
  for (let guard = 0; guard < 2; guard++) {
    const weekday = new Date(world.startMs + day * DAY_MS).getUTCDay();
    if ((weekday === 6 || weekday === 0) && r.chance(0.75) && day < days - 1) day++;
  }
  return day;
}

/** Builds the UI users: who they are, when they arrive, what they use and whether they stay. */
export function buildPopulation(random: Random, world: DemoWorld, count: number): Population {
  const weights = world.clusters.map((c) => [c, Math.sqrt(c.nodes) + 1.5] as const);
  const regressionDay = dayIndex(world, releaseOf(world, world.regressionRelease).publishedMs);
  const earlyCohort = { startDay: regressionDay, endDay: regressionDay + 7, churnRate: EARLY_COHORT_CHURN };
  const observableUntil = world.days - 1 - INACTIVE_DAYS;
  const seen = new Set<string>();
  const users = Array.from({ length: count }, (_, index): DemoUser => {
    const r = random.fork(`user:${index}`);
    let userId = `u_${r.hex(12)}`;
    while (seen.has(userId)) userId = `u_${r.hex(12)}`;
    seen.add(userId);
    const cluster = r.weighted(weights);
    const role = r.weighted(ROLES);
    const existing = r.chance(EXISTING_SHARE);
    const firstDay = existing ? r.int(0, 3) : arrivalDay(r, world);
    const destinationType = r.weighted(DESTINATION_TYPES.map(([t, p]) => [t, p] as const));
    let fate: Fate = 'retained';
    let lastDay = world.days - 1;
    if (!existing && r.chance(ABANDON_RATE)) {
      fate = 'abandoned_onboarding';
      lastDay = firstDay;
    } else if (!existing && r.chance(FRAGILE_DESTINATIONS.includes(destinationType) ? 0.5 : 0.06)) {
      fate = 'onboarding_failed';
      lastDay = Math.min(world.days - 1, firstDay + r.int(0, 3));
    } else {
      const early = !existing && firstDay >= earlyCohort.startDay && firstDay < earlyCohort.endDay;
      if (early && r.chance(EARLY_COHORT_CHURN)) {
        fate = 'early_cohort_churn';
        lastDay = firstDay + r.int(3, 14);
      } else if (r.chance(BASELINE_CHURN)) {
        fate = 'churned';
        lastDay = firstDay + r.int(5, 25);
      }
      // Churn has to be visible before the window ends to be churn at all.
      if (lastDay > observableUntil) {
        fate = 'retained';
        lastDay = world.days - 1;
      }
    }
    const onboarded = fate !== 'onboarding_failed' && fate !== 'abandoned_onboarding';
    const adopted = new Set<string>();
    if (onboarded) {
      const ops = role === 'platform-engineer' || role === 'sre';
      for (const f of FEATURES) {
        const lift =
          f.feature === 'actions' || f.feature === 'instrumentation_rules' ? (ops ? 1.15 : 0.8) : 1;
        if (r.chance(Math.min(0.98, f.adoption * lift))) adopted.add(f.feature);
      }
    }
    // Heavy, regular and light users.
    const tier = r.weighted([
      ['heavy', 0.2],
      ['regular', 0.5],
      ['light', 0.3],
    ] as const);
    const activity =
      tier === 'heavy'
        ? r.uniform(0.8, 0.95)
        : tier === 'regular'
          ? r.uniform(0.45, 0.75)
          : r.uniform(0.25, 0.4);
    const browsers = r.chance(0.2) ? 2 : 1;
    return {
      index,
      userId,
      anonymousIds: Array.from({ length: browsers }, () => r.uuid()),
      cluster,
      role,
      existing,
      firstDay,
      lastDay,
      fate,
      activity,
      adopted,
      destinationType,
      skipsSummaryStep: r.chance(0.04),
      device: pickDevice(r),
      clockSkewMs: r.chance(0.03) ? Math.round(r.normal(0, 240_000)) : Math.round(r.normal(0, 700)),
    };
  });
  return { users, earlyCohort, baselineChurnRate: BASELINE_CHURN, inactiveDaysForDropOff: INACTIVE_DAYS };
}

/**
 * The days (indexes) on which a user opens the UI. Retained users are always seen in the final
 * week, so "inactive for a week" means dropped off and nothing else.
 */
export function activeDays(r: Random, world: DemoWorld, user: DemoUser, inactiveDays: number): number[] {
  const out: number[] = [];
  for (let day = user.firstDay; day <= user.lastDay; day++) {
    if (day === user.firstDay) {
      out.push(day);
      continue;
    }
    const weekday = new Date(world.startMs + day * DAY_MS).getUTCDay();
    const weekend = weekday === 0 || weekday === 6;
    let p = user.activity * (weekend ? 0.12 : 1);
    if (user.fate === 'onboarding_failed') p = 0.6;
    // People about to leave come less and less often first.
    else if (user.fate !== 'retained' && day > user.lastDay - 7) p *= 0.5;
    if (day === user.lastDay && user.fate !== 'retained') p = 1;
    if (r.chance(p)) out.push(day);
  }
  if (user.fate === 'retained' && user.lastDay === world.days - 1) {
    const lastSeen = out.at(-1) ?? -1;
    if (lastSeen < world.days - inactiveDays) {
      let day = world.days - 1 - r.int(0, Math.min(inactiveDays - 1, 4));
      while (day > user.firstDay && new Date(world.startMs + day * DAY_MS).getUTCDay() % 6 === 0) day--;
      if (day > lastSeen) out.push(day);
    }
  }
  return out;
}

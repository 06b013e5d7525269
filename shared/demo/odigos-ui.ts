/**
 * A model of the Odigos UI as the clickstream sees it: its pages, where their main elements sit
 * (so click heatmaps show the layout), how people move between pages, and the features whose track
 * events the UI sends.
 */

/**
 * An element's box. Horizontal position: `l` = pixels from the left edge, `r` = pixels from the right
 * edge, `p` = fraction of the viewport width; vertical likewise with `t`, `b`, `p`. Width and height in
 * pixels. Anchoring like CSS layouts do means one element lands at different normalised positions on
 * different screens, as in real heatmaps.
 */
export interface UiElement {
  readonly id: string;
  readonly x: number;
  readonly xa: 'l' | 'r' | 'p';
  readonly y: number;
  readonly ya: 't' | 'b' | 'p';
  readonly w: number;
  readonly h: number;
  /** How often people click it relative to the page's other idle-browsing targets. */
  readonly weight: number;
}

export type PageId =
  | 'chooseSources'
  | 'chooseDestination'
  | 'setupSummary'
  | 'overview'
  | 'serviceMap'
  | 'pipelineCollectors'
  | 'samplingRules'
  | 'settings';

export interface UiPage {
  readonly id: PageId;
  readonly path: string;
  readonly title: string;
  readonly feature: string;
  /** Mean idle clicks per view (browsing, not part of a create flow). */
  readonly clickRate: number;
  /** Median seconds on the page per view. */
  readonly dwell: number;
  readonly elements: readonly UiElement[];
}

const el = (
  id: string,
  x: number,
  xa: UiElement['xa'],
  y: number,
  ya: UiElement['ya'],
  w: number,
  h: number,
  weight = 1,
): UiElement => ({ id, x, xa, y, ya, w, h, weight });

/** The side menu and header every page after onboarding shares. */
export const NAV_ELEMENTS: Readonly<Record<string, UiElement>> = {
  overview: el('nav#overview', 28, 'l', 132, 't', 36, 36),
  serviceMap: el('nav#service-map', 28, 'l', 180, 't', 36, 36),
  pipelineCollectors: el('nav#pipeline-collectors', 28, 'l', 228, 't', 36, 36),
  samplingRules: el('nav#sampling-rules', 28, 'l', 276, 't', 36, 36),
  settings: el('nav#settings', 28, 'l', 64, 'b', 36, 36),
};
const HEADER: readonly UiElement[] = [
  el('button#notifications', 92, 'r', 32, 't', 32, 32, 0.4),
  el('button#describe-odigos', 150, 'r', 32, 't', 72, 32, 0.3),
  el('img#odigos-logo', 90, 'l', 32, 't', 110, 28, 0.15),
];

export const PAGES: Readonly<Record<PageId, UiPage>> = {
  chooseSources: {
    id: 'chooseSources',
    path: '/choose-sources',
    title: 'Choose sources | Odigos',
    feature: 'onboarding',
    clickRate: 2,
    dwell: 70,
    elements: [
      el('input#search-sources', 0.32, 'p', 168, 't', 360, 40, 2),
      el('select#namespace', 0.62, 'p', 168, 't', 220, 40, 2),
      el('checkbox#select-all', 0.2, 'p', 232, 't', 20, 20, 1),
      el('checkbox.source-row', 0.22, 'p', 0.55, 'p', 24, 420, 4),
      el('toggle#future-apps', 0.72, 'p', 232, 't', 44, 22, 0.5),
      el('button#next', 96, 'r', 48, 'b', 120, 40, 0.3),
      el('link#skip', 240, 'r', 48, 'b', 80, 32, 0.3),
    ],
  },
  chooseDestination: {
    id: 'chooseDestination',
    path: '/choose-destination',
    title: 'Choose destination | Odigos',
    feature: 'onboarding',
    clickRate: 1.5,
    dwell: 90,
    elements: [
      el('input#search-destinations', 0.3, 'p', 168, 't', 320, 40, 1.5),
      el('tab#managed', 0.24, 'p', 226, 't', 110, 34, 1),
      el('tab#self-hosted', 0.34, 'p', 226, 't', 110, 34, 1),
      el('card.destination-type', 0.5, 'p', 0.52, 'p', 760, 360, 3),
      el('input#endpoint', 0.5, 'p', 0.46, 'p', 420, 40, 0),
      el('input#api-key', 0.5, 'p', 0.54, 'p', 420, 40, 0),
      el('button#test-connection', 0.62, 'p', 0.7, 'p', 160, 40, 0),
      el('button#add-destination', 0.5, 'p', 0.78, 'p', 180, 40, 0),
      el('button#back', 240, 'r', 48, 'b', 80, 40, 0.3),
      el('button#next', 96, 'r', 48, 'b', 120, 40, 0.2),
    ],
  },
  setupSummary: {
    id: 'setupSummary',
    path: '/setup-summary',
    title: 'Setup summary | Odigos',
    feature: 'onboarding',
    clickRate: 0.6,
    dwell: 25,
    elements: [
      el('link#edit-sources', 0.28, 'p', 0.32, 'p', 90, 24, 1),
      el('link#edit-destinations', 0.28, 'p', 0.58, 'p', 90, 24, 1),
      el('row.summary-source', 0.45, 'p', 0.42, 'p', 640, 120, 1),
      el('button#done', 96, 'r', 48, 'b', 120, 40, 0),
    ],
  },
  overview: {
    id: 'overview',
    path: '/overview',
    title: 'Overview | Odigos',
    feature: 'overview',
    clickRate: 4,
    dwell: 80,
    elements: [
      ...HEADER,
      el('button#add-new', 132, 'r', 104, 't', 120, 40, 0.6),
      el('menu-item#add-source', 132, 'r', 156, 't', 200, 36, 0),
      el('menu-item#add-destination', 132, 'r', 196, 't', 200, 36, 0),
      el('menu-item#add-action', 132, 'r', 236, 't', 200, 36, 0),
      el('menu-item#add-instrumentation-rule', 132, 'r', 276, 't', 200, 36, 0),
      el('input#search', 0.3, 'p', 104, 't', 300, 40, 0.8),
      el('filter#namespace', 0.48, 'p', 104, 't', 140, 40, 0.7),
      el('column-header.sources', 0.38, 'p', 168, 't', 220, 32, 0.3),
      el('node.instrumentation-rule', 0.14, 'p', 0.5, 'p', 220, 360, 0.7),
      el('node.source', 0.38, 'p', 0.56, 'p', 230, 520, 4),
      el('node.action', 0.62, 'p', 0.45, 'p', 220, 300, 1),
      el('node.destination', 0.86, 'p', 0.45, 'p', 230, 280, 2),
      el('drawer#close', 52, 'r', 96, 't', 28, 28, 0.6),
      el('drawer#edit', 140, 'r', 96, 't', 64, 32, 0.4),
      // Create-flow form controls: clicked only inside a create flow.
      el('modal.checkbox-source', 0.45, 'p', 0.5, 'p', 24, 320, 0),
      el('modal.card-type', 0.5, 'p', 0.48, 'p', 620, 300, 0),
      el('modal.input', 0.5, 'p', 0.5, 'p', 420, 200, 0),
      el('modal#test-connection', 0.6, 'p', 0.74, 'p', 160, 40, 0),
      el('modal#create', 0.64, 'p', 0.82, 'p', 120, 40, 0),
      el('modal#cancel', 0.54, 'p', 0.82, 'p', 100, 40, 0),
    ],
  },
  serviceMap: {
    id: 'serviceMap',
    path: '/service-map',
    title: 'Service map | Odigos',
    feature: 'service_map',
    clickRate: 5,
    dwell: 110,
    elements: [
      ...HEADER,
      el('node.service', 0.52, 'p', 0.54, 'p', 900, 560, 6),
      el('edge.service', 0.5, 'p', 0.5, 'p', 700, 420, 1.2),
      el('input#filter', 0.28, 'p', 104, 't', 260, 40, 1),
      el('button#zoom-in', 56, 'r', 150, 'b', 32, 32, 1),
      el('button#zoom-out', 56, 'r', 110, 'b', 32, 32, 0.8),
      el('button#fit-view', 56, 'r', 70, 'b', 32, 32, 0.6),
      el('panel#service-details', 200, 'r', 0.5, 'p', 320, 380, 1.4),
    ],
  },
  pipelineCollectors: {
    id: 'pipelineCollectors',
    path: '/pipeline-collectors',
    title: 'Pipeline collectors | Odigos',
    feature: 'pipeline_collectors',
    clickRate: 2,
    dwell: 60,
    elements: [
      ...HEADER,
      el('tab#gateway', 0.22, 'p', 150, 't', 120, 36, 1.5),
      el('tab#node-collector', 0.32, 'p', 150, 't', 140, 36, 1.2),
      el('row.collector-pod', 0.5, 'p', 0.48, 'p', 900, 300, 3),
      el('chart#throughput', 0.3, 'p', 0.78, 'p', 520, 200, 0.8),
      el('button#view-logs', 160, 'r', 0.4, 'p', 110, 36, 0.7),
      el('button#restart', 60, 'r', 0.4, 'p', 40, 36, 0.3),
    ],
  },
  samplingRules: {
    id: 'samplingRules',
    path: '/sampling-rules',
    title: 'Sampling rules | Odigos',
    feature: 'sampling_rules',
    clickRate: 1.2,
    dwell: 45,
    elements: [
      ...HEADER,
      el('tab#latency', 0.2, 'p', 150, 't', 110, 36, 1),
      el('tab#errors', 0.29, 'p', 150, 't', 110, 36, 1),
      el('tab#probabilistic', 0.39, 'p', 150, 't', 140, 36, 0.8),
      el('link#docs-sampling', 0.5, 'p', 0.4, 'p', 180, 24, 1),
      el('row.rule', 0.5, 'p', 0.5, 'p', 860, 180, 0.6),
      el('button#create-sampling-rule', 150, 'r', 104, 't', 200, 40, 0.4),
      el('modal.input', 0.5, 'p', 0.5, 'p', 420, 200, 0),
      el('modal#create', 0.64, 'p', 0.82, 'p', 120, 40, 0),
      el('modal#cancel', 0.54, 'p', 0.82, 'p', 100, 40, 0),
    ],
  },
  settings: {
    id: 'settings',
    path: '/settings',
    title: 'Settings | Odigos',
    feature: 'settings',
    clickRate: 1.5,
    dwell: 40,
    elements: [
      ...HEADER,
      el('toggle#telemetry', 0.62, 'p', 0.3, 'p', 44, 22, 1),
      el('toggle#dark-mode', 0.62, 'p', 0.38, 'p', 44, 22, 1.2),
      el('select#mount-method', 0.55, 'p', 0.48, 'p', 240, 40, 0.8),
      el('input#ignored-namespaces', 0.55, 'p', 0.58, 'p', 320, 40, 0.6),
      el('button#save', 120, 'r', 64, 'b', 120, 40, 1),
    ],
  },
};

export const ONBOARDING_PAGES: readonly PageId[] = ['chooseSources', 'chooseDestination', 'setupSummary'];

/** Where a session goes next from each page after onboarding (`end` closes the tab). */
export const TRANSITIONS: Readonly<Record<PageId, readonly (readonly [PageId | 'end', number])[]>> = {
  chooseSources: [['end', 1]],
  chooseDestination: [['end', 1]],
  setupSummary: [['end', 1]],
  overview: [
    ['serviceMap', 0.3],
    ['pipelineCollectors', 0.14],
    ['samplingRules', 0.05],
    ['settings', 0.05],
    ['overview', 0.12],
    ['end', 0.2],
  ],
  serviceMap: [
    ['overview', 0.45],
    ['pipelineCollectors', 0.1],
    ['serviceMap', 0.05],
    ['end', 0.28],
  ],
  pipelineCollectors: [
    ['overview', 0.45],
    ['serviceMap', 0.15],
    ['end', 0.3],
  ],
  samplingRules: [
    ['overview', 0.6],
    ['end', 0.35],
  ],
  settings: [
    ['overview', 0.6],
    ['end', 0.35],
  ],
};

/** A feature with a create flow and the track event it sends. */
export interface UiFeature {
  readonly feature: string;
  readonly event: string;
  /** Share of onboarded users who ever use it. */
  readonly adoption: number;
  /** Chance an adopter uses it in a session spent on its page. */
  readonly perSession: number;
  readonly page: PageId;
  /** Elements clicked to open the flow and to finish it. */
  readonly open: readonly string[];
  readonly form: readonly string[];
  readonly submit: string;
}

export const FEATURES: readonly UiFeature[] = [
  {
    feature: 'source_instrumentation',
    event: 'Sources Instrumented',
    adoption: 0.92,
    perSession: 0.22,
    page: 'overview',
    open: ['button#add-new', 'menu-item#add-source'],
    form: ['modal.checkbox-source'],
    submit: 'modal#create',
  },
  {
    feature: 'destinations',
    event: 'Destination Created',
    adoption: 0.78,
    perSession: 0.09,
    page: 'overview',
    open: ['button#add-new', 'menu-item#add-destination'],
    form: ['modal.card-type', 'modal.input'],
    submit: 'modal#create',
  },
  {
    feature: 'actions',
    event: 'Action Created',
    adoption: 0.56,
    perSession: 0.12,
    page: 'overview',
    open: ['button#add-new', 'menu-item#add-action'],
    form: ['modal.card-type', 'modal.input'],
    submit: 'modal#create',
  },
  {
    feature: 'instrumentation_rules',
    event: 'Instrumentation Rule Created',
    adoption: 0.5,
    perSession: 0.12,
    page: 'overview',
    open: ['button#add-new', 'menu-item#add-instrumentation-rule'],
    form: ['modal.card-type', 'modal.input'],
    submit: 'modal#create',
  },
  // The under-used feature: many people open the page, few create a rule.
  {
    feature: 'sampling_rules',
    event: 'Sampling Rule Created',
    adoption: 0.06,
    perSession: 0.45,
    page: 'samplingRules',
    open: ['button#create-sampling-rule'],
    form: ['modal.input'],
    submit: 'modal#create',
  },
];

export const UNDERUSED_FEATURE = 'sampling_rules';

/** Destination types with how often teams pick them and how often their connection test fails. */
export const DESTINATION_TYPES: readonly (readonly [string, number, number])[] = [
  ['jaeger', 0.18, 0.04],
  ['grafana-cloud', 0.16, 0.05],
  ['datadog', 0.14, 0.04],
  ['clickhouse', 0.08, 0.12],
  ['elasticsearch', 0.1, 0.2],
  ['otlp-http', 0.1, 0.16],
  ['honeycomb', 0.07, 0.04],
  ['new-relic', 0.06, 0.05],
  ['signoz', 0.05, 0.08],
  ['dynatrace', 0.03, 0.06],
  ['tempo', 0.03, 0.1],
];
/** Types a team with a self-hosted backend tends to pick: the ones whose test fails in onboarding. */
export const FRAGILE_DESTINATIONS = ['elasticsearch', 'otlp-http', 'clickhouse', 'tempo'];

export const ACTION_TYPES: readonly (readonly [string, number])[] = [
  ['AddClusterInfo', 0.3],
  ['K8sAttributes', 0.2],
  ['PiiMasking', 0.15],
  ['RenameAttribute', 0.12],
  ['DeleteAttribute', 0.1],
  ['ErrorSampler', 0.08],
  ['LatencySampler', 0.05],
];
export const RULE_TYPES: readonly (readonly [string, number])[] = [
  ['PayloadCollection', 0.45],
  ['CodeAttributes', 0.25],
  ['HeadersCollection', 0.2],
  ['CustomInstrumentation', 0.1],
];
export const SAMPLING_TYPES: readonly (readonly [string, number])[] = [
  ['latency', 0.4],
  ['error', 0.35],
  ['probabilistic', 0.15],
  ['service-name', 0.1],
];
export const LANGUAGES: readonly (readonly [string, number])[] = [
  ['java', 0.28],
  ['go', 0.2],
  ['python', 0.2],
  ['javascript', 0.16],
  ['dotnet', 0.1],
  ['php', 0.03],
  ['ruby', 0.03],
];

export interface Device {
  readonly screen: { readonly width: number; readonly height: number };
  readonly viewport: { readonly width: number; readonly height: number };
  readonly userAgent: string;
}

const SCREENS: readonly (readonly [number, number, number])[] = [
  [1920, 1080, 0.38],
  [1440, 900, 0.16],
  [1536, 864, 0.12],
  [2560, 1440, 0.14],
  [1680, 1050, 0.08],
  [1366, 768, 0.06],
  [3440, 1440, 0.06],
];
const USER_AGENTS: readonly (readonly [string, number])[] = [
  [
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/141.0.0.0 Safari/537.36',
    0.34,
  ],
  [
    'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/141.0.0.0 Safari/537.36',
    0.18,
  ],
  [
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/141.0.0.0 Safari/537.36 Edg/141.0.0.0',
    0.12,
  ],
  ['Mozilla/5.0 (Macintosh; Intel Mac OS X 10.15; rv:144.0) Gecko/20100101 Firefox/144.0', 0.12],
  ['Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:144.0) Gecko/20100101 Firefox/144.0', 0.1],
  [
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/26.0 Safari/605.1.15',
    0.14,
  ],
];

/** A user's screen, browser window and browser. */
export function pickDevice(pick: {
  weighted<T>(items: readonly (readonly [T, number])[]): T;
  int(a: number, b: number): number;
}): Device {
  const [width, height] = pick.weighted(SCREENS.map(([w, h, p]) => [[w, h] as const, p] as const));
  // Browser chrome takes 80-140 px; some people keep the window narrower than the screen.
  const narrower = pick.int(0, 4) === 0;
  return {
    screen: { width, height },
    viewport: {
      width: narrower ? Math.round(width * 0.75) : width - pick.int(0, 1) * 15,
      height: height - pick.int(80, 140),
    },
    userAgent: pick.weighted(USER_AGENTS),
  };
}

/** Centre of an element in pixels for a viewport. */
export function elementCentre(e: UiElement, width: number, height: number): [number, number] {
  const x = e.xa === 'l' ? e.x : e.xa === 'r' ? width - e.x : e.x * width;
  const y = e.ya === 't' ? e.y : e.ya === 'b' ? height - e.y : e.y * height;
  return [x, y];
}

export function findElement(page: UiPage, id: string): UiElement {
  const found =
    page.elements.find((e) => e.id === id) ?? Object.values(NAV_ELEMENTS).find((e) => e.id === id);
  if (!found) throw new Error(`No element ${id} on ${page.path}`);
  return found;
}

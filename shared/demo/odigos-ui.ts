/**
 * A model of the Odigos UI as the clickstream sees it: pages (with the positions of their main
 * elements, for heatmaps), features and the track events that exercise them.
 */
export interface UiPage {
  readonly path: string;
  readonly title: string;
  readonly feature: string;
  /** Element id and its centre in normalised viewport coordinates. */
  readonly elements: readonly (readonly [string, number, number])[];
}

export const PAGES: Readonly<Record<string, UiPage>> = {
  chooseSources: {
    path: '/choose-sources',
    title: 'Choose sources',
    feature: 'onboarding',
    elements: [
      ['input#search-sources', 0.3, 0.15],
      ['checkbox.source-row', 0.2, 0.45],
      ['button#select-all', 0.82, 0.15],
      ['button#next', 0.9, 0.92],
    ],
  },
  chooseDestination: {
    path: '/choose-destination',
    title: 'Choose destination',
    feature: 'onboarding',
    elements: [
      ['button#add-destination', 0.85, 0.2],
      ['card.destination-type', 0.4, 0.5],
      ['button#test-connection', 0.7, 0.8],
      ['button#next', 0.9, 0.92],
    ],
  },
  setupSummary: {
    path: '/setup-summary',
    title: 'Setup summary',
    feature: 'onboarding',
    elements: [
      ['button#done', 0.9, 0.92],
      ['link#edit-sources', 0.2, 0.3],
    ],
  },
  overview: {
    path: '/overview',
    title: 'Overview',
    feature: 'overview',
    elements: [
      ['button#add-source', 0.15, 0.1],
      ['button#add-destination', 0.85, 0.1],
      ['button#add-action', 0.55, 0.1],
      ['node.source', 0.2, 0.5],
      ['node.destination', 0.8, 0.5],
      ['tab#instrumentation-rules', 0.35, 0.05],
    ],
  },
  serviceMap: {
    path: '/service-map',
    title: 'Service map',
    feature: 'service_map',
    elements: [
      ['node.service', 0.5, 0.5],
      ['input#filter', 0.2, 0.08],
      ['button#zoom-in', 0.95, 0.88],
    ],
  },
  pipelineCollectors: {
    path: '/pipeline-collectors',
    title: 'Pipeline collectors',
    feature: 'pipeline_collectors',
    elements: [
      ['row.collector', 0.4, 0.4],
      ['button#restart', 0.9, 0.3],
    ],
  },
  samplingRules: {
    path: '/sampling-rules',
    title: 'Sampling rules',
    feature: 'sampling_rules',
    elements: [
      ['button#create-sampling-rule', 0.85, 0.12],
      ['row.rule', 0.4, 0.4],
    ],
  },
  settings: {
    path: '/settings',
    title: 'Settings',
    feature: 'settings',
    elements: [
      ['toggle#telemetry', 0.7, 0.3],
      ['button#save', 0.9, 0.9],
    ],
  },
};

/** Features a user can adopt after onboarding, their track event and how likely a user adopts it. */
export const ADOPTABLE_FEATURES = [
  { feature: 'source_instrumentation', event: 'Sources Instrumented', adoption: 0.92, page: 'overview' },
  { feature: 'destinations', event: 'Destination Created', adoption: 0.8, page: 'overview' },
  { feature: 'actions', event: 'Action Created', adoption: 0.62, page: 'overview' },
  {
    feature: 'instrumentation_rules',
    event: 'Instrumentation Rule Created',
    adoption: 0.55,
    page: 'overview',
  },
  // The under-used feature the demo's ground truth records.
  { feature: 'sampling_rules', event: 'Sampling Rule Created', adoption: 0.07, page: 'samplingRules' },
] as const;

export const DESTINATION_TYPES = [
  'jaeger',
  'grafana-cloud-tempo',
  'datadog',
  'honeycomb',
  'clickhouse',
  'elasticsearch',
  'otlp-http',
  'signoz',
];
export const ACTION_TYPES = [
  'add-cluster-info',
  'pii-masking',
  'rename-attribute',
  'error-sampler',
  'delete-attribute',
];
export const RULE_TYPES = ['payload-collection', 'code-attributes', 'headers-collection'];
export const SAMPLING_TYPES = ['latency', 'error', 'probabilistic', 'service-name'];
export const LANGUAGES = ['java', 'python', 'go', 'javascript', 'dotnet', 'php', 'ruby'];

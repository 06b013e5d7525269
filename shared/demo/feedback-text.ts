/**
 * The words of the community: what Odigos users write in issues, comments, Slack and surveys, per
 * theme and intended sentiment. Sentences carry their sentiment in their wording (a negative one
 * complains, a neutral one asks or reports facts, a positive one thanks or praises), so a person
 * reading an item would label it the way the ground truth does.
 */
import type { Random } from './random.ts';

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
export type Sentiment = 'positive' | 'neutral' | 'negative';

const FENCE = '```';
export const code = (lang: string, text: string): string => `${FENCE}${lang}\n${text}\n${FENCE}`;

/** Values for the `{slot}` placeholders in the texts below. */
const SLOTS: Record<string, readonly string[]> = {
  cloud: ['EKS', 'GKE', 'AKS', 'OpenShift 4.15', 'k3s', 'kind', 'RKE2', 'EKS (Bottlerocket)'],
  k8s: ['1.29', '1.30', '1.31', '1.32'],
  kernel: [
    '5.10.226-214.880.amzn2.x86_64',
    '6.1.112-122.189.amzn2023.x86_64',
    '5.15.0-1071-gke',
    '6.8.0-1015-azure',
    '4.18.0-513.el8.x86_64',
    '5.4.0-1103-aws',
  ],
  oldKernel: ['4.14.355-275.582.amzn2.x86_64', '4.18.0-372.el8.x86_64', '4.19.0-26-cloud-amd64'],
  lang: ['Java', 'Python', 'Go', '.NET', 'Node.js'],
  java: ['Spring Boot 3.3', 'Quarkus 3.15', 'Micronaut 4', 'a plain Jetty 12 app'],
  python: ['Django 5.1', 'FastAPI', 'Flask behind gunicorn', 'Celery workers'],
  node: ['Express', 'NestJS', 'Fastify', 'Next.js'],
  dest: [
    'Jaeger',
    'Grafana Cloud Tempo',
    'Datadog',
    'Elasticsearch',
    'ClickHouse',
    'Honeycomb',
    'New Relic',
    'SigNoz',
  ],
  nodes: ['12', '25', '40', '80', '150', '300'],
  ns: ['payments', 'checkout', 'orders', 'search', 'billing', 'inventory'],
  spans: ['20k', '50k', '120k', '300k'],
  team: ['our platform team', 'our SRE team', 'us', 'our team'],
};

/** One value per slot, so every text of one thread talks about the same cluster, language, etc. */
export type Bindings = Readonly<Record<string, string>>;

/** Node kernels each platform ships, so a report's environment section is consistent. */
const KERNELS: Record<string, readonly string[]> = {
  EKS: ['5.10.226-214.880.amzn2.x86_64', '6.1.112-122.189.amzn2023.x86_64'],
  'EKS (Bottlerocket)': ['6.1.109'],
  GKE: ['5.15.0-1071-gke', '6.1.100+'],
  AKS: ['5.15.0-1073-azure', '6.8.0-1015-azure'],
  'OpenShift 4.15': ['5.14.0-284.73.1.el9_2.x86_64'],
  RKE2: ['5.15.0-122-generic', '6.8.0-45-generic'],
};

export function bindSlots(r: Random): Bindings {
  const out: Record<string, string> = { n: String(r.int(2, 9)) };
  for (const [slot, values] of Object.entries(SLOTS)) out[slot] = r.pick(values);
  const kernels = KERNELS[out.cloud!];
  if (kernels) out.kernel = r.pick(kernels);
  return out;
}

/**
 * Replaces `{slot}` with the bound value (or a random one when nothing is bound) and `{version}`
 * with the given version.
 */
export function fill(r: Random, text: string, version: string, bound?: Bindings): string {
  return text.replace(/\{(\w+)\}/g, (whole, slot: string) => {
    if (slot === 'version') return version;
    if (bound?.[slot] !== undefined) return bound[slot];
    if (slot === 'n') return String(r.int(2, 9));
    const values = SLOTS[slot];
    return values ? r.pick(values) : whole;
  });
}

interface ThemeText {
  /** Questions (neutral): [title, body]. */
  readonly questions: readonly (readonly [string, string])[];
  readonly positive: readonly string[];
  readonly neutral: readonly string[];
  readonly negative: readonly string[];
}

const HELM_VALUES = code(
  'yaml',
  [
    '# values.yaml',
    'collectorGateway:',
    '  minReplicas: 2',
    '  maxReplicas: 10',
    '  requestMemoryMiB: 500',
    '  limitMemoryMiB: 1000',
    'collectorNode:',
    '  requestMemoryMiB: 250',
  ].join('\n'),
);

export const TEXT: Readonly<Record<Theme, ThemeText>> = {
  installation_upgrades: {
    questions: [
      [
        'What is the recommended way to upgrade from {version}?',
        'We run Odigos on {cloud} and install with Helm. Should we upgrade the CLI first or the chart? Is `odigos upgrade` equivalent to `helm upgrade`?\n\n' +
          code(
            'bash',
            'helm repo update\nhelm upgrade odigos odigos/odigos --namespace odigos-system --version {version}',
          ),
      ],
      [
        'Minimum Kubernetes version for the Helm chart?',
        'Which Kubernetes versions are supported by the current chart? Some of our clusters still run 1.27.',
      ],
      [
        'Installing Odigos with Argo CD',
        'Is there a documented way to install Odigos through Argo CD? The chart creates a few resources with hooks and I want to know which sync options to use.',
      ],
      [
        'Can Odigos run in a namespace other than odigos-system?',
        'Our policy requires every platform component in its own namespace prefix (`platform-*`). Is `--namespace platform-odigos` supported with the CLI?',
      ],
    ],
    positive: [
      'Upgraded our {n} clusters to {version} with `helm upgrade` this morning, zero issues. Great release!',
      'The new install flow is so much smoother, we went from zero to traces in about five minutes on {cloud}. Really impressive work.',
      'Confirmed fixed after upgrading to {version}, thanks a lot for the quick turnaround!',
      'Thanks, the rollback instructions worked perfectly and the upgrade went through on the second try.',
    ],
    neutral: [
      'We are on {cloud} {k8s}, installed with Helm. Chart version {version}.',
      'Is the `odigos upgrade` command idempotent if it is interrupted halfway?',
      'For reference, we upgrade staging first and production about a week later.',
      'Which values changed between the last two chart versions?',
    ],
    negative: [
      'Same here on {cloud} {k8s}, the upgrade left the instrumentor crashing. This is blocking our rollout.',
      'We hit this too and had to roll back. Upgrades keep breaking something, it is getting hard to justify to {team}.',
      'Still broken for us after the workaround, pods are stuck in Pending again. Really frustrating.',
    ],
  },
  language_support: {
    questions: [
      [
        'Which Node.js versions are supported?',
        'We have services on Node 18, 20 and 22. Are all of them supported by the eBPF-based Node.js instrumentation, and does it matter if the app uses ESM?',
      ],
      [
        'Does .NET Framework 4.8 work?',
        'Most of our services are .NET 8 but a couple of legacy ones still run .NET Framework 4.8 in Windows containers. Is that something Odigos can instrument?',
      ],
      [
        'How to instrument only one Python deployment in a namespace?',
        'I want to try Odigos on a single {python} deployment before enabling the whole namespace. Is there a label per workload?\n\n' +
          code('bash', 'kubectl label deployment/api -n {ns} odigos-instrumentation=enabled'),
      ],
      [
        'Java agent vs eBPF for Spring Boot',
        'For {java}, does Odigos use the OpenTelemetry Java agent or eBPF probes? We want to understand the overhead before rolling it out to {nodes} nodes.',
      ],
    ],
    positive: [
      'Java auto-instrumentation worked out of the box for our {java} services. Amazing, zero code changes!',
      'Python support is awesome, we instrumented {n} {python} services in one afternoon.',
      'Go instrumentation just works now, thank you so much for the fast fix.',
      'Tried the new .NET support on our APIs, traces look great and the overhead is tiny. Love it.',
    ],
    neutral: [
      'We run {lang} on {cloud} {k8s}. The workload is a Deployment with 3 replicas.',
      'Which runtime versions are covered by the integration tests?',
      'Does the instrumentation pick up a custom `OTEL_SERVICE_NAME` set in the pod spec?',
      'Here is the pod spec after the webhook ran:\n\n' +
        code(
          'yaml',
          'env:\n  - name: OTEL_SERVICE_NAME\n    value: api\n  - name: ODIGOS_POD_NAME\n    valueFrom:\n      fieldRef:\n        fieldPath: metadata.name',
        ),
    ],
    negative: [
      'Same problem with our {lang} services, nothing is instrumented and there is no error anywhere. Really frustrating.',
      'This makes the product unusable for us, most of our stack is {lang}.',
      'Still crashing on {version}. We had to disable instrumentation for all {lang} workloads again.',
    ],
  },
  destinations: {
    questions: [
      [
        'Can one source send to two destinations?',
        'We want traces to go to both {dest} and an in-house ClickHouse for long-term storage. Is fan-out to two destinations supported for the same source?',
      ],
      [
        'How to set custom headers on an OTLP destination?',
        'Our gateway in front of the backend needs an `X-Scope-OrgID` header. Where do I configure that?\n\n' +
          code(
            'yaml',
            'apiVersion: odigos.io/v1alpha1\nkind: Destination\nmetadata:\n  name: tempo\nspec:\n  type: otlphttp\n  signals: ["TRACES"]',
          ),
      ],
      [
        'Which signals does the {dest} destination support?',
        'Does the {dest} destination support metrics and logs as well, or only traces?',
      ],
    ],
    positive: [
      'Sending traces to {dest} was trivial to set up, love it.',
      'The test connection button saved me a lot of time, nice touch!',
      'The new ClickHouse destination works great, thanks for adding it so quickly.',
      'That fixed it, spans are flowing to {dest} now. Thank you!',
    ],
    neutral: [
      'Our backend is {dest}, self-hosted, behind an internal load balancer.',
      'Which port does the gateway use for OTLP gRPC by default?',
      'Is the API key stored as a Kubernetes secret in odigos-system?',
      'We use one destination per environment, configured through YAML.',
    ],
    negative: [
      'Same issue with {dest}: test connection fails and there is nothing useful in the logs. Very frustrating.',
      'We lost a day of traces because of this, not good.',
      'The error message does not say what is wrong, it is impossible to debug.',
    ],
  },
  collector_resources: {
    questions: [
      [
        'Recommended gateway sizing for {spans} spans/s?',
        'What memory requests and limits do you recommend for the gateway at {spans} spans/s? This is our current config:\n\n' +
          HELM_VALUES,
      ],
      [
        'How many gateway replicas do you run in production?',
        'Is there guidance on `minReplicas` for the gateway, or does the autoscaler handle it well enough?',
      ],
      [
        'Where can I see collector resource usage?',
        'Is there a dashboard or UI page that shows CPU and memory of the Odigos collectors per cluster?',
      ],
    ],
    positive: [
      'odiglet CPU dropped by about a quarter after upgrading to {version}, impressive work!',
      'Gateway memory is flat now after the fix, great improvement.',
      'Autoscaling of the gateway works nicely under load, really happy with it.',
    ],
    neutral: [
      'Our cluster has {nodes} nodes and about {spans} spans/s at peak.',
      `Here is our current values.yaml for the collectors:\n\n${HELM_VALUES}`,
      'Does the memory limiter drop data or apply back pressure?',
    ],
    negative: [
      'Same here, the gateway is OOM killed every night. This is costing us data.',
      'odiglet CPU is a real problem on our big nodes, we cannot roll this out further.',
      'Latency got much worse after the last upgrade and nobody can tell us why.',
    ],
  },
  ui: {
    questions: [
      ['Is there a dark mode?', 'Is there a setting for a dark theme in the UI, or is it planned?'],
      [
        'Expose the UI through an ingress with SSO',
        'We would like to put the UI behind our oauth2-proxy. Is there a base path setting, and does the UI work behind an ingress?',
      ],
      [
        'Filter the overview by namespace',
        'How do I filter the overview to one namespace? We have {n}0 namespaces and the list is long.',
      ],
    ],
    positive: [
      'The new overview page is beautiful and easy to understand, great job!',
      'The service map is super helpful for onboarding new engineers, love it.',
      'Love the new sources list with search, it makes a big difference.',
      'The describe button in the UI is brilliant for debugging, thanks!',
    ],
    neutral: [
      'We open the UI with `odigos ui` and port-forward to localhost:3000.',
      'Which browsers are supported?',
      'Is the UI state stored anywhere or is everything read from the cluster?',
    ],
    negative: [
      'The UI is very slow for us as well, the overview freezes all the time.',
      'Confusing UI, I gave up trying to find where actions are edited.',
      'The service map is unusable with more than a few dozen services.',
    ],
  },
  sampling: {
    questions: [
      [
        'How are sampling rules evaluated when several match?',
        'If a trace matches both an error rule and a latency rule, which one wins? Is it evaluated in the gateway?',
      ],
      [
        'Is tail sampling done in the gateway or the node collector?',
        'We want to understand where the sampling decision happens to size the gateway correctly.',
      ],
      [
        'Sample by HTTP route',
        'Can I write a sampling rule that keeps 100% of `/api/payments` and 5% of everything else?',
      ],
    ],
    positive: [
      'Latency sampling cut our trace volume in half, awesome feature!',
      'Error sampling works perfectly, thanks for adding it.',
      'Really nice that sampling can be changed without redeploying anything.',
    ],
    neutral: [
      'We keep 10% of traces by default and all error traces.',
      'Is the sampling ratio applied per service or globally?',
      'Where is the sampling decision logged?',
    ],
    negative: [
      'Sampling configuration is confusing and poorly documented, I gave up on it.',
      'Same here, my rules do not save and there is no error.',
      'We had to turn sampling off because it dropped the traces we needed most.',
    ],
  },
  ebpf_kernel: {
    questions: [
      [
        'Minimum kernel version for Go eBPF instrumentation?',
        'What is the minimum kernel version for the Go probes? Some of our nodes still run {kernel}.',
      ],
      [
        'Does Odigos need privileged containers?',
        'Our security team asks whether odiglet needs `privileged: true` or only specific capabilities (CAP_BPF, CAP_PERFMON, CAP_SYS_PTRACE).',
      ],
      [
        'ARM64 support for the eBPF probes',
        'We are moving part of the fleet to Graviton. Are the eBPF probes built for arm64?',
      ],
    ],
    positive: [
      'eBPF instrumentation on Bottlerocket works great, thank you!',
      'Amazing that it runs on our old kernels without any issues.',
      'The eBPF approach is brilliant, no sidecars and no restarts of the app containers.',
    ],
    neutral: [
      'Kernel on the affected nodes: `{kernel}`, containerd 1.7.',
      'Is BTF required, or do you ship BTF files for older kernels?',
      'Which capabilities does odiglet request exactly?',
    ],
    negative: [
      'Same verifier error here, instrumentation is completely broken on these nodes.',
      'This is a blocker for us, half of our fleet runs older kernels.',
      'Still failing on {version}, really disappointing.',
    ],
  },
};

/** The maintainers' answer to each question in TEXT (keyed by the question's title). */
export const ANSWERS: Readonly<Record<string, string>> = {
  'What is the recommended way to upgrade from {version}?':
    'Upgrade the chart first (`helm upgrade`), then the CLI. `odigos upgrade` does the same for CLI installs; do not mix the two on one cluster. See https://docs.odigos.io/setup/upgrade',
  'Minimum Kubernetes version for the Helm chart?':
    'The chart is tested on Kubernetes 1.24 and newer, so 1.27 is fine.',
  'Installing Odigos with Argo CD':
    'It works with Argo CD: enable `ServerSideApply=true` and add `SkipDryRunOnMissingResource=true` for the first sync because of the CRDs.',
  'Can Odigos run in a namespace other than odigos-system?':
    'Yes, `odigos install --namespace platform-odigos` is supported; the UI and the CLI detect the namespace.',
  'Which Node.js versions are supported?':
    'Node.js 14 and newer are supported; ESM apps need Node 18.19 or newer.',
  'Does .NET Framework 4.8 work?':
    'Only .NET (Core) on Linux is supported today; .NET Framework in Windows containers is not.',
  'How to instrument only one Python deployment in a namespace?':
    'Yes: label the deployment instead of the namespace, or select only that deployment in the UI.',
  'Java agent vs eBPF for Spring Boot':
    'For Java the default is the OpenTelemetry Java agent, loaded by Odigos without changing the image. Overhead is usually a few percent of CPU.',
  'Can one source send to two destinations?':
    'Yes, every source is exported to every destination that accepts its signals.',
  'How to set custom headers on an OTLP destination?':
    'Use the headers field of the OTLP HTTP destination (comma-separated `key=value` pairs).',
  'Which signals does the {dest} destination support?':
    'The destination form in the UI lists the supported signals; for {dest} it is traces, metrics and logs.',
  'Recommended gateway sizing for {spans} spans/s?':
    'Rule of thumb: one CPU and 2 GiB per ~25k spans/s per replica, and `minReplicas: 2` for availability.',
  'How many gateway replicas do you run in production?':
    'The autoscaler handles it well; most users keep `minReplicas: 2` and let it scale on memory.',
  'Where can I see collector resource usage?':
    'The pipeline collectors page in the UI shows CPU and memory per collector pod.',
  'Is there a dark mode?': 'The UI follows the browser theme, and there is a toggle under Settings.',
  'Expose the UI through an ingress with SSO':
    'Yes, the UI works behind an ingress; put oauth2-proxy in front of it and keep the base path `/`.',
  'Filter the overview by namespace': 'Use the namespace filter next to the search box on the overview page.',
  'How are sampling rules evaluated when several match?':
    'Rules are evaluated in the gateway; when several rules match, the one that keeps the trace wins.',
  'Is tail sampling done in the gateway or the node collector?':
    'In the gateway, once the spans of a trace have arrived.',
  'Sample by HTTP route':
    'Yes: an endpoint rule for `/api/payments` at 100% and a probabilistic rule at 5% for everything else.',
  'Minimum kernel version for Go eBPF instrumentation?': 'Kernel 5.4 or newer, or 4.18 with BTF (RHEL 8).',
  'Does Odigos need privileged containers?':
    'odiglet needs CAP_BPF, CAP_PERFMON, CAP_SYS_PTRACE and CAP_SYS_RESOURCE; `privileged: true` is only required on COS nodes.',
  'ARM64 support for the eBPF probes':
    'Yes, the odiglet image is multi-arch and the probes are built for arm64.',
};

/** Replies maintainers write: neutral triage and status updates. */
export const MAINTAINER_REPLIES: Readonly<Record<Theme | 'any', readonly string[]>> = {
  any: [
    'Could you share the output of `odigos describe` for the affected workload?',
    'Which version of the chart and the CLI are you running? `odigos version` prints both.',
    'We are looking into it. Can you reproduce it on {version}?',
    'This should be addressed in the next release, we will update this issue when it is out.',
    'Could you attach the full logs? The command below collects them:\n\n' +
      code(
        'bash',
        'kubectl logs -n odigos-system deploy/odigos-instrumentor --tail=500 > instrumentor.log\nkubectl logs -n odigos-system ds/odiglet -c odiglet --tail=500 > odiglet.log',
      ),
  ],
  installation_upgrades: [
    'The CRD change needs the chart to be upgraded before the CLI. Running `kubectl apply -f https://raw.githubusercontent.com/odigos-io/odigos/main/helm/odigos/crds/` first works around it.',
    'The webhook certificate is rotated by the instrumentor on startup; if a cert-manager annotation is set on the namespace it may conflict.',
  ],
  language_support: [
    'The Python instrumentation runs from `/var/odigos/python`; if the app pins an old `typing_extensions` it can shadow ours. A fix is in review.',
    'ESM support for Node.js is tracked separately, see the linked PR.',
  ],
  destinations: [
    'The connection test runs from the UI pod, not from the gateway, so network policies may differ. Can you check egress from the odigos-ui pod?',
    'Custom CA support for OTLP destinations is on the roadmap; for now the TLS settings can be set in the Destination YAML.',
  ],
  collector_resources: [
    'The memory limiter defaults to 80% of the limit. With {spans} spans/s a 1 GiB limit per replica is a bit tight; 2 GiB and more replicas should help.',
    'odiglet CPU depends mostly on the number of processes started on the node, not on traffic. Do these nodes run many short-lived jobs?',
  ],
  ui: [
    'The overview renders every source on the client; pagination is coming in the next minor release.',
    'Editing actions is available from the drawer since {version}.',
  ],
  sampling: [
    'Sampling rules are evaluated in the gateway; when several rules match, the one that keeps the trace wins.',
    'The route filter is an exact match today, wildcard support is planned.',
  ],
  ebpf_kernel: [
    'Kernels without BTF need the BTF files shipped in the odiglet image; 4.14 is below the supported minimum (4.18 with BTF or 5.4+).',
    'On COS the probes need `CAP_SYS_ADMIN` because of the lockdown mode; see the GKE section of the docs.',
  ],
};

/** Bots that comment on the repository. */
export const BOT_COMMENTS: Readonly<Record<string, readonly string[]>> = {
  'github-actions[bot]': [
    'This issue is stale because it has been open 60 days with no activity. Remove stale label or comment or this will be closed in 14 days.',
    'This issue was closed because it has been stalled for 14 days with no activity.',
    ':tada: This issue has been resolved in version {version} :tada:\n\nThe release is available on [GitHub release](https://github.com/odigos-io/odigos/releases/tag/{version})',
  ],
  CLAassistant: [
    '[![CLA assistant check](https://cla-assistant.io/pull/badge/signed)](https://cla-assistant.io/odigos-io/odigos?pullRequest={n}) <br/>All committers have signed the CLA.',
    '[![CLA assistant check](https://cla-assistant.io/pull/badge/not_signed)](https://cla-assistant.io/odigos-io/odigos?pullRequest={n}) <br/>Thank you for your submission! We really appreciate it. Like many open source projects, we ask that you sign our [Contributor License Agreement](https://cla-assistant.io/odigos-io/odigos?pullRequest={n}) before we can accept your contribution.',
  ],
  'dependabot[bot]': [
    'Superseded by #{n}.',
    'Looks like golang.org/x/net is up-to-date now, so this is no longer needed.',
  ],
};

/** Survey comments by score band: detractors (0-6), passives (7-8), promoters (9-10). */
export const SURVEY_COMMENTS: Readonly<Record<'low' | 'mid' | 'high', readonly string[]>> = {
  low: [
    'The gateway uses too much memory, we had two outages because of OOM kills.',
    'odiglet CPU on our large nodes is too high, hard to justify the cost.',
    'Hard to debug when a destination fails,\nthe UI shows no clear error.',
    'Upgrades broke our cluster twice. We are "waiting and seeing" before the next one.',
    'No PHP support, so half of our services are invisible.',
  ],
  mid: [
    'Good product, but the docs could be better.',
    'Works well, though upgrades need more care.',
    'Fine for now. Waiting for PHP support, and for sampling to be easier to configure.',
    'Instrumentation is great; the UI gets slow with many sources.',
    'Solid, but we needed a few tries to get the Elasticsearch destination working.',
  ],
  high: [
    'Great product, instrumentation without code changes is a game changer.',
    'Love the UI, and support on Slack is very responsive.',
    'Easy to install, works great. The CPU improvements in the last release were very welcome!',
    'Best way to get traces from legacy services, "it just works".',
    'Excellent, we rolled it out to every cluster in a week.\nThe service map alone was worth it.',
  ],
};

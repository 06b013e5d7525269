import type { Sentiment, Theme } from './feedback-text.ts';

/**
 * The features the community asks for, with how many distinct people ask on each channel. The
 * numbers make the ranking: PHP support first by a clear margin, then the others, strictly ordered
 * whichever demand signal is used (distinct requesters, issues, 👍 reactions).
 */
export interface FeatureRequestSpec {
  readonly id: string;
  readonly title: string;
  readonly theme: Theme;
  /** Issues opened for it by distinct people (the first is the canonical one, later ones duplicates). */
  readonly githubIssues: number;
  /** Distinct people who add a "me too" comment on those issues. */
  readonly githubCommenters: number;
  readonly slackRequesters: number;
  /** 👍 reactions on the canonical issue; duplicates get a few each. */
  readonly plusOnes: number;
  readonly issueTitles: readonly string[];
  readonly issueBodies: readonly (readonly [string, Sentiment])[];
  readonly comments: readonly (readonly [string, Sentiment])[];
  readonly slack: readonly (readonly [string, Sentiment])[];
}

export const FEATURE_REQUESTS: readonly FeatureRequestSpec[] = [
  {
    id: 'php-support',
    title: 'PHP auto-instrumentation',
    theme: 'language_support',
    githubIssues: 4,
    githubCommenters: 9,
    slackRequesters: 4,
    plusOnes: 27,
    issueTitles: [
      'Feature request: PHP support',
      'Support for PHP (Laravel / Symfony) auto-instrumentation',
      'PHP applications are not detected',
      'Please add PHP-FPM support',
    ],
    issueBodies: [
      [
        "### Is your feature request related to a problem?\nAbout half of our services are PHP (Laravel 11 on PHP-FPM 8.3) and Odigos does not detect them at all.\n\n### Describe the solution you'd like\nPlease add support for PHP auto-instrumentation, ideally the same zero-code experience as for Java and Python.\n\n### Additional context\nThe upstream [opentelemetry-php](https://github.com/open-telemetry/opentelemetry-php-instrumentation) extension could be a starting point.",
        'neutral',
      ],
      [
        'It would be great if Odigos supported PHP. We love how easy the Java and Python instrumentation is, and PHP is the last piece missing for us.',
        'positive',
      ],
      [
        'Our Symfony services show up as "unknown language" in the UI and are never instrumented. Without PHP support we cannot roll Odigos out to most of our product, which is really frustrating.',
        'negative',
      ],
      [
        'Feature request: support PHP-FPM workloads. The language detector reports `php-fpm` processes but there is no instrumentation available.',
        'neutral',
      ],
    ],
    comments: [
      ['+1, we need this too', 'neutral'],
      ['+1 for PHP, most of our legacy stack is Laravel.', 'neutral'],
      ['Same here 👍 This is the main thing missing for us.', 'neutral'],
      ['+1, blocking our adoption. We cannot justify two tracing setups.', 'negative'],
      ['Any update on this? We would also love PHP support.', 'neutral'],
      ['Would be amazing to have PHP, everything else works great for us!', 'positive'],
      ['Please add support for PHP 8.2+, happy to help test.', 'neutral'],
      ['We are in the same situation, WordPress and Laravel services are invisible.', 'negative'],
      ['+1 from us as well.', 'neutral'],
      ['Adding our vote: PHP support would let us drop our manual OpenTelemetry setup.', 'neutral'],
    ],
    slack: [
      ['Is PHP support on the roadmap? Most of our services are Laravel.', 'neutral'],
      ['+1 for PHP support, it would make Odigos a complete solution for us :pray:', 'positive'],
      [
        'Feature request: PHP. We had to keep the old agent only because of our PHP services, which is annoying.',
        'negative',
      ],
      ['Any news on PHP? Asking for our whole platform team.', 'neutral'],
      ['PHP support please! Happy to beta test.', 'neutral'],
    ],
  },
  {
    id: 'multi-cluster-ui',
    title: 'One UI for several clusters',
    theme: 'ui',
    githubIssues: 2,
    githubCommenters: 6,
    slackRequesters: 3,
    plusOnes: 14,
    issueTitles: [
      'Feature request: manage multiple clusters from one UI',
      'Central UI for several Odigos installations',
    ],
    issueBodies: [
      [
        'We run Odigos in {n} clusters and have to port-forward to each UI separately. It would be great if one UI could show all installations, with a cluster selector.',
        'neutral',
      ],
      [
        'Please add support for a central UI. Switching between five port-forwards to compare clusters is tedious and error-prone.',
        'negative',
      ],
    ],
    comments: [
      ['+1, we have the same setup with one UI per cluster.', 'neutral'],
      ['This would be a huge improvement for platform teams. Love the product otherwise!', 'positive'],
      ['+1', 'neutral'],
      ['Same need here, we have 8 clusters.', 'neutral'],
      ['Would love this, the per-cluster UI is painful at our scale.', 'negative'],
      ['Any plans for this? A read-only aggregated view would already help.', 'neutral'],
    ],
    slack: [
      ['Is there a way to see all clusters in one UI? Would be great for our team.', 'neutral'],
      ['+1 for multi-cluster UI', 'neutral'],
      [
        'Feature request: a central UI across clusters. Port-forwarding to each one gets old fast.',
        'negative',
      ],
    ],
  },
  {
    id: 'sampling-by-attribute',
    title: 'Sampling rules by span attribute',
    theme: 'sampling',
    githubIssues: 2,
    githubCommenters: 4,
    slackRequesters: 2,
    plusOnes: 8,
    issueTitles: ['Feature request: sampling rules by span attribute', 'Sample by tenant ID attribute'],
    issueBodies: [
      [
        'It would be great if sampling rules could match on any span attribute, for example `tenant.id` or `http.route`, not only on service name and latency.',
        'neutral',
      ],
      [
        'We need to keep 100% of traces for a few premium tenants and sample the rest. Please add attribute-based sampling rules.',
        'neutral',
      ],
    ],
    comments: [
      ['+1, attribute-based rules would cover most of our needs.', 'neutral'],
      ['We would love this, it is the only thing keeping us on a custom collector config.', 'neutral'],
      ['+1, tenant-based sampling is a must for us.', 'neutral'],
      ['Yes please! The current rules are too limited and it is frustrating.', 'negative'],
    ],
    slack: [
      [
        'Can sampling rules match on span attributes? If not, consider this a feature request :slightly_smiling_face:',
        'neutral',
      ],
      ['+1 for attribute based sampling', 'neutral'],
    ],
  },
  {
    id: 'ruby-support',
    title: 'Ruby auto-instrumentation',
    theme: 'language_support',
    githubIssues: 1,
    githubCommenters: 3,
    slackRequesters: 1,
    plusOnes: 5,
    issueTitles: ['Feature request: Ruby on Rails support'],
    issueBodies: [
      [
        'Please add support for Ruby (Rails 7, Sidekiq). We would love to use Odigos for our Rails monolith too.',
        'neutral',
      ],
    ],
    comments: [
      ['+1 for Ruby', 'neutral'],
      ['We have a large Rails app, this would be great.', 'positive'],
      ['+1, Sidekiq workers especially.', 'neutral'],
    ],
    slack: [['Any plans for Ruby support?', 'neutral']],
  },
  {
    id: 'windows-nodes',
    title: 'Windows node support',
    theme: 'installation_upgrades',
    githubIssues: 1,
    githubCommenters: 1,
    slackRequesters: 1,
    plusOnes: 2,
    issueTitles: ['Feature request: Windows node pools'],
    issueBodies: [
      [
        'Do you plan to support Windows node pools on AKS? odiglet is only scheduled on Linux nodes today.',
        'neutral',
      ],
    ],
    comments: [['+1, we have a couple of Windows node pools for legacy .NET Framework apps.', 'neutral']],
    slack: [['Is Windows node support planned at all?', 'neutral']],
  },
];

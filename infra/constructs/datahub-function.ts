import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Architecture, LoggingFormat, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { type BundlingOptions, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';

export const PROJECT_ROOT = path.resolve(import.meta.dirname, '../..');

/** The newest Node.js LTS that Lambda offers in the installed aws-cdk-lib; the esbuild target follows it. */
export const RUNTIME = Runtime.NODEJS_24_X;
const ESBUILD_TARGET = 'node24';

/** The DuckDB version the project depends on (package.json), so the bundle ships the tested build. */
export function duckdbVersion(root: string = PROJECT_ROOT): string {
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
    dependencies?: Record<string, string>;
  };
  const range = pkg.dependencies?.['@duckdb/node-api'];
  if (!range) throw new Error('package.json has no dependency on @duckdb/node-api');
  return range.replace(/^[\^~]/, '');
}

export type LogLevel = 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';

export interface DatahubFunctionProps {
  /** Handler file relative to the project root, e.g. `functions/ingest/handler.ts`; exports `handler`. */
  readonly entry: string;
  readonly description?: string;
  /** @default 1024 */
  readonly memorySize?: number;
  /** @default Duration.minutes(5) */
  readonly timeout?: Duration;
  /** Added to the Powertools variables below (and may override them). @default none */
  readonly environment?: Record<string, string>;
  /** Cap on parallel copies, to protect a downstream service. @default no cap */
  readonly reservedConcurrentExecutions?: number;
  /** POWERTOOLS_SERVICE_NAME: the `service` in logs, traces and metric dimensions. @default 'odigos-data-hub' */
  readonly serviceName?: string;
  /** POWERTOOLS_LOG_LEVEL. @default 'INFO' */
  readonly logLevel?: LogLevel;
  /** @default RetentionDays.ONE_MONTH */
  readonly logRetention?: RetentionDays;
  /** Ship DuckDB (native addon, linux-arm64 build) beside the bundle. @default true */
  readonly withDuckDB?: boolean;
  /** Copy `queries/` into the bundle; handlers read it from `LAMBDA_TASK_ROOT/queries`. @default true */
  readonly withQueries?: boolean;
}

/**
 * esbuild options for every Data Hub function. Exported so tests can check them without bundling.
 * Runs with the local esbuild (no Docker); DuckDB is installed for the Lambda platform by npm's
 * `--os/--cpu` flags rather than by `nodeModules`, which would install the build machine's binary.
 */
export function datahubBundling(
  options: { withDuckDB: boolean; withQueries: boolean },
  root: string = PROJECT_ROOT,
): BundlingOptions {
  const version = options.withDuckDB ? duckdbVersion(root) : undefined;
  return {
    format: OutputFormat.ESM,
    target: ESBUILD_TARGET,
    minify: true,
    sourceMap: true,
    // Stack traces need only the mappings; leaving the sources out keeps the zip ~3 MB smaller.
    sourcesContent: false,
    // Prefer packages' ESM builds so the SDK clients and Powertools tree-shake.
    mainFields: ['module', 'main'],
    // ESM bundles have no `require`; CommonJS dependencies bundled into them still call it.
    banner: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);",
    // Bundle SDK v3 (only the clients we import, tree-shaken) instead of the runtime's copy: pinned versions, faster cold start.
    bundleAwsSDK: true,
    // DuckDB is a native addon: it cannot be bundled and is installed below; nothing else is external.
    externalModules: options.withDuckDB ? ['@duckdb/node-api', '@duckdb/node-bindings*'] : [],
    commandHooks: {
      beforeBundling: () => [],
      beforeInstall: () => [],
      afterBundling: (inputDir: string, outputDir: string) => [
        ...(version
          ? [
              // The linux-arm64 binding whatever machine synthesizes; --no-save keeps the project untouched.
              `npm install --prefix "${outputDir}" --no-save --no-package-lock --no-audit --no-fund --omit=dev --os=linux --cpu=arm64 --libc=glibc @duckdb/node-api@${version}`,
            ]
          : []),
        ...(options.withQueries
          ? [`cp -r "${path.join(inputDir, 'queries')}" "${path.join(outputDir, 'queries')}"`]
          : []),
      ],
    },
  };
}

/**
 * Every Data Hub Lambda: newest Node LTS on Graviton, an ESM bundle with the SDK inside, X-Ray,
 * Powertools settings, a log group with retention, and DuckDB plus `queries/` beside the code.
 */
export class DatahubFunction extends NodejsFunction {
  constructor(scope: Construct, id: string, props: DatahubFunctionProps) {
    const memorySize = props.memorySize ?? 1024;
    const timeout = props.timeout ?? Duration.minutes(5);
    if (!Number.isInteger(memorySize) || memorySize < 128 || memorySize > 10240)
      throw new Error(`${id}: memorySize must be an integer from 128 to 10240 MB, got ${memorySize}`);
    if (timeout.toSeconds() < 1 || timeout.toSeconds() > 900)
      throw new Error(`${id}: timeout must be between 1 second and 15 minutes`);

    // Created explicitly (not on first log line) so retention and removal are ours, and it is deleted with the stack.
    const logGroup = new LogGroup(scope, `${id}Logs`, {
      retention: props.logRetention ?? RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    super(scope, id, {
      entry: path.join(PROJECT_ROOT, props.entry),
      handler: 'handler',
      ...(props.description ? { description: props.description } : {}),
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: path.join(PROJECT_ROOT, 'package-lock.json'),
      runtime: RUNTIME,
      // Graviton: ~20 % cheaper per GB-second than x86 for the same work; DuckDB ships an arm64 build.
      architecture: Architecture.ARM_64,
      memorySize,
      timeout,
      tracing: Tracing.ACTIVE,
      logGroup,
      // Powertools already logs JSON; JSON platform logs (START/REPORT) are queryable the same way.
      loggingFormat: LoggingFormat.JSON,
      ...(props.reservedConcurrentExecutions !== undefined
        ? { reservedConcurrentExecutions: props.reservedConcurrentExecutions }
        : {}),
      environment: {
        POWERTOOLS_SERVICE_NAME: props.serviceName ?? 'odigos-data-hub',
        POWERTOOLS_METRICS_NAMESPACE: 'OdigosDataHub',
        POWERTOOLS_LOG_LEVEL: props.logLevel ?? 'INFO',
        // Stack traces point at the TypeScript sources through the bundled source map.
        NODE_OPTIONS: '--enable-source-maps',
        ...props.environment,
      },
      bundling: datahubBundling({
        withDuckDB: props.withDuckDB ?? true,
        withQueries: props.withQueries ?? true,
      }),
    });
  }
}

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Architecture, LoggingFormat, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';

export const PROJECT_ROOT = path.resolve(import.meta.dirname, '../..');
const DUCKDB_VERSION: string = JSON.parse(
  readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8'),
).dependencies['@duckdb/node-api'].replace(/^\^/, '');

export interface DatahubFunctionProps {
  /** Handler file relative to the project root, e.g. `functions/ingest/handler.ts`. */
  readonly entry: string;
  /** @default 1024 */
  readonly memorySize?: number;
  /** @default Duration.minutes(5) */
  readonly timeout?: Duration;
  readonly environment?: Record<string, string>;
  /** Cap on parallel copies, to protect a downstream service. @default no cap */
  readonly reservedConcurrentExecutions?: number;
  /** Ship DuckDB (native, linux-arm64) beside the bundle: it encodes Parquet. @default true */
  readonly withDuckDB?: boolean;
  /** Copy `queries/` into the bundle (read at run time from LAMBDA_TASK_ROOT/queries). @default false */
  readonly withQueries?: boolean;
}

/** Every Data Hub Lambda: newest Node LTS on Graviton, ESM bundle, X-Ray, Powertools, a retained log group. */
export class DatahubFunction extends NodejsFunction {
  constructor(scope: Construct, id: string, props: DatahubFunctionProps) {
    const logGroup = new LogGroup(scope, `${id}Logs`, {
      retention: RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const withDuckDB = props.withDuckDB ?? true;
    super(scope, id, {
      entry: path.join(PROJECT_ROOT, props.entry),
      handler: 'handler',
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: path.join(PROJECT_ROOT, 'package-lock.json'),
      runtime: Runtime.NODEJS_24_X,
      // Graviton: ~20 % cheaper per GB-second than x86 for the same work.
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 1024,
      timeout: props.timeout ?? Duration.minutes(5),
      tracing: Tracing.ACTIVE,
      logGroup,
      loggingFormat: LoggingFormat.JSON,
      ...(props.reservedConcurrentExecutions !== undefined
        ? { reservedConcurrentExecutions: props.reservedConcurrentExecutions }
        : {}),
      environment: {
        POWERTOOLS_SERVICE_NAME: 'odigos-data-hub',
        POWERTOOLS_METRICS_NAMESPACE: 'OdigosDataHub',
        POWERTOOLS_LOG_LEVEL: 'INFO',
        NODE_OPTIONS: '--enable-source-maps',
        ...props.environment,
      },
      bundling: {
        format: OutputFormat.ESM,
        target: 'node24',
        minify: true,
        sourceMap: true,
        mainFields: ['module', 'main'],
        // ESM bundles have no `require`; some dependencies still call it.
        banner: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);",
        // DuckDB is a native addon: it cannot be bundled, and it must be the linux-arm64 build.
        externalModules: [
          '@duckdb/node-api',
          '@duckdb/node-bindings',
          '@duckdb/node-bindings-linux-arm64',
          '@duckdb/node-bindings-linux-x64',
        ],
        commandHooks: {
          beforeBundling: () => [],
          beforeInstall: () => [],
          afterBundling: (inputDir: string, outputDir: string) => [
            ...(withDuckDB
              ? [
                  `npm install --no-save --no-package-lock --no-audit --no-fund --os=linux --cpu=arm64 --prefix "${outputDir}" @duckdb/node-api@${DUCKDB_VERSION}`,
                ]
              : []),
            ...(props.withQueries
              ? [`cp -r "${path.join(inputDir, 'queries')}" "${path.join(outputDir, 'queries')}"`]
              : []),
          ],
        },
      },
    });
  }
}

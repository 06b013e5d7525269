import { App, type Environment, Tags, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { DEFAULT_QUERIES_DIR, loadQueryCatalog } from '../shared/adapters/local/query-files.ts';
import type { QueryDef } from '../shared/analytics/query-catalog.ts';
import { type DataHubContext, parseContext } from './config.ts';
import { acknowledgeNagFindings } from './nag-acknowledgements.ts';
import { DataStack } from './stacks/data-stack.ts';
import { PipelineStack } from './stacks/pipeline-stack.ts';

export interface DataHubApp {
  readonly app: App;
  readonly context: DataHubContext;
  readonly data: DataStack;
  readonly pipeline: PipelineStack;
}

export interface BuildAppOptions {
  /** Folder of `.sql` files saved as Athena named queries. @default the project's `queries/` */
  readonly queriesDir?: string;
}

/** The Athena queries to save; a missing or empty folder means none. */
async function athenaQueries(dir: string): Promise<readonly QueryDef[]> {
  try {
    return (await loadQueryCatalog(dir, 'athena')).all();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

/**
 * Builds the whole Data Hub on `app`: validated context, the stateful data stack, the stateless
 * pipeline stack, and cdk-nag's AwsSolutions checks over both.
 *
 * @example
 *   const { app } = await buildApp(new App({ context: { stage: 'test' } }));
 */
export async function buildApp(app: App = new App(), options: BuildAppOptions = {}): Promise<DataHubApp> {
  // Fail before any construct exists, naming every bad value at once.
  const context = parseContext((key) => app.node.tryGetContext(key));
  const queries = await athenaQueries(options.queriesDir ?? DEFAULT_QUERIES_DIR);
  // Environment-agnostic unless the CLI knows the account (deploy): synth works offline.
  const env: Environment = {
    account: process.env.CDK_DEFAULT_ACCOUNT,
    region: process.env.CDK_DEFAULT_REGION,
  };
  const tags = { project: 'odigos-data-hub', stage: context.stage };

  const data = new DataStack(app, `OdigosDataHub-Data-${context.stage}`, {
    env,
    tags,
    stage: context.stage,
    queries,
    description: 'Odigos Data Hub: buckets, Glue catalog, Athena workgroup (stateful).',
  });
  const pipeline = new PipelineStack(app, `OdigosDataHub-Pipeline-${context.stage}`, {
    env,
    tags,
    data: data.resources,
    alertEmails: context.alertEmails,
    analyzeSchedule: context.analyzeSchedule,
    description: 'Odigos Data Hub: ingest, analysis, schedule and alerts (stateless).',
  });
  // The pipeline refers to the data stack's resources by name, not by export: order the deploys explicitly.
  pipeline.addStackDependency(data);
  for (const [key, value] of Object.entries(tags)) Tags.of(app).add(key, value);

  acknowledgeNagFindings(pipeline);
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, context, data, pipeline };
}

if (import.meta.main) {
  const { app } = await buildApp();
  app.synth();
}

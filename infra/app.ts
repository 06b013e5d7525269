import { App, Tags, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { loadQueryCatalog } from '../shared/adapters/local/query-files.ts';
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

/** Builds the whole Data Hub: stateful data stack, stateless pipeline stack, cdk-nag checks. */
export async function buildApp(app: App = new App()): Promise<DataHubApp> {
  const context = parseContext((key) => app.node.tryGetContext(key));
  const queries = (await loadQueryCatalog()).all();
  const env = { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION };
  const data = new DataStack(app, `OdigosDataHub-Data-${context.stage}`, {
    env,
    stage: context.stage,
    queries,
    description: 'Odigos Data Hub: buckets, Glue catalog, Athena workgroup (stateful).',
  });
  const pipeline = new PipelineStack(app, `OdigosDataHub-Pipeline-${context.stage}`, {
    env,
    stage: context.stage,
    tableNames: data.tableNames,
    alertEmails: context.alertEmails,
    analyzeSchedule: context.analyzeSchedule,
    description: 'Odigos Data Hub: ingest, analysis, schedule and alerts (stateless).',
  });
  // The pipeline finds data resources by name; deploy the data stack first.
  pipeline.addStackDependency(data);
  Tags.of(app).add('project', 'odigos-data-hub');
  Tags.of(app).add('stage', context.stage);
  acknowledgeNagFindings(pipeline, context.stage);
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, context, data, pipeline };
}

if (import.meta.main) {
  const { app } = await buildApp();
  app.synth();
}

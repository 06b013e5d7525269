import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { App, type Stack } from 'aws-cdk-lib';
import type { Template } from 'aws-cdk-lib/assertions';
import { type BuildAppOptions, buildApp, type DataHubApp } from '../../infra/app.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** The context `cdk synth` passes to the app: cdk.json's feature flags and defaults. */
export const CDK_JSON_CONTEXT: Record<string, unknown> = JSON.parse(
  readFileSync(path.join(ROOT, 'cdk.json'), 'utf8'),
).context;

const outdirs: string[] = [];

/** Removes the cloud assemblies written by `testApp` apps; call in `afterAll`. */
export async function removeOutdirs(): Promise<void> {
  await Promise.all(outdirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
}

/**
 * A CDK App as the CLI would create it, with esbuild bundling skipped (CI runs the real one) and,
 * unless `validate`, without CDK's built-in CloudFormation validation (seconds per synthesis; the
 * cdk-nag test and `cdk synth` run it).
 */
export async function testApp(context: Record<string, unknown> = {}, validate = false): Promise<App> {
  const outdir = await mkdtemp(path.join(tmpdir(), 'cdk-test-'));
  outdirs.push(outdir);
  return new App({
    outdir,
    builtinCloudFormationValidation: validate,
    context: { ...CDK_JSON_CONTEXT, 'aws:cdk:bundling-stacks': [], ...context },
  });
}

/** The whole Data Hub app on a test App (see `testApp`). */
export async function build(
  context: Record<string, unknown> = {},
  options: BuildAppOptions & { validate?: boolean } = {},
): Promise<DataHubApp> {
  return buildApp(await testApp(context, options.validate), options);
}

export interface Violation {
  readonly ruleName: string;
  readonly severity: string;
  readonly violatingConstructs: { readonly constructPath: string }[];
}

/** Every finding of every validation plugin (cdk-nag) in the last synthesis of `app`. */
export async function validationViolations(app: App): Promise<Violation[]> {
  const report = JSON.parse(await readFile(path.join(app.outdir, 'validation-report.json'), 'utf8')) as {
    pluginReports: { violations: Violation[] }[];
  };
  return report.pluginReports.flatMap((r) => r.violations);
}

type Resource = { Type: string; Properties: Record<string, unknown> } & Record<string, unknown>;

/** Resources of a type, keyed by logical id. */
export function resourcesOf(template: Template, type: string): Record<string, Resource> {
  return template.findResources(type) as Record<string, Resource>;
}

/** The one resource whose logical id is `prefix` plus CDK's 8-character hash. */
export function resourceByPrefix(template: Template, type: string, prefix: string): Resource {
  const matches = Object.entries(resourcesOf(template, type)).filter(([id]) =>
    new RegExp(`^${prefix}[0-9A-F]{8}$`).test(id),
  );
  if (matches.length !== 1) throw new Error(`expected one ${type} ${prefix}*, found ${matches.length}`);
  return matches[0]![1];
}

/**
 * A CloudFormation value as readable text: joins flattened, `Ref`/`GetAtt` as `<LogicalId>` /
 * `<LogicalId.Attr>` without CDK's hash, pseudo parameters as `<AWS::…>`.
 */
export function flat(stack: Stack | undefined, value: unknown): string {
  const v = stack ? stack.resolve(value) : value;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  const o = v as Record<string, unknown>;
  const unhash = (id: string) => id.replace(/[0-9A-F]{8}$/, '');
  if (typeof o.Ref === 'string') return `<${o.Ref.startsWith('AWS::') ? o.Ref : unhash(o.Ref)}>`;
  if (Array.isArray(o['Fn::GetAtt'])) {
    const [id, attr] = o['Fn::GetAtt'] as [string, string];
    return `<${unhash(id)}.${attr}>`;
  }
  if (Array.isArray(o['Fn::Join'])) {
    const [sep, parts] = o['Fn::Join'] as [string, unknown[]];
    return parts.map((p) => flat(undefined, p)).join(sep);
  }
  return JSON.stringify(v);
}

/** An ARN without partition, account and region, e.g. `s3:::odh-test-raw/*` or `athena:::workgroup/x`. */
export const shortArn = (text: string): string =>
  text
    .replace(/^arn:<AWS::Partition>:/, '')
    .replaceAll('-<AWS::AccountId>-<AWS::Region>', '')
    .replaceAll('<AWS::Region>', '')
    .replaceAll('<AWS::AccountId>', '');

interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
}

/**
 * Every action a function's role may take, as `{ resource: sorted actions }` (policy minimisation
 * merges statements; this splits them back per resource so a test can compare the whole map).
 */
export function roleActions(template: Template, functionId: string): Record<string, string[]> {
  const fn = resourceByPrefix(template, 'AWS::Lambda::Function', functionId);
  const roleId = (fn.Properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
  const out: Record<string, string[]> = {};
  for (const policy of Object.values(resourcesOf(template, 'AWS::IAM::Policy'))) {
    const roles = (policy.Properties.Roles as { Ref: string }[]).map((r) => r.Ref);
    if (!roles.includes(roleId)) continue;
    const document = policy.Properties.PolicyDocument as { Statement: Statement[] };
    for (const s of document.Statement) {
      if (s.Effect !== 'Allow') throw new Error(`unexpected ${s.Effect} statement`);
      for (const resource of [s.Resource].flat()) {
        const key = shortArn(flat(undefined, resource));
        out[key] = [...new Set([...(out[key] ?? []), ...[s.Action].flat()])].sort();
      }
    }
  }
  return out;
}

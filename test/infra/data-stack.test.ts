import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataHubApp } from '../../infra/app.ts';
import { DataStack } from '../../infra/stacks/data-stack.ts';
import { loadQueryCatalog } from '../../shared/adapters/local/query-files.ts';
import { glueColumns, gluePartitionKeys } from '../../shared/catalog/engines.ts';
import { TABLES } from '../../shared/catalog/tables.ts';
import { build, flat, removeOutdirs, resourceByPrefix, resourcesOf, testApp } from './synth.ts';

let built: DataHubApp;
let data: Template;

beforeAll(async () => {
  built = await build({ stage: 'test' });
  data = Template.fromStack(built.data);
});
afterAll(removeOutdirs);

const DATA_BUCKETS = ['Raw', 'Lake', 'Quarantine', 'Report', 'AthenaResults'] as const;
const ALL_BUCKETS = [...DATA_BUCKETS, 'AccessLogs'] as const;
const bucket = (id: string) => resourceByPrefix(data, 'AWS::S3::Bucket', id);
const rules = (id: string) => (bucket(id).Properties.LifecycleConfiguration as { Rules: unknown[] }).Rules;
const ABORT_UPLOADS = { AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 }, Status: 'Enabled' };

describe('Class: DataStack', () => {
  describe('Buckets', () => {
    it('creates exactly the five data buckets and the access-log bucket', () => {
      const ids = Object.keys(resourcesOf(data, 'AWS::S3::Bucket')).map((id) =>
        id.replace(/[0-9A-F]{8}$/, ''),
      );
      expect(ids.sort()).toEqual([...ALL_BUCKETS].sort());
    });

    it.each(ALL_BUCKETS)('%s: encrypted, public access blocked, ACLs off, retained', (id) => {
      const b = bucket(id);
      expect(b.Properties.BucketEncryption).toEqual({
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      });
      expect(b.Properties.PublicAccessBlockConfiguration).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
      expect(b.Properties.OwnershipControls).toEqual({ Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] });
      expect(b.Properties.AccessControl).toBeUndefined();
      expect(b.DeletionPolicy).toBe('Retain');
      expect(b.UpdateReplacePolicy).toBe('Retain');
    });

    it.each(ALL_BUCKETS)('%s: its bucket policy denies every request made without TLS', (id) => {
      const policy = Object.values(resourcesOf(data, 'AWS::S3::BucketPolicy')).find(
        (p) => flat(undefined, p.Properties.Bucket) === `<${id}>`,
      );
      expect(policy?.Properties.PolicyDocument).toMatchObject({
        Statement: expect.arrayContaining([
          expect.objectContaining({
            Effect: 'Deny',
            Principal: { AWS: '*' },
            Action: 's3:*',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      });
    });

    it.each(DATA_BUCKETS)('%s: logs its access to the log bucket', (id) => {
      const logging = bucket(id).Properties.LoggingConfiguration as Record<string, unknown>;
      expect(flat(undefined, logging.DestinationBucketName)).toBe('<AccessLogs>');
      expect(logging.LogFilePrefix).toMatch(/^[a-z]+\/$/);
    });

    it('versions raw and lake only', () => {
      const versioned = ALL_BUCKETS.filter(
        (id) =>
          (bucket(id).Properties.VersioningConfiguration as { Status?: string } | undefined)?.Status ===
          'Enabled',
      );
      expect(versioned).toEqual(['Raw', 'Lake']);
    });

    it('moves raw data to Intelligent-Tiering after 30 days', () => {
      expect(rules('Raw')).toEqual([
        {
          Status: 'Enabled',
          Transitions: [{ StorageClass: 'INTELLIGENT_TIERING', TransitionInDays: 30 }],
          NoncurrentVersionExpiration: { NoncurrentDays: 30 },
        },
        ABORT_UPLOADS,
      ]);
    });

    it('expires Athena results after 7 days and quarantined data after 90', () => {
      expect(rules('AthenaResults')).toEqual([{ Status: 'Enabled', ExpirationInDays: 7 }, ABORT_UPLOADS]);
      expect(rules('Quarantine')).toEqual([{ Status: 'Enabled', ExpirationInDays: 90 }, ABORT_UPLOADS]);
    });

    it('names the buckets by stage, account and region', () => {
      expect(flat(built.data, built.data.resources.rawBucket.bucketName)).toBe(
        'odh-test-raw-<AWS::AccountId>-<AWS::Region>',
      );
      expect(flat(undefined, bucket('Lake').Properties.BucketName)).toBe(
        'odh-test-lake-<AWS::AccountId>-<AWS::Region>',
      );
    });
  });

  describe('Glue catalog', () => {
    it('creates the database odigos_datahub_<stage>', () => {
      data.resourceCountIs('AWS::Glue::Database', 1);
      data.hasResourceProperties('AWS::Glue::Database', {
        CatalogId: { Ref: 'AWS::AccountId' },
        DatabaseInput: {
          Name: 'odigos_datahub_test',
          Description: Match.stringLikeRegexp('Odigos Data Hub'),
        },
      });
    });

    it('registers exactly one table per catalog table', () => {
      const names = Object.values(resourcesOf(data, 'AWS::Glue::Table')).map(
        (t) => (t.Properties.TableInput as { Name: string }).Name,
      );
      expect(names.sort()).toEqual(TABLES.map((t) => t.name).sort());
    });

    it.each(TABLES.map((t) => [t.name, t] as const))(
      '%s: the catalog columns, Parquet SerDe, dt partition and projection',
      (name, table) => {
        const cfn = Object.values(resourcesOf(data, 'AWS::Glue::Table')).find(
          (t) => (t.Properties.TableInput as { Name: string }).Name === name,
        )!;
        const input = cfn.Properties.TableInput as {
          StorageDescriptor: Record<string, unknown> & { Columns: unknown[]; Location: unknown };
          Parameters: Record<string, unknown>;
          PartitionKeys: unknown[];
          TableType: string;
        };
        expect(cfn.Properties.DatabaseName).toBe('odigos_datahub_test');
        expect(input.TableType).toBe('EXTERNAL_TABLE');
        // Exactly the catalog's columns, types and comments, in order.
        expect(input.StorageDescriptor.Columns).toEqual(
          glueColumns(table).map((c) => ({ Name: c.name, Type: c.type, Comment: c.comment })),
        );
        expect(input.PartitionKeys).toEqual(
          gluePartitionKeys().map((c) => ({ Name: c.name, Type: c.type, Comment: c.comment })),
        );
        expect(input.PartitionKeys).toEqual([expect.objectContaining({ Name: 'dt', Type: 'string' })]);
        expect(input.StorageDescriptor.SerdeInfo).toEqual({
          SerializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe',
        });
        expect(input.StorageDescriptor.InputFormat).toBe(
          'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
        );
        expect(flat(undefined, input.StorageDescriptor.Location)).toBe(`s3://<Lake>/${name}/`);
        const parameters = Object.fromEntries(
          Object.entries(input.Parameters).map(([k, v]) => [k, flat(undefined, v)]),
        );
        expect(parameters).toEqual({
          classification: 'parquet',
          EXTERNAL: 'TRUE',
          'parquet.compression': 'ZSTD',
          'projection.enabled': 'true',
          'projection.dt.type': 'date',
          'projection.dt.format': 'yyyy-MM-dd',
          'projection.dt.range': '2019-01-01,NOW',
          'projection.dt.interval': '1',
          'projection.dt.interval.unit': 'DAYS',
          'storage.location.template': `s3://<Lake>/${name}/dt=\${dt}/`,
        });
      },
    );
  });

  describe('Athena', () => {
    it('enforces engine v3, encrypted results in the results bucket, a 10 GiB cutoff and metrics', () => {
      const workgroup = Object.values(resourcesOf(data, 'AWS::Athena::WorkGroup'));
      expect(workgroup).toHaveLength(1);
      const props = workgroup[0]!.Properties as {
        Name: string;
        WorkGroupConfiguration: Record<string, unknown> & {
          ResultConfiguration: { OutputLocation: unknown; EncryptionConfiguration: unknown };
        };
      };
      expect(props.Name).toBe('odigos-datahub-test');
      expect(props.WorkGroupConfiguration).toMatchObject({
        EngineVersion: { SelectedEngineVersion: 'Athena engine version 3' },
        EnforceWorkGroupConfiguration: true,
        PublishCloudWatchMetricsEnabled: true,
        BytesScannedCutoffPerQuery: 10 * 1024 ** 3,
        ResultConfiguration: { EncryptionConfiguration: { EncryptionOption: 'SSE_S3' } },
      });
      expect(flat(undefined, props.WorkGroupConfiguration.ResultConfiguration.OutputLocation)).toBe(
        's3://<AthenaResults>/results/',
      );
    });

    it('saves every Athena query of queries/ as a named query in the workgroup', async () => {
      const catalog = (await loadQueryCatalog()).all();
      const saved = Object.values(resourcesOf(data, 'AWS::Athena::NamedQuery')).map((q) => q.Properties);
      expect(saved.map((q) => q.QueryString).sort()).toEqual(catalog.map((q) => q.sql).sort());
      for (const q of saved) {
        expect(q.Database).toBe('odigos_datahub_test');
        expect(flat(undefined, q.WorkGroup)).toBe('<Workgroup>');
      }
      // DuckDB-only pipeline statements stay out of the Athena console.
      expect(saved.some((q) => String(q.QueryString).includes('read_json'))).toBe(false);
    });

    it('creates no named query when the queries folder is empty or missing', async () => {
      const dir = await mkdtemp(path.join(tmpdir(), 'queries-'));
      try {
        await mkdir(path.join(dir, 'empty'));
        for (const queriesDir of [dir, path.join(dir, 'missing')]) {
          const { data: stack } = await build({ stage: 'empty' }, { queriesDir });
          Template.fromStack(stack).resourceCountIs('AWS::Athena::NamedQuery', 0);
        }
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });

    it('refuses a scan cutoff below Athena’s 10 MB minimum', async () => {
      const app = await testApp();
      expect(() => new DataStack(app, 'D', { stage: 'x', bytesScannedCutoffPerQuery: 1024 })).toThrow(
        /at least 10000000 bytes/,
      );
    });
  });
});

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Runtime } from 'aws-cdk-lib/aws-lambda';
import { OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { afterAll, describe, expect, it } from 'vitest';
import {
  DatahubFunction,
  datahubBundling,
  duckdbVersion,
  PROJECT_ROOT,
  RUNTIME,
} from '../../infra/constructs/datahub-function.ts';
import { removeOutdirs, resourceByPrefix, testApp } from './synth.ts';

afterAll(removeOutdirs);

const afterBundling = (options: { withDuckDB: boolean; withQueries: boolean }) =>
  datahubBundling(options).commandHooks!.afterBundling('/in', '/out');

describe('Class: DatahubFunction', () => {
  it('uses the newest Node.js LTS runtime that the installed aws-cdk-lib offers', () => {
    // LTS lines are the even majors; Lambda adds each one as NODEJS_<major>_X.
    const majors = Object.keys(Runtime)
      .map((k) => /^NODEJS_(\d+)_X$/.exec(k)?.[1])
      .filter((m): m is string => m !== undefined)
      .map(Number)
      .filter((m) => m % 2 === 0);
    expect(RUNTIME.name).toBe(`nodejs${Math.max(...majors)}.x`);
  });

  describe('Method: datahubBundling', () => {
    it('builds a minified ESM bundle for the runtime, with the SDK inside and a require shim', () => {
      const bundling = datahubBundling({ withDuckDB: true, withQueries: true });
      expect(bundling).toMatchObject({
        format: OutputFormat.ESM,
        target: `node${/^nodejs(\d+)\.x$/.exec(RUNTIME.name)![1]}`,
        minify: true,
        sourceMap: true,
        mainFields: ['module', 'main'],
        bundleAwsSDK: true,
      });
      expect(bundling.banner).toContain('const require = createRequire(import.meta.url)');
      // Only DuckDB stays outside the bundle; @aws-sdk/* is bundled (and tree-shaken).
      expect(bundling.externalModules).toEqual(['@duckdb/node-api', '@duckdb/node-bindings*']);
    });

    it('installs the linux-arm64 DuckDB of package.json into the bundle and copies queries/', () => {
      const pkg = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8'));
      const version = pkg.dependencies['@duckdb/node-api'].replace(/^[\^~]/, '');
      expect(duckdbVersion()).toBe(version);

      const commands = afterBundling({ withDuckDB: true, withQueries: true });

      expect(commands).toHaveLength(2);
      expect(commands[0]).toMatch(/^npm install --prefix "\/out" /);
      expect(commands[0]).toContain('--os=linux --cpu=arm64');
      expect(commands[0]).toContain(`@duckdb/node-api@${version}`);
      expect(commands[1]).toBe('cp -r "/in/queries" "/out/queries"');
    });

    it('leaves DuckDB and queries out when a function needs neither', () => {
      expect(afterBundling({ withDuckDB: false, withQueries: false })).toEqual([]);
      expect(datahubBundling({ withDuckDB: false, withQueries: false }).externalModules).toEqual([]);
    });
  });

  describe('Method: constructor', () => {
    it('applies the house defaults and lets environment entries override Powertools settings', async () => {
      // Prepare
      const stack = new Stack(await testApp(), 'S');

      // Act
      new DatahubFunction(stack, 'Fn', {
        entry: 'functions/ingest/handler.ts',
        environment: { EXTRA: 'x', POWERTOOLS_SERVICE_NAME: 'custom' },
        logLevel: 'DEBUG',
      });

      // Assess
      const template = Template.fromStack(stack);
      expect(resourceByPrefix(template, 'AWS::Lambda::Function', 'Fn').Properties).toMatchObject({
        MemorySize: 1024,
        Timeout: 300,
        Environment: {
          Variables: {
            EXTRA: 'x',
            POWERTOOLS_SERVICE_NAME: 'custom',
            POWERTOOLS_METRICS_NAMESPACE: 'OdigosDataHub',
            POWERTOOLS_LOG_LEVEL: 'DEBUG',
          },
        },
      });
      expect(resourceByPrefix(template, 'AWS::Logs::LogGroup', 'FnLogs')).toMatchObject({
        Properties: { RetentionInDays: 30 },
        DeletionPolicy: 'Delete',
      });
    });

    it('refuses sizes Lambda would reject at deploy time', async () => {
      const stack = new Stack(await testApp(), 'S');
      const entry = 'functions/ingest/handler.ts';
      expect(() => new DatahubFunction(stack, 'A', { entry, memorySize: 64 })).toThrow(/memorySize/);
      expect(() => new DatahubFunction(stack, 'B', { entry, timeout: Duration.minutes(16) })).toThrow(
        /timeout/,
      );
    });
  });
});

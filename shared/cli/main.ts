#!/usr/bin/env node
import { readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { analyze } from '../analytics/analyze.ts';
import { windowEnding } from '../analytics/dates.ts';
import { bindParams } from '../analytics/query-catalog.ts';
import { loadConfig } from '../config/config.ts';
import { DEFAULT_DEMO_OPTIONS, writeDemoData } from '../demo/generate.ts';
import { DataHubError } from '../errors/index.ts';
import { enrichFeedback } from '../feedback/enrich.ts';
import { SCORE_COLUMNS, scoreTable } from '../feedback/score-table.ts';
import { COMPACTABLE_TABLES, compactPartitions, partitionsOf } from '../ingest/compact.ts';
import { ingestObjects } from '../ingest/ingest.ts';
import { type LocalContext, localContext, localTextAnalyzer, OUTBOX_BUCKET } from '../local/wiring.ts';
import { latestPartition } from '../pipeline/latest-partition.ts';
import { runPipeline } from '../pipeline/run-pipeline.ts';
import type { QueryResult } from '../ports/index.ts';
import { publishReport } from '../report/publish.ts';
import { LABELS } from '../sentiment/model.ts';
import { formatTable, terminalLog, terminalProgress } from './terminal.ts';

const KNOWN_PREFIXES = ['events/', 'otlp/', 'feedback/', 'surveys/', 'releases/'];

const integer = (name: string) => (value: string) => {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 0) throw new InvalidArgumentError(`${name} must be a whole number`);
  return n;
};
const date = (value: string) => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(value)))
    throw new InvalidArgumentError('expected YYYY-MM-DD');
  return value;
};
const keyValue = (value: string, previous: Record<string, string> = {}) => {
  const eq = value.indexOf('=');
  if (eq <= 0) throw new InvalidArgumentError(`expected name=value, got "${value}"`);
  return { ...previous, [value.slice(0, eq)]: value.slice(eq + 1) };
};

async function withContext<T>(verbose: boolean, work: (ctx: LocalContext) => Promise<T>): Promise<T> {
  const ctx = await localContext(loadConfig(process.env), terminalLog(verbose), terminalProgress());
  try {
    return await work(ctx);
  } finally {
    await ctx.close();
  }
}

async function resolveAsOf(ctx: LocalContext, asOf: string | undefined): Promise<string> {
  const found = asOf ?? (await latestPartition(ctx.store, ctx.buckets.lake, ['ui_events', 'metric_points']));
  if (!found)
    throw new DataHubError('The local lake is empty: run `datahub ingest <files>` or `npm start` first.', {
      retryable: false,
    });
  return found;
}

function printResult(result: QueryResult, format: string): void {
  if (format === 'json') console.log(JSON.stringify(result.rows, null, 2));
  else if (format === 'csv') {
    const columns = result.columns.map((c) => c.name);
    process.stdout.write(
      stringify(
        result.rows.map((r) =>
          columns.map((c) => (typeof r[c] === 'object' && r[c] !== null ? JSON.stringify(r[c]) : r[c])),
        ),
        { header: true, columns },
      ),
    );
  } else {
    console.log(
      formatTable(
        result.rows as Record<string, unknown>[],
        result.columns.map((c) => c.name),
      ),
    );
    console.error(
      `${result.stats.engineMillis} ms, ${result.stats.bytesScanned ?? '?'} bytes of Parquet scanned`,
    );
  }
}

/** Files to ingest and the raw-bucket key each gets: folders keep their layout, files keep the path from a known prefix on. */
async function collectInputs(
  inputs: readonly string[],
  prefix: string | undefined,
): Promise<{ file: string; key: string }[]> {
  const out: { file: string; key: string }[] = [];
  const keyOf = (file: string, base: string | undefined): string => {
    const normalised = file.split(path.sep).join('/');
    if (prefix)
      return `${prefix.replace(/\/?$/, '/')}${base ? path.relative(base, file).split(path.sep).join('/') : path.basename(file)}`;
    if (base) {
      const relative = path.relative(base, file).split(path.sep).join('/');
      if (KNOWN_PREFIXES.some((p) => relative.startsWith(p))) return relative;
    }
    for (const p of KNOWN_PREFIXES) {
      const at = normalised.lastIndexOf(`/${p}`);
      if (normalised.startsWith(p)) return normalised;
      if (at >= 0) return normalised.slice(at + 1);
    }
    throw new InvalidArgumentError(
      `Cannot tell what kind of input ${file} is: its path has none of ${KNOWN_PREFIXES.join(', ')}. Use --prefix (e.g. --prefix events/).`,
    );
  };
  for (const input of inputs) {
    const info = await stat(input).catch(() => undefined);
    if (!info) throw new InvalidArgumentError(`No such file or folder: ${input}`);
    if (info.isDirectory()) {
      const entries = await readdir(input, { recursive: true, withFileTypes: true });
      for (const entry of entries.filter((e) => e.isFile()).sort((a, b) => a.name.localeCompare(b.name))) {
        const file = path.join(entry.parentPath, entry.name);
        out.push({ file, key: keyOf(file, input) });
      }
    } else out.push({ file: input, key: keyOf(input, undefined) });
  }
  return out;
}

export function buildProgram(): Command {
  const program = new Command('datahub')
    .description(
      'Odigos Data Hub on your machine: a folder as S3, DuckDB as Athena, a local model as Comprehend, an outbox as SNS.',
    )
    .option('-v, --verbose', 'log each step', false)
    .showHelpAfterError();
  const verbose = () => Boolean(program.opts().verbose);

  program
    .command('demo')
    .description('Generate the demo data set and run the whole pipeline on it (what `npm start` runs)')
    .addOption(
      new Option('--seed <n>', 'random seed').argParser(integer('seed')).default(DEFAULT_DEMO_OPTIONS.seed),
    )
    .addOption(
      new Option('--days <n>', 'days of history')
        .argParser(integer('days'))
        .default(DEFAULT_DEMO_OPTIONS.days),
    )
    .addOption(
      new Option('--users <n>', 'UI users').argParser(integer('users')).default(DEFAULT_DEMO_OPTIONS.users),
    )
    .addOption(
      new Option('--end-date <date>', 'last day of data')
        .argParser(date)
        .default(DEFAULT_DEMO_OPTIONS.endDate),
    )
    .option('--fresh', 'delete DATAHUB_HOME first', false)
    .action(
      async (options: { seed: number; days: number; users: number; endDate: string; fresh: boolean }) => {
        const started = performance.now();
        const config = loadConfig(process.env);
        if (options.fresh) await rm(config.home, { recursive: true, force: true });
        await withContext(verbose(), async (ctx) => {
          const demo = await writeDemoData(
            ctx.store,
            ctx.buckets.raw,
            { seed: options.seed, days: options.days, users: options.users, endDate: options.endDate },
            ctx.progress,
          );
          await ctx.store.put('demo', 'ground-truth.json', `${JSON.stringify(demo.groundTruth, null, 2)}\n`);
          const result = await runPipeline(ctx, {
            asOf: options.endDate,
            lookbackDays: config.analysisLookbackDays,
          });
          printSummary(ctx, result, (performance.now() - started) / 1000);
        });
      },
    );

  program
    .command('ingest')
    .description('Copy files or folders into the local raw bucket and ingest them into the lake')
    .argument(
      '<paths...>',
      'files or folders laid out like the raw bucket (events/, otlp/, feedback/, surveys/, releases/)',
    )
    .option('--prefix <prefix>', 'raw-bucket prefix for the given files, e.g. events/ or surveys/')
    .action(async (paths: string[], options: { prefix?: string }) => {
      const inputs = await collectInputs(paths, options.prefix);
      await withContext(verbose(), async (ctx) => {
        for (const { file, key } of inputs) await ctx.store.put(ctx.buckets.raw, key, await readFile(file));
        const summary = await ingestObjects(
          ctx,
          inputs.map((i) => i.key),
          { progress: ctx.progress },
        );
        console.log(formatTable(Object.entries(summary.accepted).map(([table, rows]) => ({ table, rows }))));
        for (const r of summary.reports.filter((x) => x.status === 'quarantined' || x.quarantined > 0)) {
          console.log(
            `${r.status === 'quarantined' ? 'quarantined whole' : `${r.quarantined} bad records`}: ${r.sourceKey} — ${r.reason}`,
          );
        }
        console.log(
          `Lake: ${ctx.bucketDir(ctx.buckets.lake)}  Quarantine: ${ctx.bucketDir(ctx.buckets.quarantine)}`,
        );
      });
    });

  program
    .command('compact')
    .description(
      'Merge each day of each table into one Parquet file (and drop records re-sent across objects)',
    )
    .addOption(new Option('--from <date>', 'first day').argParser(date))
    .addOption(new Option('--to <date>', 'last day').argParser(date))
    .action(async (options: { from?: string; to?: string }) => {
      await withContext(verbose(), async (ctx) => {
        const partitions: { table: string; dt: string }[] = [];
        for (const table of COMPACTABLE_TABLES) {
          for await (const object of ctx.store.list(ctx.buckets.lake, `${table.name}/dt=`)) {
            const [p] = partitionsOf([object.key]);
            if (p && (!options.from || p.dt >= options.from) && (!options.to || p.dt <= options.to))
              partitions.push(p);
          }
        }
        const reports = await compactPartitions(ctx, partitions, ctx.progress);
        console.log(formatTable(reports as unknown as Record<string, unknown>[]));
      });
    });

  program
    .command('analyze')
    .description(
      'Score feedback, run the analysis queries, write the KPI snapshot, send alerts and render the report',
    )
    .addOption(
      new Option('--as-of <date>', 'last day to analyse (default: newest partition)').argParser(date),
    )
    .action(async (options: { asOf?: string }) => {
      await withContext(verbose(), async (ctx) => {
        const asOf = await resolveAsOf(ctx, options.asOf);
        await enrichFeedback(ctx, windowEnding(asOf, ctx.config.analysisLookbackDays));
        const analysis = await analyze(ctx, { asOf });
        const report = await publishReport(ctx, analysis);
        console.log(
          formatTable(
            analysis.kpis.map((k) => ({
              kpi: k.name,
              value: k.value,
              baseline: k.baseline,
              target: k.target,
              status: k.status,
            })),
          ),
        );
        console.log(
          `Alerts sent: ${analysis.alertsPublished.length}; report: ${path.join(ctx.bucketDir(report.bucket), 'index.html')}`,
        );
      });
    });

  program
    .command('sentiment')
    .description(
      'Score the texts of a CSV file with the local sentiment model: one label and the scores per row (see README, "Sentiment model")',
    )
    .requiredOption('--in <file.csv>', 'input CSV with a header row')
    .requiredOption('--text-column <name>', 'the column that holds the text')
    .requiredOption('--out <file.csv>', `output CSV: the input columns plus ${SCORE_COLUMNS.join(', ')}`)
    .option(
      '--label-column <name>',
      'a column of reference labels (positive / neutral / negative): also prints precision, recall and F1',
    )
    .action(async (options: { in: string; textColumn: string; out: string; labelColumn?: string }) => {
      const input = await readFile(options.in).catch((error: unknown) => {
        throw new InvalidArgumentError(`Cannot read ${options.in}: ${(error as Error).message}`);
      });
      let columns: string[] = [];
      const rows = parse(input, {
        bom: true,
        skip_empty_lines: true,
        columns: (header: string[]) => {
          columns = header;
          return header;
        },
      }) as Record<string, string>[];
      const analyzer = localTextAnalyzer();
      const started = performance.now();
      const result = await scoreTable(analyzer, rows, columns, {
        textColumn: options.textColumn,
        ...(options.labelColumn !== undefined ? { labelColumn: options.labelColumn } : {}),
        progress: terminalProgress(),
      });
      await writeFile(
        options.out,
        stringify([...result.rows], { header: true, columns: [...result.columns] }),
      );
      const seconds = (performance.now() - started) / 1000;
      console.log(
        `${rows.length} rows scored by ${result.analyzer} in ${seconds.toFixed(1)} s → ${options.out}`,
      );
      if (result.metrics) {
        const m = result.metrics;
        console.log(
          formatTable([
            ...LABELS.map((label) => ({ class: label, ...m.perClass[label] })),
            {
              class: 'macro average',
              precision: null,
              recall: null,
              f1: m.macroF1,
              support: LABELS.reduce((n, l) => n + m.perClass[l].support, 0),
            },
          ]),
        );
        console.log(
          `macro-F1 ${m.macroF1.toFixed(3)}, accuracy ${m.accuracy.toFixed(3)}` +
            (result.unlabelled
              ? `; ${result.unlabelled} rows without a positive/neutral/negative label left out`
              : ''),
        );
      }
    });

  program
    .command('queries')
    .description('List the query catalog (queries/*.sql) with parameters')
    .action(async () => {
      await withContext(verbose(), async (ctx) => {
        console.log(
          formatTable(
            ctx.catalog.all().map((q) => ({
              name: q.name,
              title: q.title,
              params: q.params
                .map((p) => `${p.name}:${p.type}${p.defaultValue !== undefined ? `=${p.defaultValue}` : ''}`)
                .join(' '),
            })),
          ),
        );
      });
    });

  program
    .command('query')
    .description('Run one catalog query against the local lake')
    .argument('<name>', 'query name (see `datahub queries`)')
    .option(
      '-p, --param <name=value>',
      'parameter value (repeatable); start_date/end_date default to the last 30 days of data',
      keyValue,
      {},
    )
    .addOption(
      new Option('-f, --format <format>', 'output format').choices(['table', 'csv', 'json']).default('table'),
    )
    .action(async (name: string, options: { param: Record<string, string>; format: string }) => {
      await withContext(verbose(), async (ctx) => {
        const query = ctx.catalog.get(name);
        const values: Record<string, string> = { ...options.param };
        if (query.params.some((p) => p.name === 'end_date') && !values.end_date)
          values.end_date = await resolveAsOf(ctx, undefined);
        if (query.params.some((p) => p.name === 'start_date') && !values.start_date && values.end_date)
          values.start_date = windowEnding(values.end_date, 30).start;
        printResult(
          await ctx.engine.run({ name, sql: query.sql, params: bindParams(query, values) }),
          options.format,
        );
      });
    });

  program
    .command('sql')
    .description('Run ad-hoc SQL (Athena/Trino dialect) against the local lake tables')
    .argument('<sql>', 'the statement, e.g. "SELECT count(*) FROM ui_events"')
    .addOption(
      new Option('-f, --format <format>', 'output format').choices(['table', 'csv', 'json']).default('table'),
    )
    .action(async (sql: string, options: { format: string }) => {
      await withContext(verbose(), async (ctx) =>
        printResult(await ctx.engine.run({ name: 'adhoc', sql, params: [] }), options.format),
      );
    });

  return program;
}

function printSummary(
  ctx: LocalContext,
  result: Awaited<ReturnType<typeof runPipeline>>,
  seconds: number,
): void {
  const { ingest, enrich, analysis, report } = result;
  const lines = [
    '',
    `Odigos Data Hub demo — analysed ${analysis.window.start} → ${analysis.window.end} in ${seconds.toFixed(1)} s`,
    '',
    `Raw input      ${ctx.bucketDir(ctx.buckets.raw)}  (${ingest.objects} objects)`,
    `Lake (Parquet) ${ctx.bucketDir(ctx.buckets.lake)}  ${Object.entries(ingest.accepted)
      .map(([t, n]) => `${t}=${n}`)
      .join(' ')}`,
    `Quarantine     ${ctx.bucketDir(ctx.buckets.quarantine)}  (${ingest.quarantinedRecords} bad records, ${ingest.quarantinedObjects} unreadable objects, ${ingest.duplicates} duplicates dropped)`,
    ...ingest.reports
      .filter((r) => r.status === 'quarantined')
      .map((r) => `                 ✗ ${r.sourceKey}: ${r.reason}`),
    `Compaction     ${result.compaction.length} day partitions merged, ${result.compaction.reduce((n, c) => n + c.duplicates, 0)} records re-sent across objects counted once`,
    `Feedback       ${enrich.texts} texts scored by ${enrich.analyzer} (${enrich.scored} new, ${enrich.reused} cached)`,
    `KPI snapshot   ${path.join(ctx.bucketDir(ctx.buckets.lake), `snapshots/kpi/dt=${analysis.asOf}/snapshot.json`)}`,
    `Alerts         ${ctx.bucketDir(OUTBOX_BUCKET)}  (${analysis.incidents.length} incidents, ${analysis.alertsPublished.length} sent this run)`,
    ...analysis.incidents.map(
      (i) =>
        `                 ! ${i.metric} ${i.cluster}/${i.component} ${i.ratio.toFixed(1)}× from ${i.start}`,
    ),
    `Report         ${path.join(ctx.bucketDir(report.bucket), 'index.html')}`,
    `Ground truth   ${path.join(ctx.bucketDir('demo'), 'ground-truth.json')}`,
    '',
    formatTable(
      analysis.kpis.map((k) => ({
        kpi: k.title,
        value: k.value,
        baseline: k.baseline,
        target: k.target,
        status: k.status,
      })),
    ),
    '',
    'Next: `npm run datahub -- queries`, `npm run datahub -- query feature_adoption`, `npm run datahub -- sql "SELECT count(*) FROM ui_events"`',
  ];
  console.log(lines.join('\n'));
}

export async function main(argv: readonly string[]): Promise<number> {
  try {
    await buildProgram().parseAsync([...argv]);
    return 0;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`datahub: ${message}\n`);
    if (process.env.DATAHUB_DEBUG) console.error(error);
    return 1;
  }
}

if (import.meta.main) process.exitCode = await main(process.argv);

import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../../shared/cli/main.ts';
import { tempDir } from '../../support/tmp.ts';

const run = (...args: string[]) => main(['node', 'datahub', ...args]);

describe('Command: datahub sentiment', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('writes the input rows with a label and scores per row, and agreement with a label column', async () => {
    const dir = await tempDir('cli-sentiment');
    const input = path.join(dir, 'in.csv');
    const output = path.join(dir, 'out.csv');
    await writeFile(
      input,
      `\ufeff${stringify(
        [
          ['1', 'Thanks a lot, this works great!', 'positive'],
          ['2', 'The odiglet crashes on startup again, so annoying :(', 'negative'],
          ['3', 'Which Kubernetes versions are supported?\n\nWe run 1.29.', 'neutral'],
          ['4', 'He said "LGTM", merging', ''],
        ],
        { header: true, columns: ['id', 'comment', 'label'] },
      )}`,
    );
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);

    const code = await run(
      'sentiment',
      '--in',
      input,
      '--text-column',
      'comment',
      '--out',
      output,
      '--label-column',
      'label',
    );

    expect(code).toBe(0);
    const rows = parse(await readFile(output), { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => [r.id, r.sentiment])).toEqual([
      ['1', 'positive'],
      ['2', 'negative'],
      ['3', 'neutral'],
      ['4', expect.stringMatching(/^(positive|neutral|negative)$/)],
    ]);
    expect(rows[2]!.comment).toBe('Which Kubernetes versions are supported?\n\nWe run 1.29.');
    for (const r of rows) {
      const sum = Number(r.score_positive) + Number(r.score_neutral) + Number(r.score_negative);
      expect(sum).toBeCloseTo(1, 3);
    }
    const printed = log.mock.calls.map((c) => String(c[0])).join('\n');
    expect(printed).toContain('4 rows scored by local-sentiment-v2');
    expect(printed).toContain('macro-F1 1.000');
    expect(printed).toContain('1 rows without a positive/neutral/negative label left out');
  });

  it('fails with a clear message when the text column does not exist', async () => {
    const dir = await tempDir('cli-sentiment');
    const input = path.join(dir, 'in.csv');
    await writeFile(input, 'id,body\n1,hello\n');
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);

    const code = await run(
      'sentiment',
      '--in',
      input,
      '--text-column',
      'text',
      '--out',
      path.join(dir, 'out.csv'),
    );

    expect(code).toBe(1);
    expect(stderr.mock.calls.map((c) => String(c[0])).join('')).toContain(
      'No text column "text"; the columns are: id, body',
    );
  });
});

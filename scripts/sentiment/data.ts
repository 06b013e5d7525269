import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { LABELS, type SentimentLabel } from '../../shared/sentiment/model.ts';
import type { LabelledText } from '../../shared/sentiment/train.ts';

/** Where the labelled data lives unless a path is given: beside the project, as in the dev setup. */
export const DEFAULT_DATA_DIR = path.resolve(import.meta.dirname, '../../../shared/data/sentiment');
/** The shipped model: its name is the analyzer name stored with every score. */
export const MODEL_NAME = 'local-sentiment-v2';
export const MODEL_FILE = path.resolve(
  import.meta.dirname,
  `../../shared/sentiment/model/${MODEL_NAME}.json`,
);

export interface SentimentData {
  /** GitHub pull-request and commit comments (Novielli et al., MSR 2020). */
  readonly github: LabelledText[];
  /** Stack Overflow posts (Senti4SD gold standard), with the official train/test split. */
  readonly stackoverflow: (LabelledText & { readonly split: string })[];
}

const isLabel = (value: string): value is SentimentLabel => (LABELS as readonly string[]).includes(value);

async function readRows(file: string): Promise<Record<string, string>[]> {
  return parse(await readFile(file), { columns: true, bom: true, skip_empty_lines: true }) as Record<
    string,
    string
  >[];
}

function labelled(rows: Record<string, string>[], file: string, source: string) {
  return rows.map((row, i) => {
    const label = row.label ?? '';
    if (!isLabel(label)) throw new Error(`${file}: row ${i + 2} has label "${label}"`);
    return { text: row.text ?? '', label, source, split: row.split ?? '' };
  });
}

/** Reads `github_dev.csv` and `stackoverflow_senti4sd.csv` from the data folder. */
export async function loadSentimentData(dir: string = DEFAULT_DATA_DIR): Promise<SentimentData> {
  const githubFile = path.join(dir, 'github_dev.csv');
  const soFile = path.join(dir, 'stackoverflow_senti4sd.csv');
  const [github, stackoverflow] = await Promise.all([readRows(githubFile), readRows(soFile)]);
  return {
    github: labelled(github, githubFile, 'github').map(({ text, label, source }) => ({
      text,
      label,
      source,
    })),
    stackoverflow: labelled(stackoverflow, soFile, 'stackoverflow'),
  };
}

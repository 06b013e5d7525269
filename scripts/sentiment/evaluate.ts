/**
 * `npm run eval:sentiment [-- --data <dir>] [--folds 5] [--seed 1] [--quick]`: how good and how fast
 * the sentiment model is, measured so that no test text is seen in training or tuning.
 *
 * 1. GitHub, nested cross-validation: each of `folds` stratified folds of the GitHub texts is held
 *    out in turn; the model trains on all Stack Overflow texts plus the other GitHub folds, with
 *    hyperparameters chosen by a 3-fold cross-validation inside that training part only.
 * 2. Stack Overflow only → all GitHub texts (cross-platform, hyperparameters tuned on Stack Overflow).
 * 3. Stack Overflow's official split, train → test (comparable with the Senti4SD paper).
 * 4. The shipped model: load time and single-threaded throughput.
 *
 * `--quick` skips the inner search and uses the shipped model's hyperparameters in every fold (they
 * were chosen on all GitHub texts, so the figure is slightly optimistic); for a fast check.
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { ModelTextAnalyzer, shippedSentimentModel } from '../../shared/adapters/local/model-text-analyzer.ts';
import { type Metrics, meanSd } from '../../shared/sentiment/evaluate.ts';
import { LABELS, SentimentModel } from '../../shared/sentiment/model.ts';
import {
  crossValidate,
  evaluateModel,
  type FoldResult,
  fitModel,
  type Hyperparameters,
  selectHyperparameters,
} from '../../shared/sentiment/protocol.ts';
import { cachedFeaturizer, type LabelledText } from '../../shared/sentiment/train.ts';
import { DEFAULT_DATA_DIR, loadSentimentData, MODEL_FILE } from './data.ts';

const { values } = parseArgs({
  options: {
    data: { type: 'string', default: DEFAULT_DATA_DIR },
    folds: { type: 'string', default: '5' },
    seed: { type: 'string', default: '1' },
    quick: { type: 'boolean', default: false },
  },
});
const folds = Number(values.folds);
const seed = Number(values.seed);
const { github, stackoverflow } = await loadSentimentData(values.data);
const featurize = cachedFeaturizer();
const f3 = (x: number) => x.toFixed(3);
const pm = (xs: readonly number[]) => {
  const { mean, sd } = meanSd(xs);
  return `${f3(mean)} ± ${f3(sd)}`;
};
const hp = (h: Hyperparameters) => `l2=${h.l2} targetWeight=${h.targetWeight}`;
const tune = (extra: readonly LabelledText[]) => (train: readonly LabelledText[]) =>
  selectHyperparameters(train, extra, { folds: 3, seed, featurize }).best;

function printMetrics(m: Metrics, indent = '  '): void {
  console.log(`${indent}macro-F1 ${f3(m.macroF1)}, accuracy ${f3(m.accuracy)}`);
  for (const l of LABELS) {
    const c = m.perClass[l];
    console.log(
      `${indent}${l.padEnd(9)} F1 ${f3(c.f1)}  precision ${f3(c.precision)}  recall ${f3(c.recall)}  (n=${c.support})`,
    );
  }
}

function printFolds(results: readonly FoldResult[]): void {
  console.log(
    `  macro-F1 ${pm(results.map((r) => r.metrics.macroF1))} (mean ± sd over ${results.length} folds)`,
  );
  console.log(`  per fold: ${results.map((r) => f3(r.metrics.macroF1)).join(' ')}`);
  for (const l of LABELS) {
    const f1 = pm(results.map((r) => r.metrics.perClass[l].f1));
    const p = pm(results.map((r) => r.metrics.perClass[l].precision));
    const r = pm(results.map((x) => x.metrics.perClass[l].recall));
    console.log(`  ${l.padEnd(9)} F1 ${f1}  precision ${p}  recall ${r}`);
  }
  console.log(`  accuracy ${pm(results.map((r) => r.metrics.accuracy))}`);
  console.log(`  hyperparameters per fold: ${results.map((r) => hp(r.hyperparameters)).join('; ')}`);
  console.log(
    '  confusion, all folds pooled (rows: label, columns: predicted negative / neutral / positive):',
  );
  for (const actual of LABELS) {
    const row = LABELS.map((p) => results.reduce((n, r) => n + r.metrics.confusion[actual][p], 0));
    console.log(`    ${actual.padEnd(9)} ${row.map((n) => String(n).padStart(5)).join(' ')}`);
  }
}

const shipped = shippedSentimentModel();
const shippedHp = shipped.about.hyperparameters as { l2: number; githubWeight: number } | undefined;
const progress = (label: string) => (done: number) =>
  process.stderr.write(`${label}: fold ${done}/${folds}\n`);

console.log(`Sentiment model evaluation — data: ${values.data}`);
console.log(
  `GitHub ${github.length} texts, Stack Overflow ${stackoverflow.length} texts; model features as in ${shipped.name}\n`,
);

console.log(
  `1. GitHub, ${folds}-fold cross-validation (train: all Stack Overflow + the other GitHub folds; ${
    values.quick
      ? "the shipped model's hyperparameters"
      : 'hyperparameters by 3-fold CV inside each training part'
  })`,
);
const fixed = shippedHp && { l2: shippedHp.l2, targetWeight: shippedHp.githubWeight };
let started = performance.now();
const githubCv = crossValidate(
  github,
  stackoverflow,
  values.quick && fixed ? () => fixed : tune(stackoverflow),
  {
    folds,
    seed,
    featurize,
    onFold: progress('GitHub CV'),
  },
);
printFolds(githubCv);
console.log(`  (${((performance.now() - started) / 1000).toFixed(0)} s)\n`);

const tuning = (on: string) => (values.quick ? "shipped model's l2" : `tuned by 3-fold CV on ${on}`);
console.log(
  `2. Stack Overflow only → GitHub (train: all Stack Overflow; test: all GitHub; ${tuning('Stack Overflow')})`,
);
const soOnlyHp = values.quick && fixed ? { ...fixed, targetWeight: 1 } : tune([])(stackoverflow);
printMetrics(
  evaluateModel(
    SentimentModel.fromJSON(fitModel(stackoverflow, 'stackoverflow', soOnlyHp, { featurize })),
    github,
  ),
);
console.log(`  hyperparameters: ${hp(soOnlyHp)}\n`);

console.log(`3. Stack Overflow official split (train → test; ${tuning('the training split')})`);
const soTrain = stackoverflow.filter((t) => t.split === 'train');
const soTest = stackoverflow.filter((t) => t.split === 'test');
const splitHp = values.quick && fixed ? { ...fixed, targetWeight: 1 } : tune([])(soTrain);
printMetrics(
  evaluateModel(SentimentModel.fromJSON(fitModel(soTrain, 'stackoverflow', splitHp, { featurize })), soTest),
);
console.log(`  hyperparameters: ${hp(splitHp)}\n`);

console.log(`4. Shipped model ${shipped.name}: ${shipped.featureCount} features`);
const texts = [...github, ...stackoverflow].map((t) => t.text);
const file = await readFile(MODEL_FILE, 'utf8');
started = performance.now();
const loaded = SentimentModel.fromJSON(JSON.parse(file));
console.log(
  `  ${MODEL_FILE}: ${(file.length / 1024).toFixed(0)} KiB, loaded (parse + build) in ${(performance.now() - started).toFixed(1)} ms`,
);
/** Documents per second on one thread, over at least two seconds after a warm-up pass. */
async function throughput(score: (batch: readonly string[]) => unknown): Promise<number> {
  await score(texts);
  let done = 0;
  const start = performance.now();
  while (performance.now() - start < 2000) {
    await score(texts);
    done += texts.length;
  }
  return done / ((performance.now() - start) / 1000);
}
const analyzer = new ModelTextAnalyzer(loaded);
const docs = texts.map((text, i) => ({ id: String(i), text }));
const sentimentOnly = await throughput((batch) => batch.map((t) => loaded.predict(t)));
const full = await throughput(() => analyzer.analyze(docs));
console.log(
  `  single thread, ${texts.length} labelled texts (median ${texts.map((t) => t.length).sort((a, b) => a - b)[texts.length >> 1]} characters):`,
);
console.log(`    sentiment only:                         ${Math.round(sentimentOnly)} documents/s`);
console.log(`    full analysis (+ key phrases, language): ${Math.round(full)} documents/s`);

/**
 * `npm run train:sentiment [-- --data <dir>] [--out <file>]`: trains the shipped sentiment model.
 *
 * Hyperparameters are chosen by 5-fold cross-validation on the GitHub texts (Stack Overflow always
 * in training), then the model is trained on everything and written as JSON. Deterministic: the
 * same data gives the same file. Its honest accuracy is what `npm run eval:sentiment` measures.
 */
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { LABELS } from '../../shared/sentiment/model.ts';
import { fitModel, selectHyperparameters } from '../../shared/sentiment/protocol.ts';
import { cachedFeaturizer } from '../../shared/sentiment/train.ts';
import { DEFAULT_DATA_DIR, loadSentimentData, MODEL_FILE, MODEL_NAME } from './data.ts';

const { values } = parseArgs({
  options: {
    data: { type: 'string', default: DEFAULT_DATA_DIR },
    out: { type: 'string', default: MODEL_FILE },
  },
});
const started = performance.now();
const { github, stackoverflow } = await loadSentimentData(values.data);
const featurize = cachedFeaturizer();
const selection = selectHyperparameters(github, stackoverflow, { folds: 5, seed: 1, featurize });
for (const row of selection.table)
  console.error(
    `l2=${row.hyperparameters.l2} githubWeight=${row.hyperparameters.targetWeight}: CV macro-F1 ${row.macroF1.toFixed(3)}`,
  );
const counts = (texts: readonly { label: string }[]) =>
  Object.fromEntries(LABELS.map((l) => [l, texts.filter((t) => t.label === l).length]));
const model = fitModel([...stackoverflow, ...github], 'github', selection.best, {
  name: MODEL_NAME,
  featurize,
  about: {
    kind: 'multinomial logistic regression (L-BFGS) on word, negation-marked word and bigram features of cleaned text, plus pooled opinion-word and emoticon cues',
    trainedOn: {
      github: {
        source: 'Novielli et al., MSR 2020, GitHub gold standard (sample), CC BY 4.0',
        ...counts(github),
      },
      stackoverflow: {
        source: 'Calefato et al., EMSE 2018, Senti4SD gold standard, MIT',
        ...counts(stackoverflow),
      },
    },
    hyperparameters: { l2: selection.best.l2, githubWeight: selection.best.targetWeight },
    selectedBy: '5-fold cross-validation on the GitHub texts, Stack Overflow always in training',
    evaluation: 'npm run eval:sentiment',
  },
});
await writeFile(values.out, `${JSON.stringify(model, null, 2)}\n`);
const features = model.features.split('\n').length;
console.error(
  `Wrote ${values.out}: ${features} features, ${(JSON.stringify(model).length / 1024).toFixed(0)} KiB, in ${((performance.now() - started) / 1000).toFixed(0)} s`,
);

import type { Sentiment, TextAnalysis, TextAnalyzer, TextDocument } from '../../ports/text-analyzer.ts';

/**
 * The embedded text analyzer: a placeholder until a trained model lands. A small lexicon tuned for
 * developer text (GitHub issues, Slack threads, survey comments) with negation and intensifiers,
 * and frequency-ranked key phrases. It strips code, URLs and stack traces first, because in GitHub
 * text those words ("error", "fail", "kill") describe the code, not the writer's mood.
 *
 * What it is not: it knows English only, misses sarcasm and domain idioms, and its scores are
 * squashed valence sums, not calibrated probabilities.
 */

/** Valence of positive words, emoji shortcodes and emoji (variation selectors and skin tones removed). */
/** Own-property lookup: a word like `__proto__` or `constructor` must not reach Object.prototype. */
const weight = (table: Readonly<Record<string, number>>, word: string): number | undefined =>
  Object.hasOwn(table, word) ? table[word] : undefined;

const POSITIVE: Readonly<Record<string, number>> = {
  thanks: 2,
  thank: 2,
  thx: 2,
  ty: 1,
  great: 2,
  awesome: 3,
  amazing: 3,
  love: 3,
  loving: 3,
  excellent: 3,
  nice: 2,
  perfect: 3,
  good: 1,
  cool: 2,
  helpful: 2,
  works: 1,
  working: 1,
  worked: 1,
  fixed: 1,
  solved: 2,
  resolved: 1,
  easy: 2,
  smooth: 2,
  fast: 1,
  impressive: 3,
  appreciate: 2,
  appreciated: 2,
  glad: 2,
  happy: 2,
  lgtm: 2,
  congrats: 3,
  kudos: 3,
  brilliant: 3,
  fantastic: 3,
  wonderful: 3,
  neat: 2,
  elegant: 2,
  simple: 1,
  clean: 1,
  useful: 2,
  '+1': 1,
  ':tada:': 2,
  ':heart:': 2,
  ':rocket:': 2,
  ':+1:': 1,
  ':thumbsup:': 1,
  ':pray:': 2,
  ':clap:': 2,
  ':smile:': 2,
  ':slightly_smiling_face:': 1,
  ':raised_hands:': 2,
  ':100:': 2,
  '🎉': 2,
  '🥳': 2,
  '❤': 2,
  '🚀': 2,
  '👍': 1,
  '🙏': 2,
  '👏': 2,
  '🙌': 2,
  '💯': 2,
  '😀': 2,
  '😃': 2,
  '😄': 2,
  '😊': 2,
  '🙂': 1,
};
const NEGATIVE: Readonly<Record<string, number>> = {
  broken: 2,
  bug: 1,
  crash: 2,
  crashes: 2,
  crashed: 2,
  crashing: 2,
  fails: 1,
  failing: 1,
  failed: 1,
  failure: 1,
  error: 1,
  errors: 1,
  wrong: 2,
  bad: 2,
  terrible: 3,
  awful: 3,
  horrible: 3,
  hate: 3,
  annoying: 2,
  frustrating: 3,
  frustrated: 3,
  slow: 2,
  stuck: 2,
  confusing: 2,
  confused: 2,
  useless: 3,
  disappointed: 3,
  disappointing: 3,
  unusable: 3,
  painful: 2,
  ugly: 2,
  worse: 2,
  worst: 3,
  regression: 2,
  leak: 2,
  oom: 2,
  hang: 2,
  hangs: 2,
  problem: 1,
  missing: 1,
  unfortunately: 2,
  sadly: 2,
  impossible: 2,
  nightmare: 3,
  ridiculous: 3,
  ':disappointed:': 2,
  ':angry:': 3,
  ':rage:': 3,
  ':cry:': 2,
  ':sob:': 2,
  ':thumbsdown:': 2,
  ':-1:': 2,
  '😞': 2,
  '😢': 2,
  '😭': 2,
  '🙁': 1,
  '☹': 2,
  '😡': 3,
  '😠': 3,
  '👎': 2,
};
const NEGATORS = new Set([
  'not',
  'no',
  'never',
  "don't",
  'dont',
  "doesn't",
  'doesnt',
  "isn't",
  'isnt',
  "aren't",
  "wasn't",
  "can't",
  'cant',
  'cannot',
  "won't",
  'wont',
  "didn't",
  'didnt',
  "couldn't",
  'without',
  'hardly',
]);
const INTENSIFIERS: Readonly<Record<string, number>> = {
  very: 1.5,
  really: 1.5,
  so: 1.3,
  extremely: 2,
  super: 1.5,
  totally: 1.5,
  completely: 1.5,
  incredibly: 2,
  absolutely: 1.5,
};
/** Multi-word patterns the word lexicon would miss or misread, on lowercased prose. */
const PHRASES: readonly (readonly [RegExp, number])[] = [
  [/\b(does ?n[o']?t|did ?n[o']?t|do ?n[o']?t|is ?n[o']?t|not|never|stopped) work(ing|s|ed)?\b/g, -2.5],
  [/\bstill (broken|failing|not working|crash\w*)\b/g, -2],
  [/\bworks? (great|perfectly|like a charm|fine|well)\b/g, 2.5],
  [/\bout of the box\b/g, 1.5],
  [/\bwould be (great|nice|awesome|helpful)\b/g, 0],
];
const STOPWORDS = new Set(
  `a an the and or but if then else when at by for with about against between into through during
  before after above below to from up down in out on off over under again further once here there all
  any both each few more most other some such no nor not only own same so than too very can will just
  don should now is are was were be been being have has had having do does did doing i me my we our
  you your he him his she her it its they them their what which who whom this that these those am
  would could also get got use using used please thanks thank hi hello hey lgtm let one like how
  really keeps make made still issue issues anyone someone something way thing things need needs want
  wants try tried trying see seems`.split(/\s+/),
);
/** Common English function words: a text of several words with none of them is not English. */
const ENGLISH_MARKERS = new Set(
  'the is are to and of in it for on with this that not i we you be was have has do does can'.split(' '),
);

/** Removes what is not prose: code, URLs, HTML comments, stack-trace and log lines, quoted replies. */
export function stripNonProse(text: string): string {
  return text
    .replace(/<!--[\s\S]*?(-->|$)/g, ' ')
    .replace(/```[\s\S]*?(```|$)/g, ' ')
    .replace(/`[^`\n]*`/g, ' ')
    .replace(/\bhttps?:\/\/\S+/g, ' ')
    .split('\n')
    .filter(
      (line) =>
        !/^\s*(>|at\s+[\w$.<>]+\(|at\s+\S+:\d+|\w+(\.\w+)+(Exception|Error)\b|Traceback \(most recent|File "[^"]+", line \d+|goroutine \d+ \[|panic:|\S+\.go:\d+|\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}|(ERROR|WARN|WARNING|INFO|DEBUG|TRACE|FATAL)\b|\$ |#{1,6}\s)/.test(
          line,
        ),
    )
    .join('\n');
}

/** Lowercase, typographic apostrophes made plain, emoji variation selectors and skin tones dropped. */
const normalise = (text: string): string =>
  text
    .toLowerCase()
    .replace(/[\u2018\u2019\u02bc]/g, "'")
    .replace(/[\ufe0f\u{1f3fb}-\u{1f3ff}]/gu, '');

const TOKEN = /:[a-z0-9_+-]+:|\+1(?!\d)|[\p{L}\p{N}'_-]+|\p{Extended_Pictographic}/gu;
const SENTENCE = /[.!?;\n]+/;

/** Key phrases: the most frequent 1–3-word runs of content words, longest first on ties. */
export function keyPhrases(text: string, limit = 5): string[] {
  const counts = new Map<string, number>();
  for (const sentence of normalise(text).split(/[.!?;:\n,()"[\]{}]+/)) {
    const words = (sentence.match(/\p{L}[\p{L}\p{N}.+#-]*[\p{L}\p{N}+#]|\p{L}/gu) ?? []).filter(
      (w) => w.length > 2,
    );
    let run: string[] = [];
    const flush = () => {
      for (let n = Math.min(3, run.length); n >= 1; n--) {
        for (let i = 0; i + n <= run.length; i++) {
          const phrase = run.slice(i, i + n).join(' ');
          // Longer phrases weigh more: "gateway collector" twice beats "gateway" and "collector" apart.
          counts.set(phrase, (counts.get(phrase) ?? 0) + n);
        }
      }
      run = [];
    };
    for (const word of words) {
      // Stopwords and opinion words end a run: what is left is mostly nouns and their modifiers.
      if (STOPWORDS.has(word) || weight(NEGATIVE, word) !== undefined || weight(POSITIVE, word) !== undefined)
        flush();
      else run.push(word);
    }
    flush();
  }
  const ranked = [...counts.entries()].sort(
    (a, b) => b[1] - a[1] || b[0].split(' ').length - a[0].split(' ').length || a[0].localeCompare(b[0]),
  );
  const chosen: string[] = [];
  for (const [phrase] of ranked) {
    if (chosen.some((c) => c.includes(phrase))) continue;
    chosen.push(phrase);
    if (chosen.length === limit) break;
  }
  return chosen;
}

/** Scores one text: a signed valence sum, squashed into positive / negative / neutral / mixed shares. */
export function scoreText(text: string): { sentiment: Sentiment; scores: TextAnalysis['scores'] } {
  const prose = normalise(stripNonProse(text));
  let positive = 0;
  let negative = 0;
  for (const [pattern, weight] of PHRASES) {
    const hits = prose.match(pattern)?.length ?? 0;
    if (weight > 0) positive += hits * weight;
    else negative -= hits * weight;
  }
  // Negation and intensifiers reach back three words, within the sentence.
  for (const sentence of prose.split(SENTENCE)) {
    const tokens = sentence.match(TOKEN) ?? [];
    for (let i = 0; i < tokens.length; i++) {
      const token = tokens[i]!;
      const pos = weight(POSITIVE, token) ?? 0;
      const neg = weight(NEGATIVE, token) ?? 0;
      if (pos === 0 && neg === 0) continue;
      let negated = false;
      let boost = 1;
      for (let j = Math.max(0, i - 3); j < i; j++) {
        if (NEGATORS.has(tokens[j]!)) negated = true;
        boost *= weight(INTENSIFIERS, tokens[j]!) ?? 1;
      }
      if (negated) {
        // "not great" is about as negative as "great" is positive; "not bad" is only mildly positive.
        positive += neg * 0.5 * boost;
        negative += pos * boost;
      } else {
        positive += pos * boost;
        negative += neg * boost;
      }
    }
  }
  const exclaim = prose.includes('!') ? 1.2 : 1;
  positive *= exclaim;
  negative *= exclaim;
  const strength = positive + negative;
  const neutral = Math.exp(-strength / 2.5);
  const mixedness = strength === 0 ? 0 : (2 * Math.min(positive, negative)) / strength;
  const opinion = 1 - neutral;
  const mixed = opinion * mixedness * 0.6;
  const rest = opinion - mixed;
  const pShare = strength === 0 ? 0.5 : positive / strength;
  const scores = { positive: rest * pShare, negative: rest * (1 - pShare), neutral, mixed };
  const sentiment = (Object.entries(scores) as [Sentiment, number][]).reduce((a, b) =>
    b[1] > a[1] ? b : a,
  )[0];
  return { sentiment, scores };
}

/**
 * `en` when the prose is mostly ASCII Latin letters and, past a few words, has English function
 * words; otherwise null ("could not tell"). Deliberately crude: it only has to route and label.
 */
export function detectLanguage(text: string): string | null {
  const prose = stripNonProse(text);
  const letters = prose.match(/\p{L}/gu)?.length ?? 0;
  if (letters < 3) return null;
  const ascii = prose.match(/[A-Za-z]/g)?.length ?? 0;
  if (ascii / letters < 0.9) return null;
  const words = normalise(prose).match(/[a-z']+/g) ?? [];
  if (words.length >= 5 && !words.some((w) => ENGLISH_MARKERS.has(w))) return null;
  return 'en';
}

/** The local text analyzer (deterministic, in-process, > 5,000 documents per second). */
export class LexiconTextAnalyzer implements TextAnalyzer {
  readonly name = 'local-lexicon-v1';

  async analyze(documents: readonly TextDocument[]): Promise<TextAnalysis[]> {
    return documents.map((doc) => {
      const { sentiment, scores } = scoreText(doc.text);
      return {
        id: doc.id,
        language: detectLanguage(doc.text),
        sentiment,
        scores,
        keyPhrases: keyPhrases(stripNonProse(doc.text)),
        analyzer: this.name,
      };
    });
  }
}

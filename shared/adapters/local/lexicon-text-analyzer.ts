import type { Sentiment, TextAnalysis, TextAnalyzer, TextDocument } from '../../ports/text-analyzer.ts';

/**
 * The embedded text analyzer: a developer-text-aware lexicon with negation and intensifiers, and
 * frequency-ranked key phrases. It strips code, URLs and stack traces first, because in GitHub
 * text those words ("error", "fail", "kill") describe the code, not the writer's mood.
 */
const POSITIVE: Record<string, number> = {
  thanks: 2,
  thank: 2,
  thx: 2,
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
  '🎉': 2,
  '❤️': 2,
  '🚀': 2,
  '👍': 1,
  '🙏': 2,
};
const NEGATIVE: Record<string, number> = {
  broken: 2,
  bug: 1,
  crash: 2,
  crashes: 2,
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
  issue: 0,
  missing: 1,
  unfortunately: 2,
  sadly: 2,
  impossible: 2,
  nightmare: 3,
  ridiculous: 3,
  ':disappointed:': 2,
  ':angry:': 3,
  '😞': 2,
  '😡': 3,
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
  "can't",
  'cant',
  'cannot',
  "won't",
  'wont',
  "didn't",
  'didnt',
  'without',
]);
const INTENSIFIERS: Record<string, number> = {
  very: 1.5,
  really: 1.5,
  so: 1.3,
  extremely: 2,
  super: 1.5,
  totally: 1.5,
  completely: 1.5,
};
const PHRASES: [RegExp, number][] = [
  [/\b(does ?n[o']?t|did ?n[o']?t|not) work(ing|s)?\b/g, -2.5],
  [/\bstill (broken|failing|not working|crash\w*)\b/g, -2],
  [/\bworks? (great|perfectly|like a charm|fine|well)\b/g, 2.5],
  [/\bwould be (great|nice|awesome|helpful)\b/g, 0],
];
const STOPWORDS = new Set(
  'a an the and or but if then else when at by for with about against between into through during before after above below to from up down in out on off over under again further once here there all any both each few more most other some such no nor not only own same so than too very can will just don should now is are was were be been being have has had having do does did doing i me my we our you your he him his she her it its they them their what which who whom this that these those am would could also get got use using used please thanks thank hi hello hey lgtm let one like how really keeps make made still also'.split(
    ' ',
  ),
);

/** Removes what is not prose: fenced and inline code, URLs, stack-trace and log lines, quoted replies. */
export function stripNonProse(text: string): string {
  return text
    .replace(/```[\s\S]*?(```|$)/g, ' ')
    .replace(/`[^`\n]*`/g, ' ')
    .replace(/https?:\/\/\S+/g, ' ')
    .split('\n')
    .filter(
      (line) =>
        !/^\s*(>|at\s+[\w$.<>]+\(|\w+(\.\w+)+(Exception|Error)\b|\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}|(ERROR|WARN|INFO|DEBUG)\b|#{1,6}\s)/.test(
          line,
        ),
    )
    .join('\n');
}

const tokenize = (text: string): string[] =>
  text.toLowerCase().match(/:[a-z_+-]+:|[+]1|[\p{L}\p{N}'_-]+|[\p{Extended_Pictographic}]/gu) ?? [];

/** Key phrases: the most frequent 1–3-word runs of content words, longest first on ties. */
export function keyPhrases(text: string, limit = 5): string[] {
  const counts = new Map<string, number>();
  const sentences = text.toLowerCase().split(/[.!?;:\n,()]+/);
  for (const sentence of sentences) {
    const words = (sentence.match(/[\p{L}][\p{L}\p{N}.+#-]*[\p{L}\p{N}+#]|[\p{L}]/gu) ?? []).filter(
      (w) => w.length > 2,
    );
    let run: string[] = [];
    const flush = () => {
      for (let n = Math.min(3, run.length); n >= 1; n--) {
        for (let i = 0; i + n <= run.length; i++) {
          const phrase = run.slice(i, i + n).join(' ');
          counts.set(phrase, (counts.get(phrase) ?? 0) + n);
        }
      }
      run = [];
    };
    for (const word of words) {
      if (STOPWORDS.has(word) || NEGATIVE[word] !== undefined || POSITIVE[word] !== undefined) flush();
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

/** Scores one text: a signed valence sum, squashed into positive / negative / neutral / mixed probabilities. */
export function scoreText(text: string): { sentiment: Sentiment; scores: TextAnalysis['scores'] } {
  const prose = stripNonProse(text);
  const lower = prose.toLowerCase();
  let positive = 0;
  let negative = 0;
  for (const [pattern, weight] of PHRASES) {
    const hits = lower.match(pattern)?.length ?? 0;
    if (weight > 0) positive += hits * weight;
    else negative -= hits * weight;
  }
  const tokens = tokenize(lower);
  tokens.forEach((token, i) => {
    const pos = POSITIVE[token] ?? 0;
    const neg = NEGATIVE[token] ?? 0;
    if (pos === 0 && neg === 0) return;
    const window = tokens.slice(Math.max(0, i - 3), i);
    const negated = window.some((w) => NEGATORS.has(w));
    const boost = window.reduce((b, w) => b * (INTENSIFIERS[w] ?? 1), 1);
    if (negated) {
      // "not bad" leans positive, "not great" leans negative — both weaker than the plain word.
      positive += neg * 0.5 * boost;
      negative += pos * 0.8 * boost;
    } else {
      positive += pos * boost;
      negative += neg * boost;
    }
  });
  const exclaim = (prose.match(/!/g)?.length ?? 0) > 0 ? 1.2 : 1;
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

/** A rough Latin-script check: enough ASCII letters and common English words means `en`. */
function detectLanguage(text: string): string | null {
  const letters = text.match(/\p{L}/gu)?.length ?? 0;
  if (letters < 3) return null;
  const ascii = text.match(/[A-Za-z]/g)?.length ?? 0;
  return ascii / letters > 0.9 ? 'en' : null;
}

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

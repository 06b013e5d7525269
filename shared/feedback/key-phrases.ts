import { wordPolarity } from '../sentiment/lexicon.ts';
import { cleanDeveloperText } from './clean-text.ts';

/**
 * Words that end a candidate phrase: English function words, the verbs and fillers of support
 * threads ("tried", "seems", "please"), and opinion words ("great", "annoying"), which say how the
 * writer feels about a thing rather than name it.
 */
const STOPWORDS = new Set(
  `a an the and or but if then else when while at by for with about against between into through during
  before after above below to from up down in out on off over under again further once here there all
  any both each few more most other some such no nor not only own same so than too very can will just
  don should now is are was were be been being have has had having do does did doing i me my we our us
  you your he him his she her it its they them their what which who whom whose this that these those
  am would could might must shall may also get gets got getting use uses using used please hi hello
  hey let lets one like how why where really keep keeps make makes made still issue issues anyone
  someone something anything everything nothing way thing things need needs needed want wants wanted
  try tried trying see seems seem seemed think know go going went come comes say says said look looks
  looking work works worked working well much many lot lots bit yes yeah ok okay sure maybe actually
  already even ever every new same instead though although because since until unless whether able
  yet again around right now today yesterday currently always never sometimes another etc e.g i.e
  i'm i've i'd i'll it's that's there's we're we've you're don't doesn't didn't can't cannot isn't
  aren't wasn't won't`.split(/\s+/),
);
/** A word as developers write them: `node.js`, `c++`, `c#`, `auto-instrumentation`, `k8s`. */
const WORD = /\p{L}[\p{L}\p{N}.+#'-]*[\p{L}\p{N}+#]|\p{L}/gu;
/** Phrase boundaries: sentence and clause punctuation, brackets, quotes. */
const BOUNDARY = /[.!?;:,()[\]{}"“”\n]+(?:\s|$)|[()[\]{}"“”]/;
const MAX_WORDS = 3;

const isContent = (word: string): boolean =>
  word.length > 1 && !STOPWORDS.has(word) && wordPolarity(word) === 0 && !/^v?\d/.test(word);

/**
 * Key phrases of developer text, RAKE-style (Rose et al., 2010): candidates are runs of content
 * words between stopwords and punctuation (cleaned text: no code, logs or URLs); each word scores
 * its degree over its frequency (words that occur in longer runs score higher), and a 1–3-word
 * phrase scores the sum of its words times how often it occurs. The best phrases are returned,
 * lower-cased, skipping any that overlaps one already chosen (contains it or is contained in it).
 *
 * @example keyPhrases('The gateway collector restarts. Gateway collector memory is too low.')
 *   // ['gateway collector', 'restarts', 'memory']
 */
export function keyPhrases(text: string, limit = 5): string[] {
  const runs: string[][] = [];
  for (const part of cleanDeveloperText(text).toLowerCase().replace(/’/g, "'").split(BOUNDARY)) {
    let run: string[] = [];
    for (const word of part.match(WORD) ?? []) {
      if (isContent(word)) run.push(word);
      else if (run.length > 0) {
        runs.push(run);
        run = [];
      }
    }
    if (run.length > 0) runs.push(run);
  }

  const frequency = new Map<string, number>();
  const degree = new Map<string, number>();
  for (const run of runs) {
    for (const word of run) {
      frequency.set(word, (frequency.get(word) ?? 0) + 1);
      degree.set(word, (degree.get(word) ?? 0) + Math.min(run.length, MAX_WORDS));
    }
  }
  const wordScore = (word: string) => degree.get(word)! / frequency.get(word)!;

  const counts = new Map<string, number>();
  for (const run of runs)
    for (let n = 1; n <= Math.min(MAX_WORDS, run.length); n++)
      for (let i = 0; i + n <= run.length; i++) {
        const phrase = run.slice(i, i + n).join(' ');
        counts.set(phrase, (counts.get(phrase) ?? 0) + 1);
      }
  const ranked = [...counts].map(([phrase, count]) => ({
    phrase,
    score: count * phrase.split(' ').reduce((s, w) => s + wordScore(w), 0),
  }));
  ranked.sort((a, b) => b.score - a.score || (a.phrase < b.phrase ? -1 : 1));

  const chosen: string[] = [];
  const padded = (p: string) => ` ${p} `;
  for (const { phrase } of ranked) {
    if (chosen.length === limit) break;
    if (chosen.some((c) => padded(c).includes(padded(phrase)) || padded(phrase).includes(padded(c))))
      continue;
    chosen.push(phrase);
  }
  return chosen;
}

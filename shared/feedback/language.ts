import { cleanDeveloperText } from './clean-text.ts';

/** Common English function words: a text of several words with none of them is not English. */
const ENGLISH_MARKERS = new Set(
  'the is are to and of in it for on with this that not i we you be was have has do does can'.split(' '),
);

/**
 * `en` when the prose (code and logs removed) is mostly ASCII Latin letters and, past a few words,
 * has English function words; otherwise null ("could not tell"). Deliberately crude: it only has to
 * route and label, and the local sentiment model knows English only.
 *
 * @example detectLanguage('LGTM') // 'en'
 */
export function detectLanguage(text: string): string | null {
  const prose = cleanDeveloperText(text);
  const letters = prose.match(/\p{L}/gu)?.length ?? 0;
  if (letters < 3) return null;
  const ascii = prose.match(/[A-Za-z]/g)?.length ?? 0;
  if (ascii / letters < 0.9) return null;
  const words = prose.toLowerCase().match(/[a-z']+/g) ?? [];
  if (words.length >= 5 && !words.some((w) => ENGLISH_MARKERS.has(w))) return null;
  return 'en';
}

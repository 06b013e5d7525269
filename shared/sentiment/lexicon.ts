/**
 * Prior polarity of common opinion words in developer talk. The model learns its own weight for
 * each word; these lists only pool rare words and emoticons into shared cues (`m:pos`, `m:neg`,
 * `m:emo+`, `m:emo-`) that a few thousand training texts can estimate well. Technical words that
 * sound negative ("error", "fail", "bug", "kill") are deliberately absent: in code review they
 * describe the code, not the writer.
 */
const POSITIVE_WORDS = new Set(
  `thanks thank thx ty tnx great awesome amazing love loving loved lovely excellent nice perfect good cool
  helpful glad happy appreciate appreciated lgtm congrats congratulations kudos brilliant fantastic
  wonderful neat elegant useful impressive beautiful sweet yay haha hah lol hehe woohoo hooray excited
  exciting enjoy enjoyed fun welcome xd pleased cheers superb terrific clever smart handy wow`.split(/\s+/),
);
const NEGATIVE_WORDS = new Set(
  `sorry unfortunately sadly hate hated annoying annoyed annoyance frustrating frustrated terrible awful
  horrible ugly stupid dumb crap crappy damn dammit wtf ffs sucks suck sucked weird insane ridiculous bad
  worse worst useless disappointed disappointing painful nightmare confusing confused angry mad afraid
  scary worried shame sad meh ugh argh oops hell shit fuck fucking bullshit rude silly crazy
  lame screwed mess messy horrible irritating idiot idiotic`.split(/\s+/),
);
const POSITIVE_SYMBOLS = new Set(
  `<3 ^^ ^_^ \\o/ :+1: :thumbsup: :smile: :smiley: :grin: :joy: :laughing: :heart: :heart_eyes: :tada:
  :rocket: :clap: :pray: :raised_hands: :100: :sparkles: :star: :sunglasses: :wink: :blush:
  :slightly_smiling_face: :thumbsup: 👍 🎉 🥳 ❤ 🚀 🙏 👏 🙌 💯 ✨ 😀 😃 😄 😁 😆 😂 🤣 😊 🙂 😉 😍 🥰 😎 ✅`.split(
    /\s+/,
  ),
);
const NEGATIVE_SYMBOLS = new Set(
  `-_- t_t :-1: :thumbsdown: :disappointed: :angry: :rage: :cry: :sob: :confused: :worried: :frowning:
  :cold_sweat: :scream: :facepalm: :unamused: 👎 😞 😢 😭 🙁 ☹ 😡 😠 😤 😩 😫 😕 😟 🤦 💩`.split(/\s+/),
);
const HAPPY_MOUTH = /^(?:[:;=x][-'^o]?[)\]dp*]+|[([]+[-']?[:;=])$/;
const SAD_MOUTH = /^(?:[:;=][-'^o]?[([/\\|@]+|[)\]]+[-']?[:;=])$/;

/** +1, -1 or 0: the prior polarity of an emoticon, emoji or emoji shortcode (normalised). */
export function symbolPolarity(token: string): number {
  if (POSITIVE_SYMBOLS.has(token) || HAPPY_MOUTH.test(token)) return 1;
  if (NEGATIVE_SYMBOLS.has(token) || SAD_MOUTH.test(token)) return -1;
  return 0;
}

/** +1, -1 or 0: the prior polarity of a (lower-case) word. */
export function wordPolarity(word: string): number {
  return POSITIVE_WORDS.has(word) ? 1 : NEGATIVE_WORDS.has(word) ? -1 : 0;
}

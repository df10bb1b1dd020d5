// Real-looking titles for the scale benchmarks, and labelled near-duplicate pairs to plant
// among them. Deterministic (seeded), so every run and every size sees the same words.
//
// Real titles mix a small set of very common words ("AI", "model", "agents", lab names)
// with a long tail of rare ones (method names, model names): common words are drawn often,
// and a 20,000-word tail of made-up words, skewed so that a few hundred of them are common
// too. A method that gives up on common words loses the pairs made of them.

/** mulberry32: a small seeded generator, [0, 1). */
export function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

const COMMON = (
  'AI model models language large learning agents agent reasoning benchmark safety efficient scaling training ' +
  'inference data multimodal vision transformer diffusion reinforcement policy alignment evaluation open weights ' +
  'compute research robust neural network networks generation understanding code math tasks task long context ' +
  'retrieval memory planning tool use chips cluster power frontier release report study deep fast small ' +
  'self supervised fine tuning preference human feedback video speech robot robots world knowledge'
).split(' ');
const LABS = ['OpenAI', 'Anthropic', 'Google DeepMind', 'Meta', 'Mistral', 'xAI', 'Microsoft', 'NVIDIA', 'DeepSeek'];
const VERBS = ['releases', 'announces', 'unveils', 'launches', 'introduces', 'details', 'opens', 'expands'];
const LINKS = ['for', 'with', 'via', 'in', 'of', 'on', 'towards', 'beyond'];
const SYLLABLES = 'ka lo mi tre vex zor qua bri nol sen dra fu pim gal oth rux wen yel cor tam'.split(' ');

/** The n-th made-up word of the long tail: "kalomi", "trevex", … (distinct for n < 8,000). */
export function tailWord(n) {
  const s = SYLLABLES.length;
  return SYLLABLES[n % s] + SYLLABLES[Math.floor(n / s) % s] + SYLLABLES[Math.floor(n / s / s) % s];
}

/** A generator of titles: `next()` gives one, paper-like (60 %) or news-like. */
export function titleMaker(seed) {
  const r = random(seed);
  const pick = (list) => list[Math.floor(r() * list.length)];
  const common = () => COMMON[Math.floor(r() ** 1.5 * COMMON.length)];
  // Skewed: index ~ 8000 × r³, so the first few hundred tail words are in many titles.
  const rare = () => tailWord(Math.floor(r() ** 3 * 8_000));
  const cap = (w) => w[0].toUpperCase() + w.slice(1);
  return () => {
    if (r() < 0.6) {
      const words = [cap(rare()), ':'];
      const n = 3 + Math.floor(r() * 7);
      for (let i = 0; i < n; i++) words.push(i === 2 ? pick(LINKS) : r() < 0.55 ? common() : rare());
      return words.join(' ').replace(' :', ':');
    }
    const version = `${1 + Math.floor(r() * 9)}${r() < 0.5 ? `.${Math.floor(r() * 10)}` : ''}`;
    const rest = Array.from({ length: 1 + Math.floor(r() * 5) }, () => (r() < 0.6 ? common() : rare()));
    return `${pick(LABS)} ${pick(VERBS)} ${cap(rare())}-${version} ${pick(LINKS)} ${rest.join(' ')}`;
  };
}

/**
 * Labelled pairs. `near`: the same title as another source words it — a stopword, plural,
 * punctuation or word order changed (similarity 1 by the README's rules) or one word added
 * to a long title (≥ 0.875); half of them made only of the common words. `apart`: titles
 * that differ only in a version number ("Introducing Kalomi-4.5" / "Introducing Kalomi-5.5",
 * similarity 0.5) or a figure ("100,000 GPUs" / "200,000 GPUs"), which must not be grouped.
 * Each pair gets words of its own (`kN` tags) where needed so that pairs never chain.
 */
export function labelledPairs(count, seed) {
  const r = random(seed);
  const common = () => COMMON[Math.floor(r() * COMMON.length)];
  const near = [];
  const apart = [];
  for (let k = 0; k < count; k++) {
    if (k % 3 === 2) {
      const name = `${tailWord(7_000 + (k % 900))[0].toUpperCase()}${tailWord(7_000 + (k % 900)).slice(1)}${k}`;
      const major = 2 + (k % 7);
      apart.push(
        k % 2
          ? [`Introducing ${name}-${major - 1}.${major}`, `Introducing ${name}-${major}.${major}`]
          : [`${name} builds a cluster of ${major}00,000 GPUs`, `${name} builds a cluster of ${major + 1}00,000 GPUs`],
      );
      continue;
    }
    // Six common words (distinct), or five plus a tag of the pair's own.
    const words = [];
    while (words.length < 6) {
      const w = common();
      if (!words.includes(w) && !words.includes(`${w}s`) && !words.includes(w.replace(/s$/, ''))) words.push(w);
    }
    if (k % 2) words[5] = `k${k}`;
    const a = `${words.slice(0, 3).join(' ')}: ${words.slice(3).join(' ')}`;
    const edits = [
      () => `The ${words.slice(0, 3).join(' ')} - ${words.slice(3).join(' ')}`,
      () => `${words.slice(3).join(' ')}, ${words.slice(0, 3).join(' ')}`,
      () => `${words.slice(0, 3).join(' ')}: ${words.slice(3).join(' ')} ${k % 2 ? 'report' : 'update'} of ${words[0]}`,
    ];
    // The third edit adds one word to six: similarity 6/7, still above the 0.7 default.
    near.push([a, edits[k % 3 === 0 ? 0 : k % 4 === 1 ? 1 : 2]()]);
  }
  return { near, apart };
}

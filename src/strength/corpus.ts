/**
 * The corpus of passwords the estimator is proven equal to zxcvbn-ts on (test/unit/strength.test.ts)
 * and timed on (bench/strength.bench.ts): what we time is what we proved. Built from lists passed in,
 * with a seeded PRNG, so it is the same on every run. Test and bench data: nothing ships it.
 */
export type CorpusCategory =
  'required' | 'common' | 'french' | 'keyboard' | 'date' | 'random' | 'passphrase' | 'sentence' | 'l33t' | 'context';

export interface CorpusEntry {
  category: CorpusCategory;
  password: string;
}

/** The context used with the 'context' category (and for every entry in the equivalence test). */
export const CORPUS_USER_INPUTS = ['jean', 'dupont', 'mairie', 'lyon', 'mairielyon', 'sobremail'];

/** Deterministic PRNG (mulberry32): the corpus must be the same on every run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

export interface CorpusLists {
  /** 'passwords-common', most common first. */
  passwords: readonly string[];
  /** 'commonWords-fr', most common first. */
  frenchWords: readonly string[];
  /** Passphrase words (PASSPHRASE_WORDS.fr / .en). */
  passphraseWords: readonly string[];
  diceware: readonly string[];
}

/** ≥ 200 passwords of 8 to 64 characters across the kinds users type. */
export function buildStrengthCorpus(lists: CorpusLists): CorpusEntry[] {
  const rnd = seededRandom(20240917);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rnd() * items.length)] as T;
  const cap = (w: string) => (w[0] ?? '').toUpperCase() + w.slice(1);
  const out: CorpusEntry[] = [];
  const add = (category: CorpusCategory, password: string) => out.push({ category, password });

  ['Password', 'Azerty01', 'Covid-19', 'azertyuiop', 'Motdepasse1', 'Soleil2024'].forEach((p) => add('required', p));
  ['Password1', 'Azerty2024!', 'covid-19!', 'Azertyuiop1', 'MotDePasse123', 'Soleil2024!'].forEach((p) => add('required', p));

  // The most common passwords themselves, then short ones dressed the usual way.
  lists.passwords
    .filter((p) => p.length >= 8)
    .slice(0, 30)
    .forEach((p) => add('common', p));
  const short = lists.passwords.filter((p) => p.length >= 5 && p.length < 8 && /^[a-z]+$/.test(p)).slice(0, 40);
  const suffixes = ['1', '!', '123', '2024', '01!', '*', '1234', '99'];
  for (let k = 0; k < 30; k += 1) add('common', cap(pick(short)) + pick(suffixes));

  const french = lists.frenchWords.filter((w) => w.length >= 4 && w.length <= 12).slice(0, 20000);
  for (let k = 0; k < 20; k += 1) add('french', cap(pick(french)) + String(1950 + Math.floor(rnd() * 80)));
  for (let k = 0; k < 10; k += 1) add('french', cap(pick(french)) + cap(pick(french)) + String(Math.floor(rnd() * 100)));
  for (let k = 0; k < 10; k += 1) add('french', `${pick(french)}${pick(['!', '?', '.', '@', '#'])}${Math.floor(rnd() * 1000)}`);

  [
    'azertyuiop',
    'qsdfghjklm',
    'wxcvbn123',
    'azerty123',
    'AZERTYuiop',
    'qwertyuiop',
    'asdfghjkl',
    '1qaz2wsx',
    'zxcvbnm1',
    'qwerty123!',
    'azertyazerty',
    'a1z2e3r4t5',
    '&é"\'(-è_çà',
    'azerqsdf',
    'poiuytreza',
    'mlkjhgfdsq',
    '1234567890',
    '0987654321',
    'qazwsxedc',
    'zsxdcfvgbh',
    'Azerty123456',
    'qwertz123',
    'ytrewq321',
    '147258369',
    '789456123',
    'azertyuiopqsdfghjklmwxcvbn',
    'aqwzsxedc',
    'AZERTY2024',
    '!QAZ2wsx',
    'Qwerty!@#',
  ].forEach((p) => add('keyboard', p));

  [
    '14/07/1989',
    '01011990',
    'Marie14071989',
    '25-12-2000',
    '1985-06-12',
    '12.03.1977',
    '31121999',
    'Lucas2012!',
    'Nath19081984',
    '06/06/2006',
    'Juillet1969',
    '2001-09-11',
    'Noel25122023',
    '19700101',
    'Paris2024!!',
    'Lea2010Tom2013',
  ].forEach((p) => add('date', p));
  for (let k = 0; k < 10; k += 1) {
    const d = String(1 + Math.floor(rnd() * 28)).padStart(2, '0');
    const m = String(1 + Math.floor(rnd() * 12)).padStart(2, '0');
    add('date', `${cap(pick(french))}${d}${m}${1940 + Math.floor(rnd() * 85)}`);
  }

  const charsets = [
    'abcdefghijklmnopqrstuvwxyz',
    'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789',
    'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!@#$%^&*()-_=+[]{};:,.<>/?',
    '0123456789',
  ];
  for (const length of [8, 10, 12, 16, 20, 24, 32, 40, 48, 64]) {
    for (const charset of charsets) {
      let s = '';
      for (let k = 0; k < length; k += 1) s += charset[Math.floor(rnd() * charset.length)];
      add('random', s);
    }
  }

  for (let k = 0; k < 30; k += 1) {
    const count = 3 + (k % 4);
    const words: string[] = [];
    for (let w = 0; w < count; w += 1) words.push(pick(lists.passphraseWords));
    const sep = pick(['-', ' ', '.', '_', '']);
    let p = words.map((w, i) => (i === 0 ? cap(w) : w)).join(sep) + (k % 2 ? String(k % 10) : '');
    if (p.length > 64) p = p.slice(0, 64);
    add('passphrase', p);
  }
  for (let k = 0; k < 10; k += 1) {
    add('passphrase', [pick(lists.diceware), pick(lists.diceware), pick(lists.diceware), pick(lists.diceware)].join('-'));
  }

  [
    'Le petit chat est monte sur le toit de la maison hier soir 2024!',
    'correct horse battery staple',
    'JeSuisUnMotDePasseTresLong2024!!',
    'il fait beau aujourd hui a Lyon',
    'The quick brown fox jumps over the lazy dog',
    'MonChatSappelleFelix',
    'jaimelespommesvertes',
    'Allez l OM 13013 Marseille!',
    'vivelesvacancesalamer',
    'iloveyouforeverandever',
    // zxcvbn's word-sequence matcher: counting in English and French.
    'onetwothreefour',
    'unDeuxTroisQuatre5',
  ].forEach((p) => add('sentence', p));

  [
    'P@ssw0rd!',
    'Tr0ub4dor&3',
    'M0td3p@sse',
    'S0l31l2024',
    'P4ssw0rd123',
    'Az3rty!!',
    'L0v3y0u!',
    'Dr@g0n2024',
    'B0nj0ur!!',
    'Ch0c0l@t!',
    'J3t@im3!',
    'M@ison2023',
    'Pr1nc3ss3',
    '$uperm@n1',
    'Fr@nc3_2024',
  ].forEach((p) => add('l33t', p));

  [
    'Dupont1975!',
    'JeanDupont',
    'MairieLyon69',
    'tnopud2024',
    'Jean-Dupont75',
    'Dup0nt!2024',
    'sobremail2024',
    'LyonMairie!1',
    'Jean.Dupont.1',
    'xK9#Dupont',
  ].forEach((p) => add('context', p));

  return out.filter((e) => e.password.length >= 8 && e.password.length <= 64);
}

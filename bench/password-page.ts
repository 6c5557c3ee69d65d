/**
 * Runs in a Chromium page (bundled by bench/password.ts with Vite, minified like the extension's
 * lazy chunk). Times the password verdict the way a user triggers it: one verdict per keystroke, on
 * each prefix of the password being typed, each as if it were the first (nothing remembered from the
 * earlier prefixes: the worst case, a paste). A verdict is what the nudge computes per keystroke: the
 * strength estimate, then the organisation's policy rule by rule (src/model/password-policy.ts).
 * `ours` estimates with the nudge's estimator (src/strength/estimator.ts, indexed engine); `zxcvbn` with
 * the same module's 'reference' engine: stock zxcvbn-ts 4 at default options, with the same lists
 * as the packages' index modules export them (bench/password-reference-page.ts, a second script
 * loaded only for the keystroke runs, so that first-ready loads what the nudge loads and no more).
 * No estimator code lives here.
 */
import { strengthGraphs, strengthWordData } from '../src/strength/dictionaries.ts';
import { decodeLatin1WordColumns } from '../src/strength/word-columns.ts';
import { createStrengthEstimator, type StrengthEstimator, type StrengthWordLists } from '../src/strength/estimator.ts';
import { contextWordsFrom, DEFAULT_PASSWORD_POLICY, evaluatePassword, strengthUserInputs } from '../src/model/password-policy.ts';

declare global {
  interface Window {
    __benchLoadedAt?: number;
    __strengthBench?: typeof api;
    __referenceLists?: StrengthWordLists;
    /** Started by bench/password.ts beside the script's insertion, as the extension's trigger does. */
    __wordsPromise?: Promise<Uint8Array>;
  }
}

window.__benchLoadedAt = performance.now();

export interface KeystrokeRun {
  engine: 'ours' | 'zxcvbn';
  length: number;
  /** One verdict time per timed keystroke, ms. */
  times: number[];
  /** Keystrokes not timed because the engine's time budget for this length ran out. */
  skipped: number;
}

const contextWords = contextWordsFrom({ email: 'alice.martin@mairie-lyon.fr', displayName: 'Alice Martin' });
const userInputs = strengthUserInputs(DEFAULT_PASSWORD_POLICY, contextWords);

/** The word lists' bytes, from the download bench/password.ts starts (`window.__wordsPromise`). */
let latin1: Uint8Array | null = null;

/** `typing`: the lists as they are by the time the user types on (every block decoded). */
function estimator(engine: 'ours' | 'zxcvbn', typing = true): StrengthEstimator {
  // No cache: every keystroke is a new prefix anyway, and repeated passes must not hit earlier results.
  if (engine === 'ours') {
    if (!latin1) throw new Error('word lists not loaded');
    // Typing: every block decoded, as the nudge leaves the lists once the page has had a moment of
    // idle time after the first verdict (decodeRestWhenIdle). The first verdict decodes only what
    // its searches reach.
    const columns = decodeLatin1WordColumns(latin1);
    return createStrengthEstimator({
      words: strengthWordData(typing ? columns.decodeAll() : columns),
      graphs: strengthGraphs,
      cacheSize: 0,
    });
  }
  const lists = window.__referenceLists;
  if (!lists) throw new Error('bench/password-reference-page.ts is not loaded');
  return createStrengthEstimator({ graphs: strengthGraphs, engine: 'reference', lists, cacheSize: 0 });
}

function verdict(e: StrengthEstimator, password: string) {
  return evaluatePassword(password, { policy: DEFAULT_PASSWORD_POLICY, strength: e.check(password, userInputs), contextWords });
}

const api = {
  /**
   * Cold start in this page, after the chunk evaluated: wait for the lists' bytes (their download
   * started with the chunk's), build the estimator, give the first verdict.
   */
  async firstVerdict(): Promise<{ wordsAt: number; buildMs: number; firstCheckMs: number; readyAt: number }> {
    if (!window.__wordsPromise) throw new Error('no download of the word lists was started');
    latin1 = await window.__wordsPromise;
    const t0 = performance.now();
    const e = estimator('ours', false);
    const t1 = performance.now();
    verdict(e, 'S');
    const t2 = performance.now();
    return { wordsAt: t0, buildMs: t1 - t0, firstCheckMs: t2 - t1, readyAt: t2 };
  },
  /**
   * Types each input keystroke by keystroke and times the verdict of every `stride`-th keystroke
   * (always including the last), `passes` times over. `budgetMs` bounds one engine on one length:
   * stock zxcvbn-ts takes up to seconds per check on long inputs, and the whole bench has a time budget.
   */
  async keystrokes(engine: 'ours' | 'zxcvbn', inputs: string[], stride: number, passes: number, budgetMs: number): Promise<KeystrokeRun> {
    if (!window.__wordsPromise) throw new Error('no download of the word lists was started');
    latin1 ??= await window.__wordsPromise;
    const e = estimator(engine);
    // JIT warm-up; the cold start is what firstVerdict measures.
    for (const w of ['warm-up', 'Soleil2024!', 'azerty123']) verdict(e, w);
    const times: number[] = [];
    let skipped = 0;
    const started = performance.now();
    for (let pass = 0; pass < passes; pass++) {
      for (const input of inputs) {
        for (let i = 1; i <= input.length; i++) {
          if (i % stride !== 0 && i !== input.length) continue;
          if (performance.now() - started > budgetMs) {
            skipped++;
            continue;
          }
          const prefix = input.slice(0, i);
          // Nothing remembered from earlier checks (the estimator's narrowings): each keystroke is
          // timed as if it were the first, a paste; typing on is faster.
          e.clearCache();
          const t = performance.now();
          verdict(e, prefix);
          times.push(performance.now() - t);
        }
      }
    }
    return { engine, length: inputs[0]?.length ?? 0, times, skipped };
  },
};

window.__strengthBench = api;

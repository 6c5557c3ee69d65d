/**
 * Section "maxpolicy" (issue 19, item 4): a policy at the schema's maximums (every list at 10,000
 * items of 256 characters). Two costs, each beside the way it was paid before, in Node (V8, the
 * engine of the Chromium content scripts; no browser, so the figures are the code's own, without the
 * page's other work):
 * - plain page: what the always-loaded script reads and parses on every http(s) page. Storage hands
 *   a content script a structured clone of the stored value; `structuredClone` stands for that
 *   deserialisation here. Before: the whole published settings, parsed by every setting's parser.
 *   Now: the small `pageSettings` key (shared/page-settings.ts).
 * - keystroke: the password nudge's check with a 10,000-entry blocklist, typed one character at a
 *   time (estimator + verdict, as content/features/password-checker.ts runs them). Before: the whole
 *   list passed to the estimator on every check. Now: the entries the prepared matcher finds.
 * What it misses: the browser's own storage IPC and the page's main-thread contention.
 */
import { gunzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { STRENGTH_WORDS_GZ } from '../src/strength/build/vite-plugin.ts';
import { createDefaultStrengthEstimator } from '../src/strength/dictionaries.ts';
import { decodeLatin1WordColumns } from '../src/strength/word-columns.ts';
import {
  DEFAULT_PASSWORD_POLICY,
  contextWordsFrom,
  evaluatePasswordInPage,
  strengthUserInputs,
  type PasswordPolicy,
} from '../src/model/password-policy.ts';
import { LIMITS, mergeSettings, parseLayer, DEFAULT_SETTINGS } from '../src/shared/settings.ts';
import { pageSettingsOf } from '../src/shared/settings-store.ts';
import { parsePageSettings } from '../src/shared/page-settings.ts';
import { quantile, summarize, type Summary } from './lib.ts';

type WithP95 = Summary & { p95: number };
const withP95 = (samples: number[]): WithP95 => ({ ...summarize(samples), p95: quantile(samples, 0.95) });

export interface MaxPolicyResult {
  source: 'bench/max-policy.ts';
  publishedBytes: number;
  pageKeyBytes: number;
  plainPage: { before: WithP95; ours: WithP95 };
  /** `withoutList`: the same keystrokes with no blocklist, the estimator's own cost. */
  keystroke: { before: WithP95; ours: WithP95; withoutList: WithP95; keystrokes: number };
}

const list = (prefix: string) =>
  Array.from({ length: LIMITS.listItems }, (_, i) =>
    `${prefix}${i.toString(36)}-`.padEnd(LIMITS.itemLength, String.fromCharCode(97 + (i % 26))),
  );

function timeEach(runs: number, fn: () => void): number[] {
  const out: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const t = performance.now();
    fn();
    out.push(performance.now() - t);
  }
  return out;
}

export function runMaxPolicy(runs: number, log: (s: string) => void): MaxPolicyResult {
  const policyLists = {
    organisationNames: list('org'),
    organisationDomains: list('d').map((d) => `${d.slice(0, 60)}.example`),
    passwordBlocklist: list('blk'),
  };
  const published = mergeSettings({}, policyLists);
  const pageKey = pageSettingsOf(published.values);
  log(`maxpolicy: published settings ${JSON.stringify(published).length} bytes, page key ${JSON.stringify(pageKey).length} bytes`);
  const before = timeEach(runs, () => {
    const copy = structuredClone(published);
    void { ...structuredClone(DEFAULT_SETTINGS), ...parseLayer(copy.values).values };
  });
  const ours = timeEach(runs, () => void parsePageSettings(structuredClone(pageKey)));

  // A realistic blocklist: words of 6 to 12 characters, not the padded strings above (those cannot occur in a password).
  const blocklist = Array.from({ length: LIMITS.listItems }, (_, i) => `mot${(i * 7919).toString(36)}${i.toString(36)}`.slice(0, 12));
  const policy: PasswordPolicy = { ...DEFAULT_PASSWORD_POLICY, blocklist };
  const estimator = createDefaultStrengthEstimator(decodeLatin1WordColumns(new Uint8Array(gunzipSync(readFileSync(STRENGTH_WORDS_GZ)))));
  const contextWords = contextWordsFrom({ email: 'alice.martin@mairie-exemple.fr', displayName: 'Alice Martin' });
  const typed = ['Glacier-Tortue-Velours7-Boussole', 'Covid-19Azerty!Marseille2024P@ssw0rd', `x${blocklist[4242]}-2026!`];
  const noList: PasswordPolicy = { ...DEFAULT_PASSWORD_POLICY, blocklist: [] };
  const keystrokes = (mode: 'whole' | 'prepared' | 'none') =>
    typed.flatMap((password) =>
      Array.from({ length: password.length }, (_, n) => password.slice(0, n + 1)).map((value) => {
        const used = mode === 'none' ? noList : policy;
        // Nothing remembered from earlier checks (results, narrowings): each keystroke is timed as
        // if it were the first, a paste; typing on is faster.
        estimator.clearCache();
        const t = performance.now();
        const strength = estimator.check(
          value,
          mode === 'whole' ? strengthUserInputs(used, contextWords) : strengthUserInputs(used, contextWords, value),
        );
        evaluatePasswordInPage(value, { policy: used, contextWords, strength });
        return performance.now() - t;
      }),
    );
  // One pass each to warm the engine and the matcher's one-time preparation, then the measured ones, interleaved.
  for (const mode of ['prepared', 'whole', 'none'] as const) keystrokes(mode);
  const beforeKeys: number[] = [];
  const oursKeys: number[] = [];
  const noneKeys: number[] = [];
  for (let pass = 0; pass < 2; pass += 1) {
    beforeKeys.push(...keystrokes('whole'));
    oursKeys.push(...keystrokes('prepared'));
    noneKeys.push(...keystrokes('none'));
  }
  return {
    source: 'bench/max-policy.ts',
    publishedBytes: JSON.stringify(published).length,
    pageKeyBytes: JSON.stringify(pageKey).length,
    plainPage: { before: withP95(before), ours: withP95(ours) },
    keystroke: { before: withP95(beforeKeys), ours: withP95(oursKeys), withoutList: withP95(noneKeys), keystrokes: oursKeys.length },
  };
}

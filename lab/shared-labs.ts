/**
 * The end-to-end matrix's webmails: one lab per Roundcube interface language and skin, started the
 * first time a test file asks for it and shared by every later scenario and file of the run.
 *
 * Why one per language: Roundcube stores each user's language in its database at first login and
 * prefers it to the `language` option afterwards, so switching a running lab's language means
 * rewriting its users table (stack.ts restartRoundcube). A lab of its own per language, with a fresh
 * database, shows a user the language a new user of that provider would see, with nothing to reset.
 * Why one per skin: the skin changes the DOM our adapter reads (body classes, quota widget, recipient
 * fields, password rows), and a lab per skin lets the scenarios of each skin run without restarting
 * Roundcube in between.
 *
 * Sharing works because vitest.e2e.config.ts runs every file in one worker process without
 * isolation (`pool: 'forks'`, `isolate: false`, no file parallelism): this module, and the labs in
 * it, outlive each file. The cache also sits on globalThis, so a run with isolation still works (each
 * file then starts its own labs). Stopping: properly when the worker is about to exit
 * (`beforeExit`); stack.ts's own exit and signal handlers and its watchdog remain the backstop.
 *
 * Scenarios share the labs, so each one leaves the accounts as it found them: a password changed
 * through Roundcube is set back with `lab.setPassword`, and a scenario that needs a known mailbox
 * size empties the mailbox first.
 */
import { BROWSERS, type BrowserName } from './browsers.ts';
import { startHordeLab, type HordeLab } from './horde.ts';
import { startSogoLab, type SogoLab } from './sogo.ts';
import { LAB_USERS, startLab, type Lab, type LabUser } from './stack.ts';

export type UiLanguage = 'en' | 'fr';

export interface LabVariant {
  /** The language a user of this webmail reads: Roundcube's interface and, in the scenarios, the browser's (hence our extension's). */
  lang: UiLanguage;
  /** Roundcube's `language` option. */
  language: 'en_US' | 'fr_FR';
  skin: 'elastic' | 'larry';
  /** For test names: `en_US elastic`. */
  name: string;
}

const variant = (lang: UiLanguage, skin: LabVariant['skin']): LabVariant => {
  const language = lang === 'fr' ? 'fr_FR' : 'en_US';
  return { lang, language, skin, name: `${language} ${skin}` };
};

/** Every interface language and skin the extension supports, English elastic first (Roundcube's default). */
export const LAB_VARIANTS: readonly LabVariant[] = Object.freeze([
  variant('en', 'elastic'),
  variant('fr', 'elastic'),
  variant('en', 'larry'),
  variant('fr', 'larry'),
]);
export const EN_ELASTIC = LAB_VARIANTS[0]!;

/**
 * The browsers a variant's scenarios run in. Elastic, Roundcube's default skin, in both. Larry's DOM
 * differs from elastic's, not from one browser to the other: each larry language runs in one browser
 * (English in Chromium, French in Firefox ESR), so every skin, every language and every browser is
 * proven, and CI stays under 30 minutes with the SOGo and Horde scenarios beside Roundcube's.
 */
export function variantBrowsers(v: LabVariant): BrowserName[] {
  if (v.skin === 'elastic') return [...BROWSERS];
  return [v.lang === 'en' ? 'chromium' : 'firefox'];
}

const CACHE_KEY = Symbol.for('sobre-mail.e2e.shared-labs');
type Cache = Map<string, Promise<Lab>>;
const globals = globalThis as typeof globalThis & { [CACHE_KEY]?: Cache };

function cache(): Cache {
  let labs = globals[CACHE_KEY];
  if (!labs) {
    labs = new Map();
    globals[CACHE_KEY] = labs;
    // beforeExit may fire again after our asynchronous stop: once is enough.
    process.once('beforeExit', () => void stopSharedLabs());
  }
  return labs;
}

/** The lab of this language and skin (20 MB quota), started on first use. */
export function sharedLab(v: LabVariant): Promise<Lab> {
  const labs = cache();
  let lab = labs.get(v.name);
  if (!lab) {
    lab = startLab({ language: v.language, skin: v.skin, quotaMB: 20 });
    // A lab that failed to start is not cached: the next file gets a fresh attempt and its own error.
    lab.catch(() => labs.delete(v.name));
    labs.set(v.name, lab);
  }
  return lab;
}

/**
 * The SOGo or Horde lab of this language (20 MB quota), started on first use and shared like the
 * Roundcube ones. One per language for the same reason: SOGo keeps each user's language from their
 * first login.
 */
export function sharedSogoLab(lang: UiLanguage): Promise<SogoLab> {
  return sharedOther(`sogo ${lang}`, () => startSogoLab({ lang, quotaMB: 20 }));
}
export function sharedHordeLab(lang: UiLanguage): Promise<HordeLab> {
  return sharedOther(`horde ${lang}`, () => startHordeLab({ lang, quotaMB: 20 }));
}

function sharedOther<T extends Lab>(key: string, start: () => Promise<T>): Promise<T> {
  const labs = cache();
  let lab = labs.get(key) as Promise<T> | undefined;
  if (!lab) {
    lab = start();
    lab.catch(() => labs.delete(key));
    labs.set(key, lab);
  }
  return lab;
}

/** Stops every shared lab (end of run). */
export async function stopSharedLabs(): Promise<void> {
  const labs = globals[CACHE_KEY];
  if (!labs) return;
  const started = [...labs.values()];
  labs.clear();
  await Promise.allSettled(started.map(async (lab) => (await lab).stop()));
}

/** A lab user's password as the lab created it: what `restorePassword` puts back. */
export function originalPassword(user: LabUser): string {
  const original = LAB_USERS.find((u) => u.email === user.email);
  if (!original) throw new Error(`No lab user ${user.email}`);
  return original.password;
}

/** Puts back a lab user's original password after a scenario changed it through Roundcube. */
export async function restorePassword(lab: Lab, user: LabUser): Promise<void> {
  await lab.setPassword(user.email, originalPassword(user));
}

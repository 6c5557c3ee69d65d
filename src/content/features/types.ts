import type { MessageKey } from '../../shared/i18n.ts';
import type { PageSettings } from '../../shared/page-settings.ts';
import type { Settings } from '../../shared/settings.ts';
import type { Trust } from '../../model/trust.ts';
import type { WebmailPage } from '../adapters/types.ts';

export interface FeatureContext<S = Settings> {
  page: WebmailPage;
  settings: S;
  /** Aborted on settings change, extension reload or page hide: everything a feature starts stops on it. */
  signal: AbortSignal;
}

/** Settings that switch a nudge on or off, in the settings the nudge sees. */
type OnOffSetting<S> = { [K in keyof S]: S[K] extends boolean ? K : never }[keyof S] & string;

/**
 * A nudge's id names its locale keys and, unless it is always on, its on/off setting. Only a nudge
 * that is never a matter of taste (a password about to cross the network in clear) is always on.
 */
export type NudgeId<S, Id extends string = string> = { id: Id & OnOffSetting<S>; alwaysOn?: false } | { id: Id; alwaysOn: true };

/** A nudge: one file, one `start`. */
export type Feature<S = Settings> = NudgeId<S> & {
  /** Cheap check on the always-loaded side: does this page have what the nudge works on? */
  appliesTo(page: WebmailPage): boolean;
  start(ctx: FeatureContext<S>): void;
  /**
   * The messages it may show, resolved before it starts: after an extension update the browser no
   * longer answers an orphaned script, which must still be able to take itself down cleanly.
   */
  messages?: readonly MessageKey[];
};

/**
 * Which webmail pages a lazily injected nudge is asked for, by address (model/trust.ts): the
 * organisation's ('trusted', or 'unlisted' while IT has listed none), look-alikes ('untrusted'),
 * or both. A look-alike gets no other nudge: nothing there may read its page (quota, account).
 */
export type TriggerPages = 'organisation' | 'lookalike' | 'all';

export interface TriggerContext {
  settings: PageSettings;
  trust: Trust;
}

/**
 * The always-loaded side of a lazily injected nudge: it only decides when the page needs it
 * (now, or when the element appears) and calls `inject`; the nudge itself arrives by injection.
 */
export type LazyFeatureTrigger<Id extends string = string> = NudgeId<PageSettings, Id> & {
  /** 'organisation' when left out. */
  pages?: TriggerPages;
  watch(page: WebmailPage, inject: () => void, signal: AbortSignal, context: TriggerContext): void;
  /**
   * Called with `inject`, after the request: starts what the nudge will need (its frame) while it is
   * being injected. What it opens lives until `signal` aborts unless the nudge takes it over.
   */
  prefetch?(page: WebmailPage, signal: AbortSignal): void;
};

/** Declares a trigger and keeps its id's literal type: the registry derives the ids of injected nudges from it. */
export function lazyTrigger<const Id extends string>(trigger: LazyFeatureTrigger<Id>): LazyFeatureTrigger<Id> {
  return trigger;
}

/**
 * What a file of src/content/nudges/ (named after the nudge's id in kebab case) gives the script the
 * background injects: its `feature`, started by runInjectedFeature, which recognises the page again
 * and resolves the messages first; or, for a nudge that is not a page feature (the password-reuse
 * check also runs on pages that are no webmail), its own `runInjected`. It may also export its
 * trigger, when that brings nothing heavy into the always-loaded script.
 */
export type InjectedNudge = { feature: Feature } | { runInjected(): Promise<void> };

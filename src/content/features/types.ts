import type { MessageKey } from '../../shared/i18n.ts';
import type { PageSettings } from '../../shared/page-settings.ts';
import type { SettingKey, Settings } from '../../shared/settings.ts';
import type { LazyFeatureId } from '../../shared/messages.ts';
import type { WebmailPage } from '../adapters/types.ts';

export interface FeatureContext<S = Settings> {
  page: WebmailPage;
  settings: S;
  /** Aborted on settings change, extension reload or page hide: everything a feature starts stops on it. */
  signal: AbortSignal;
}

/** A nudge: one file, one `start`. Its id names its on/off setting and its locale keys. */
export interface Feature<S = Settings> {
  id: 'passwordNudge' | 'attachmentNudge' | 'outOfOfficeNudge' | 'quotaNudge' | 'lookalikeWarning' | 'passwordReuseAlert';
  /** Cheap check on the always-loaded side: does this page have what the nudge works on? */
  appliesTo(page: WebmailPage): boolean;
  start(ctx: FeatureContext<S>): void;
  /**
   * The messages it may show, resolved before it starts: after an extension update the browser no
   * longer answers an orphaned script, which must still be able to take itself down cleanly.
   */
  messages?: readonly MessageKey[];
}

/**
 * The always-loaded side of a lazily injected nudge: it only decides when the page needs it
 * (now, or when the element appears) and calls `inject`; the nudge itself arrives by injection.
 */
export interface LazyFeatureTrigger {
  /** Also the nudge's on/off setting (the clear-text warning has none and no trigger). */
  id: Extract<LazyFeatureId, SettingKey>;
  watch(page: WebmailPage, inject: () => void, signal: AbortSignal): void;
  /** Called with `inject`: starts loading what the nudge will need, while it is being injected. */
  prefetch?(settings: PageSettings): void;
}

/**
 * The nudge registry: every nudge is one line here.
 *
 * An eager nudge is small enough to live in the always-loaded content script; it sees only the page
 * settings. A lazy nudge is one file in src/content/nudges/, named after its id in kebab case, which
 * exports what the background injects; its line here lists its trigger, the always-loaded part that
 * asks for it (in the nudge's file, or in a file of its own when the nudge's imports would otherwise
 * come along). The build makes one injected script per file there (scripts/vite-plugin-lazy-nudges.ts),
 * and the background finds it by the id (src/content/lazy/script-file.ts); a unit test keeps this
 * list and that folder the same. How to add one: docs/architecture.md.
 */
import type { Feature } from './types.ts';
import type { PageSettings } from '../../shared/page-settings.ts';
import { quotaReport } from './quota-report.ts';
import { passwordTrigger } from './password-trigger.ts';
import { attachmentTrigger } from './attachment-warning.ts';
import { outOfOfficeTrigger } from './out-of-office-trigger.ts';
import { lookalikeTrigger } from './lookalike-trigger.ts';
import { passwordReuseTrigger } from './password-reuse-trigger.ts';
import { clearTextTrigger } from './clear-text-trigger.ts';

export const EAGER_FEATURES: readonly Feature<PageSettings>[] = [quotaReport];

export const LAZY_TRIGGERS = [
  passwordTrigger,
  attachmentTrigger,
  outOfOfficeTrigger,
  lookalikeTrigger,
  passwordReuseTrigger,
  clearTextTrigger,
] as const;

/** The nudges whose code is injected only into pages that need them. */
export type LazyFeatureId = (typeof LAZY_TRIGGERS)[number]['id'];

export function isLazyFeatureId(value: unknown): value is LazyFeatureId {
  return LAZY_TRIGGERS.some((trigger) => trigger.id === value);
}

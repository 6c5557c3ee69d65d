import type { Feature, LazyFeatureTrigger } from './types.ts';
import type { PageSettings } from '../../shared/page-settings.ts';
import { quotaReport } from './quota-report.ts';
import { attachmentTrigger } from './attachment-warning.ts';
import { passwordTrigger } from './password-trigger.ts';
import { outOfOfficeTrigger } from './out-of-office-trigger.ts';

/** Nudges small enough to live in the always-loaded content script: they see only the page settings. */
export const EAGER_FEATURES: readonly Feature<PageSettings>[] = [quotaReport];

/** Nudges injected on demand; their trigger is all that every webmail page carries. */
export const LAZY_TRIGGERS: readonly LazyFeatureTrigger[] = [passwordTrigger, attachmentTrigger, outOfOfficeTrigger];

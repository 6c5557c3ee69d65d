import browser from 'webextension-polyfill';
import type { LazyFeatureId } from '../shared/messages.ts';
// CRXJS builds each `*.iife.ts?script` as one self-contained script and gives its path: nothing is
// made web-accessible, so pages cannot probe for the extension through these files.
import attachmentNudge from '../content/lazy/attachment-nudge.iife.ts?script';
import passwordNudge from '../content/lazy/password-nudge.iife.ts?script';
import outOfOfficeNudge from '../content/lazy/out-of-office-nudge.iife.ts?script';
import lookalikeWarning from '../content/lazy/lookalike-warning.iife.ts?script';
import passwordReuseAlert from '../content/lazy/password-reuse.iife.ts?script';
import clearTextWarning from '../content/lazy/clear-text-warning.iife.ts?script';

const LAZY_SCRIPTS: Record<LazyFeatureId, string> = { attachmentNudge, passwordNudge, outOfOfficeNudge, lookalikeWarning, passwordReuseAlert, clearTextWarning };

/** Injects a nudge into the frame that asked for it, in the content scripts' isolated world. */
export async function injectFeature(feature: LazyFeatureId, tabId: number, frameId: number): Promise<{ injected: true }> {
  await browser.scripting.executeScript({ target: { tabId, frameIds: [frameId] }, files: [LAZY_SCRIPTS[feature]] });
  return { injected: true };
}

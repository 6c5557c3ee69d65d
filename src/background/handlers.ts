import type browser from 'webextension-polyfill';
import type { Message, MessageType } from '../shared/messages.ts';
import { injectFeature } from './inject.ts';
import { loadSettings, readPublishedSettings } from '../shared/settings-store.ts';
import type { PopupState } from '../shared/popup-state.ts';
import { refreshBadge } from './badge.ts';
import { popupAccounts, recordQuotaFacts } from './quota.ts';
import { estimateAttachmentMessage } from './attachment.ts';
import { readSavings, recordSaving } from './savings.ts';
import { recordWebmailPasswordRules } from '../shared/webmail-password-rules-seen.ts';

type MessageOf<T extends MessageType> = Extract<Message, { type: T }>;

export interface Handler<T extends MessageType> {
  /** Who may send it: a content script of ours in a tab, or one of our extension pages. */
  from: 'content' | 'extension';
  handle(message: MessageOf<T>, sender: browser.Runtime.MessageSender): Promise<unknown>;
}

export type HandlerMap = { [T in MessageType]?: Handler<T> };

/** One handler per message type the background answers. */
export const HANDLERS: HandlerMap = {
  'inject-feature': {
    from: 'content',
    handle: (message, sender) => injectFeature(message.feature, sender.tab!.id!, sender.frameId ?? 0),
  },
  'quota-facts': {
    from: 'content',
    async handle(message, sender) {
      const recorded = await recordQuotaFacts(message, sender.url!);
      // The published copy, as for the popup: a storage.managed read per page load kept the worker
      // busy for seconds in a fresh Chromium profile, for the same merge it already published.
      if (recorded) await refreshBadge(await readPublishedSettings());
      return { recorded };
    },
  },
  'estimate-attachment': {
    from: 'content',
    handle: (message) => estimateAttachmentMessage(message.bytes, message.recipients),
  },
  'record-saving': {
    from: 'content',
    handle: (message) => recordSaving(message.bytes, message.grams),
  },
  'webmail-password-rules': {
    from: 'content',
    // The address is the sender tab's, never a claim of the page.
    handle: (message, sender) => recordWebmailPasswordRules(sender.url!, message.rules).then(() => ({ recorded: true })),
  },
  'get-popup-state': {
    from: 'extension',
    async handle(): Promise<PopupState> {
      // The copy this background published (the same merge), not loadSettings(): in a fresh Chromium
      // profile storage.managed.get() answers about 3 s late, and the popup's quota waited for it
      // (bench: "popup: quota section painted").
      const values = await readPublishedSettings();
      // The title says how old the reading is; refresh it whenever someone looks.
      await refreshBadge(values);
      return {
        quotaNudge: values.quotaNudge,
        thresholds: { shown: values.quotaShownPercent, warning: values.quotaWarningPercent, critical: values.quotaCriticalPercent },
        accounts: await popupAccounts(values),
        savings: await readSavings().then((s) => s && { bytes: s.bytes, grams: s.grams, count: s.count }),
      };
    },
  },
};

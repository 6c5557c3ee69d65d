import type browser from 'webextension-polyfill';
import type { Message, MessageType } from '../shared/messages.ts';
import { injectFeature, injectionSender, injectScript } from './inject.ts';
import { STRENGTH_ESTIMATOR_SCRIPT } from '../content/lazy/script-file.ts';
import { readPublishedEffectiveSettings, settingsInForce } from '../shared/settings-store.ts';
import { mergeSettings, type Settings } from '../shared/settings.ts';
import type { PopupState } from '../shared/popup-state.ts';
import { refreshBadge } from './badge.ts';
import { forgetQuotaReading } from './quota-store.ts';
import { noteAccountSeen, popupAccounts, recordQuotaFacts } from './quota.ts';
import { estimateAttachmentMessage, limitedPerTab, mailboxRoom } from './attachment.ts';
import { readSavings, recordSaving } from './savings.ts';
import { recordWebmailPasswordRules } from '../shared/webmail-password-rules-seen.ts';
import { fetchRange } from './breach-range.ts';
import { mayReport } from '../model/trust.ts';
import { passwordChanged, recordCandidate, reuseSeen, signedIn } from './password-reuse.ts';
import { showCleanupView } from './cleanup.ts';
import type { CleanupResult } from '../shared/cleanup.ts';
import { adapterOf } from '../content/adapters/index.ts';

/** Quota, accounts and savings are believed only from the organisation's webmail (or while none is listed). */
async function fromWebmail(sender: browser.Runtime.MessageSender): Promise<boolean> {
  const values = await settingsInForce();
  return mayReport(new URL(sender.url!).origin, values.webmailOrigins);
}

/**
 * What the popup and the badge show: as settingsInForce, but never waiting for storage.managed,
 * not even before the first publication (then the user's layer alone): they only display, and a
 * fresh profile's popup must not wait 3 s for the policy (bench: "popup: quota section painted").
 */
async function shownSettings(): Promise<Settings> {
  const { user, effective } = await readPublishedEffectiveSettings();
  return (effective ?? mergeSettings(user, {})).values;
}

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
    handle: (message, sender) => injectFeature(message.feature, injectionSender(sender)),
  },
  'inject-strength-estimator': {
    from: 'content',
    handle: (_message, sender) => injectScript(STRENGTH_ESTIMATOR_SCRIPT, injectionSender(sender)),
  },
  'quota-facts': {
    from: 'content',
    async handle(message, sender) {
      const values = await settingsInForce();
      // The trust check reads the policy itself: a page's quota is not believed before IT's list is known.
      const recorded = await recordQuotaFacts(message, sender.url!, values.webmailOrigins);
      // No storage.managed read per page load for the badge (see shownSettings).
      if (recorded) await refreshBadge(await shownSettings());
      return { recorded };
    },
  },
  'estimate-attachment': {
    from: 'content',
    handle: (message, sender) => limitedPerTab(sender.tab!.id!, () => estimateAttachmentMessage(message.bytes, message.recipients)),
  },
  'mailbox-room': {
    from: 'content',
    handle: async (message, sender) => ((await fromWebmail(sender)) ? mailboxRoom(sender.url!, message.account) : { roomBytes: null }),
  },
  'record-saving': {
    from: 'content',
    handle: async (message, sender) => ((await fromWebmail(sender)) ? recordSaving(message.bytes, message.grams) : null),
  },
  'signed-in': {
    from: 'content',
    async handle(message, sender) {
      const values = await settingsInForce();
      // Also who a quota view that names nobody (Horde's mailbox) belongs to, at this address.
      await noteAccountSeen(message.account, sender.url!, values.webmailOrigins);
      return signedIn(message, sender.tab!.id!, sender.url!, values);
    },
  },
  'password-candidate': {
    from: 'content',
    handle: async (message, sender) => ({ pending: recordCandidate(message, sender.tab!.id!, sender.url!, await settingsInForce()) }),
  },
  'password-changed': {
    from: 'content',
    handle: async (_message, sender) => passwordChanged(sender.tab!.id!, sender.url!, await settingsInForce()),
  },
  'password-reuse-seen': {
    from: 'content',
    handle: async (message, sender) => reuseSeen(message, sender.url!, await settingsInForce()),
  },
  'breach-range': {
    from: 'content',
    async handle(message) {
      const values = await settingsInForce();
      // Asked only while IT has it on: a page whose settings are stale sends nothing further.
      if (!values.breachCheck || !values.breachRangeEndpoint) return { ok: false, reason: 'off' };
      return fetchRange(values.breachRangeEndpoint, message.prefix);
    },
  },
  'webmail-password-rules': {
    from: 'content',
    // The address is the sender tab's, never a claim of the page; a look-alike's rules are not kept.
    async handle(message, sender) {
      if (!(await fromWebmail(sender))) return { recorded: false };
      await recordWebmailPasswordRules(sender.url!, message.rules);
      return { recorded: true };
    },
  },
  'cleanup-view': {
    from: 'extension',
    async handle(message): Promise<CleanupResult> {
      const values = await shownSettings();
      // Only the organisation's webmail, and only one whose adapter declared the view.
      if (!values.webmailOrigins.includes(message.origin)) return { ok: false, reason: 'unavailable' };
      const account = (await popupAccounts(values)).find((a) => a.origin === message.origin);
      const supported: readonly string[] = account ? adapterOf(account.webmail).cleanupViews : [];
      if (message.view !== 'restoreSort' && !supported.includes(message.view)) return { ok: false, reason: 'unavailable' };
      return showCleanupView(message.origin, message.view, account?.baseUrl);
    },
  },
  'forget-quota-reading': {
    from: 'extension',
    async handle(message) {
      const forgotten = await forgetQuotaReading(message.key);
      await refreshBadge(await shownSettings());
      return { forgotten };
    },
  },
  'get-popup-state': {
    from: 'extension',
    async handle(): Promise<PopupState> {
      const values = await shownSettings();
      // The title says how old the reading is; refresh it whenever someone looks.
      await refreshBadge(values);
      return {
        quotaNudge: values.quotaNudge,
        thresholds: { shown: values.quotaShownPercent, warning: values.quotaWarningPercent, critical: values.quotaCriticalPercent },
        accounts: await popupAccounts(values),
        savings: await readSavings().then((s) => s && { bytes: s.bytes, grams: s.grams, count: s.count }),
        trustedOrigins: values.webmailOrigins,
      };
    },
  },
};

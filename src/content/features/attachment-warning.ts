import { sendToBackground } from '../orphan-guard.ts';
import { lazyTrigger, type Feature } from './types.ts';
import { whenPresent, whileShown } from './when-present.ts';
import type { ComposeLocators } from '../adapters/types.ts';
import {
  AttachmentLedger,
  attachmentLevel,
  attachmentsFillMailbox,
  recipientsForEstimate,
  type Attachment,
  type AttachmentLevel,
  type PickedFile,
  type ReconcileResult,
} from '../../model/attachments.ts';
import { countRecipients } from '../../model/recipients.ts';
import { parseSizeText, parseUploadLimit } from '../../model/upload-limit.ts';
import { isAttachmentEstimateReply, isMailboxRoomReply, type AttachmentEstimateReply } from '../../shared/attachment-estimate.ts';
import { formatBytes, formatDistance, formatGrams } from '../../shared/format.ts';
import { t, uiLocale, type MessageKey } from '../../shared/i18n.ts';
import type { Settings } from '../../shared/settings.ts';
import { createAttachmentBanner, type AttachmentBanner, type BannerView } from '../ui/attachment-banner.ts';

/**
 * Always loaded (in the content script's budget): on a compose page, ask for the nudge at once.
 * Roundcube and Horde open compose as a page of its own; SOGo opens a dialog in the mail view.
 */
export const attachmentTrigger = lazyTrigger({
  id: 'attachmentNudge',
  watch(page, inject, signal) {
    whenPresent(page, () => page.isCompose(), inject, signal);
  },
});

/**
 * What one message being written has gathered. Kept per document, outside `start`: a settings
 * change restarts the nudge, and the sizes of files already attached must survive that (only the
 * File objects have exact sizes, and they are gone once the upload started).
 */
interface ComposeSession {
  ledger: AttachmentLedger;
  /** The user confirmed sending once (confirm mode asks once per message). */
  confirmed: boolean;
  /** Attachments that were part of a total the banner warned about: removing one is a saving. */
  warned: Set<string>;
  /** The total when the user hid the banner; it comes back only if the message grows past it. */
  dismissedAt: number | null;
}

let session: ComposeSession | null = null;

/** How long recipients may keep changing before we ask the background again (one estimate ≈ 70 ms there). */
const ESTIMATE_DEBOUNCE_MS = 150;

function pickedFiles(list: FileList | null | undefined): PickedFile[] {
  // Names and sizes only: file contents are never read.
  return [...(list ?? [])].map((file) => ({ name: file.name, bytes: file.size }));
}

async function requestEstimate(bytes: number, recipients: number): Promise<AttachmentEstimateReply | null> {
  try {
    const reply: unknown = await sendToBackground({ type: 'estimate-attachment', bytes, recipients });
    return isAttachmentEstimateReply(reply) ? reply : null;
  } catch {
    // Extension reloaded or background unavailable: say nothing rather than a number we do not have.
    return null;
  }
}

/** "1.3 g CO₂e" must not wrap between the number and its unit (a narrow sidebar would split it). */
const keepTogether = (text: string) => text.replace(/ /g, '\u00a0');

const yearsText = (years: number, locale: string) =>
  new Intl.NumberFormat(locale, { style: 'unit', unit: 'year', unitDisplay: 'long', maximumFractionDigits: 1 }).format(years);

/** The banner's words for these figures. Every number names where it comes from. */
export function bannerView(
  facts: {
    totalBytes: number;
    exact: boolean;
    recipients: number;
    level: Exclude<AttachmentLevel, 'quiet'>;
    limitBytes: number | null;
    /** Room the mailbox had when the message was opened, where each upload is saved into it at once (else null). */
    mailboxRoomBytes: number | null;
  },
  reply: AttachmentEstimateReply,
  locale: string,
): BannerView {
  const size = keepTogether(formatBytes(facts.totalBytes, locale));
  const grams = keepTogether(formatGrams(reply.grams, locale));
  const distance = keepTogether(formatDistance(reply.carMetres, locale));
  const years = keepTogether(yearsText(reply.yearsKept, locale));
  const impact =
    facts.recipients < 1
      ? t('attachmentImpactNoRecipient', [years, grams, distance])
      : t(new Intl.PluralRules(locale).select(facts.recipients) === 'one' ? 'attachmentImpactOne' : 'attachmentImpactOther', [
          new Intl.NumberFormat(locale).format(facts.recipients),
          years,
          grams,
          distance,
        ]);
  const source =
    reply.source.kind === 'organisation'
      ? t('attachmentSourceOrganisation', [reply.source.label, reply.shareLinkSource.label, reply.carSource.label])
      : t('attachmentSourceAdeme', [reply.source.label, reply.carSource.label]);
  return {
    level: facts.level,
    headline: t(facts.exact ? 'attachmentHeadline' : 'attachmentHeadlineApprox', size),
    lines: [impact, t('attachmentShareLink', keepTogether(formatGrams(reply.shareLinkGrams, locale)))],
    warning: attachmentsFillMailbox(facts.totalBytes, facts.mailboxRoomBytes)
      ? t('attachmentFillsMailbox', keepTogether(formatBytes(facts.mailboxRoomBytes ?? 0, locale)))
      : facts.level === 'near-limit' && facts.limitBytes !== null
        ? t('attachmentNearLimit', keepTogether(formatBytes(facts.limitBytes, locale)))
        : null,
    source,
  };
}

/** Every message the attachment nudge can show, resolved when it starts (shared/i18n.ts): a unit test keeps the list whole. */
export const ATTACHMENT_MESSAGES: readonly MessageKey[] = [
  'attachmentFrameTitle',
  'attachmentConfirmQuestion',
  'attachmentDidNotFit',
  'attachmentDismiss',
  'attachmentFillsMailbox',
  'attachmentHeadline',
  'attachmentHeadlineApprox',
  'attachmentImpactNoRecipient',
  'attachmentImpactOne',
  'attachmentImpactOther',
  'attachmentKeepEditing',
  'attachmentNearLimit',
  'attachmentSendAnyway',
  'attachmentShareLink',
  'attachmentSourceAdeme',
  'attachmentSourceOrganisation',
];

/**
 * Big attachments: keeps the message's attachment total from every way a file arrives (picker,
 * drop, a generic file input), the recipients from To/Cc/Bcc, and above IT's threshold shows the
 * CO2 the background estimates with ADEME's model, with a share link as the better option.
 */
export const attachmentWarning: Feature = {
  id: 'attachmentNudge',
  messages: ATTACHMENT_MESSAGES,
  appliesTo: (page) => page.isCompose() || page.viewsAppearLater,
  start({ page, settings, signal }) {
    whileShown(
      page,
      () => page.isCompose(),
      (viewSignal) => {
        const compose = page.compose();
        if (!compose) return;
        const s: ComposeSession = (session ??= { ledger: new AttachmentLedger(), confirmed: false, warned: new Set(), dismissedAt: null });
        new AttachmentNudge(compose, page.account(), settings, viewSignal, s).start();
        // A compose dialog that closes is a message gone (sent or discarded): the next one starts empty.
        viewSignal.addEventListener(
          'abort',
          () => {
            if (!signal.aborted) session = null;
          },
          { once: true },
        );
      },
      signal,
    );
  },
};

class AttachmentNudge {
  readonly #locale = uiLocale();
  readonly #limitBytes: number | null;
  #banner: AttachmentBanner | null = null;
  #recipients = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  /** Only the latest request may paint: replies can come back out of order. */
  #requestNo = 0;
  #held: HTMLElement | null = null;
  #mailboxRoomBytes: number | null = null;
  /**
   * The mailbox-filling warning last shown, kept after the upload it was about failed: SOGo starts
   * the upload at the pick and refuses it for lack of room a moment later, and the files leave the
   * count with it; a warning that vanished with them would only have flashed by.
   */
  #didNotFit: string | null = null;
  readonly #directSources = new WeakMap<Element, string>();

  constructor(
    private readonly compose: ComposeLocators,
    private readonly account: string | null,
    private readonly settings: Settings,
    private readonly signal: AbortSignal,
    private readonly s: ComposeSession,
  ) {
    this.#limitBytes = parseUploadLimit(compose.maxUploadHint());
  }

  start(): void {
    const { signal } = this;
    const capture = { capture: true, signal } as const;
    // Capture phase on document: runs before Roundcube's inline `onchange`, which reads the files
    // and then clears the input (`this.value=null` in Roundcube 1.6.5's upload form).
    document.addEventListener('change', (e) => this.#onChange(e), capture);
    document.addEventListener('drop', (e) => this.#onDrop(e as DragEvent), capture);
    // Roundcube sends with form.submit() from a click handler: no submit event to wait for.
    document.addEventListener('click', (e) => this.#onClick(e), capture);
    // Recipients: elastic's widget updates its textarea with jQuery `.val()` (no event), so typing
    // events, focus moves and the widget's boxes (MutationObserver) all trigger a recount.
    for (const type of ['input', 'keyup', 'focusout']) {
      document.addEventListener(
        type,
        (e) => {
          if (this.#isRecipientField(e.target) || type === 'focusout') this.#recount();
        },
        capture,
      );
    }

    const list = this.compose.attachmentList();
    // Items, their upload state (a class or a style) and nested item containers (SOGo's chips) all count.
    if (list)
      this.#observe(list, { childList: true, subtree: true, attributes: true, attributeFilter: ['class', 'style'] }, () => this.#sync());
    for (const field of this.compose.recipientFields()) {
      if (field.parentElement) this.#observe(field.parentElement, { childList: true, subtree: true }, () => this.#recount());
    }
    signal.addEventListener('abort', () => clearTimeout(this.#timer), { once: true });

    this.#recipients = this.#countRecipients();
    // Where each upload is saved into the mailbox at once, the room it had before this message's
    // uploads is what they are compared with (asked once: the drafts then fill it themselves).
    if (this.compose.uploadsFillMailbox && this.account) void this.#askMailboxRoom(this.account);
    // The live region must be in the page before it has anything to say: screen readers announce
    // changes to a region they know, not a region that arrives with its text.
    this.#ensureBanner();
    // Attachments already in the list (a forwarded message, a draft, or a restart of this nudge).
    this.#sync();
    this.#update();
  }

  async #askMailboxRoom(account: string): Promise<void> {
    const reply: unknown = await sendToBackground({ type: 'mailbox-room', account }).catch(() => null);
    if (this.signal.aborted || !isMailboxRoomReply(reply) || reply.roomBytes === null) return;
    this.#mailboxRoomBytes = reply.roomBytes;
    this.#update();
  }

  #observe(target: Node, options: MutationObserverInit, callback: () => void): void {
    const observer = new MutationObserver(callback);
    observer.observe(target, options);
    this.signal.addEventListener('abort', () => observer.disconnect(), { once: true });
  }

  #isRecipientField(target: EventTarget | null): boolean {
    return target instanceof Element && (this.compose.recipientFields() as Element[]).includes(target);
  }

  #countRecipients(): number {
    return countRecipients(this.compose.recipientFields().map((f) => f.value));
  }

  #recount(): void {
    const n = this.#countRecipients();
    if (n === this.#recipients) return;
    this.#recipients = n;
    this.#update();
  }

  // ---------------------------------------------------------------- attachments in

  #onChange(event: Event): void {
    const input = event.target;
    if (!(input instanceof HTMLInputElement) || input.type !== 'file' || !this.compose.isAttachmentInput(input)) return;
    this.#arrived(pickedFiles(input.files), input);
  }

  #onDrop(event: DragEvent): void {
    if (!this.compose.isDropTarget(event.target)) return;
    const files = pickedFiles(event.dataTransfer?.files);
    if (files.length > 0) this.#arrived(files, null);
  }

  #arrived(files: PickedFile[], input: HTMLInputElement | null): void {
    if (this.compose.attachmentItems() === null) {
      // No list to follow (generic webmail): the input's files are the attachments from it.
      if (!input) return;
      let source = this.#directSources.get(input);
      if (!source) this.#directSources.set(input, (source = `input${Math.random().toString(36).slice(2)}`));
      this.#changed(this.s.ledger.setDirect(source, files));
      return;
    }
    if (files.length === 0) return;
    const batch = this.s.ledger.addBatch(files);
    // The banner speaks from the pick: the files count while they upload (projectedBytes).
    this.#update();
    // Once the webmail had its chance to show the files in its list (an uploading item), a batch it
    // still does not show was refused before any upload.
    setTimeout(() => {
      if (this.signal.aborted) return;
      this.#sync();
      this.s.ledger.expireUnbound(batch);
      this.#update();
    }, this.compose.listShowsPickWithinMs);
  }

  #sync(): void {
    const items = this.compose.attachmentItems();
    if (!items) return;
    const projected = this.s.ledger.projectedBytes;
    const result = this.s.ledger.reconcile(
      items.map((item) => ({ id: item.id, name: item.name, uploading: item.uploading, shownBytes: parseSizeText(item.sizeText) })),
    );
    if (result.added.length > 0 || result.removed.length > 0) this.#changed(result);
    // An upload that failed or was cancelled leaves the count without any attachment changing.
    else if (this.s.ledger.projectedBytes !== projected) this.#update();
  }

  #changed({ added, removed }: ReconcileResult): void {
    // An attachment that made it into the message: the failed one is history.
    if (added.length > 0) this.#didNotFit = null;
    const saved = removed.filter((a) => this.s.warned.delete(a.id) && a.bytes > 0);
    if (saved.length > 0) void this.#recordSavings(saved);
    // A bigger message than the one the user hid the banner for deserves a new look.
    if (added.length > 0 && this.s.dismissedAt !== null && this.s.ledger.projectedBytes > this.s.dismissedAt) {
      this.s.dismissedAt = null;
      this.#banner?.reopen();
    }
    this.#update();
  }

  /**
   * One estimate and one report for everything removed at once: a page removing many (fake)
   * attachments costs the background one model run, and the savings count one message's batch.
   */
  async #recordSavings(removed: Attachment[]): Promise<void> {
    const bytes = removed.reduce((sum, attachment) => sum + attachment.bytes, 0);
    const estimate = await requestEstimate(bytes, recipientsForEstimate(this.#recipients));
    if (!estimate) return;
    await sendToBackground({ type: 'record-saving', bytes, grams: estimate.grams }).catch(() => undefined);
  }

  // ---------------------------------------------------------------- figures out

  #level(): AttachmentLevel {
    return attachmentLevel(this.s.ledger.projectedBytes, this.settings.attachmentThresholdMB, this.#limitBytes);
  }

  #update(): void {
    clearTimeout(this.#timer);
    const level = this.#level();
    if (level === 'quiet') {
      this.#requestNo++;
      this.#banner?.render(
        this.#didNotFit === null
          ? null
          : { level: 'over', headline: t('attachmentDidNotFit'), lines: [], warning: this.#didNotFit, source: '' },
      );
      this.#releaseHold();
      return;
    }
    this.#timer = setTimeout(() => void this.#estimate(), ESTIMATE_DEBOUNCE_MS);
  }

  async #estimate(): Promise<void> {
    const requestNo = ++this.#requestNo;
    const totalBytes = this.s.ledger.projectedBytes;
    const shownIds = this.s.ledger.attachments.map((a) => a.id);
    const reply = await requestEstimate(totalBytes, recipientsForEstimate(this.#recipients));
    if (!reply || requestNo !== this.#requestNo || this.signal.aborted) return;
    const level = this.#level();
    if (level === 'quiet') return;
    const banner = this.#ensureBanner();
    if (!banner) return;
    const view = bannerView(
      {
        totalBytes,
        exact: this.s.ledger.exact,
        recipients: this.#recipients,
        level,
        limitBytes: this.#limitBytes,
        mailboxRoomBytes: this.#mailboxRoomBytes,
      },
      reply,
      this.#locale,
    );
    this.#didNotFit = attachmentsFillMailbox(totalBytes, this.#mailboxRoomBytes) ? view.warning : null;
    banner.render(view);
    // Shown or hidden by the user, these attachments were part of a total we warned about.
    for (const id of shownIds) this.s.warned.add(id);
  }

  #ensureBanner(): AttachmentBanner | null {
    if (this.#banner) return this.#banner;
    const anchor = this.compose.bannerAnchor();
    if (!anchor) return null;
    this.#banner = createAttachmentBanner(
      anchor,
      {
        title: t('attachmentFrameTitle'),
        dismiss: t('attachmentDismiss'),
        sendAnyway: t('attachmentSendAnyway'),
        keepEditing: t('attachmentKeepEditing'),
      },
      this.signal,
      () => (this.s.dismissedAt = this.s.ledger.projectedBytes),
    );
    return this.#banner;
  }

  // ---------------------------------------------------------------- confirm before send

  #onClick(event: Event): void {
    if (!this.settings.attachmentConfirmBeforeSend || this.s.confirmed || !this.compose.isSendButton(event.target)) {
      // Any click may have picked an address from an autocomplete list (larry sets the textarea with `.val()`).
      this.#recount();
      return;
    }
    this.#sync();
    this.#recipients = this.#countRecipients();
    if (this.#level() === 'quiet') return;
    event.preventDefault();
    event.stopImmediatePropagation();
    const banner = this.#ensureBanner();
    const target = event.target instanceof HTMLElement ? event.target : null;
    if (!banner || !target) return;
    this.#held = target;
    this.s.dismissedAt = null;
    banner.hold(
      t('attachmentConfirmQuestion', keepTogether(formatBytes(this.s.ledger.projectedBytes, this.#locale))),
      () => {
        this.s.confirmed = true;
        const button = this.#held;
        this.#held = null;
        // The same button again, now let through: Roundcube's own handler sends as usual.
        button?.click();
      },
      () => {
        const button = this.#held;
        this.#held = null;
        button?.focus();
      },
    );
    this.#update();
  }

  #releaseHold(): void {
    if (!this.#held) return;
    this.#held = null;
    this.#banner?.release();
  }
}

import type { WebmailId } from './index.ts';
import type { CleanupView } from '../../shared/cleanup.ts';
import type { QuotaFacts } from '../../shared/messages.ts';

/**
 * What a webmail adapter knows: how to recognise the webmail and where the things we touch are.
 * Detection and locators only: no behaviour, no UI. Features ask; the adapter answers from the DOM.
 */
export interface WebmailPage<Id extends string = WebmailId> {
  id: Id;
  skin: string | null;
  /** The signed-in address as the page shows it, or null. */
  account(): string | null;
  /** The user's display name when the page shows it (context words for the password check). */
  displayName(): string | null;

  /** True on the views where the webmail shows its quota display when the server has quotas. */
  isQuotaView(): boolean;
  /** The element whose changes are changes of the quota shown (watched), or null while the page shows none. */
  quotaElement(): Element | null;
  /**
   * What the page says of the quota now, in terms no webmail owns (the background parses them without
   * knowing which webmail sent them). `absent` only where the adapter knows a missing display means a
   * server without quotas; null while it cannot tell (a view not drawn yet, an empty display): unknown
   * is unknown, never "no quota".
   */
  quotaFacts(): QuotaFacts | null;
  /**
   * Where this webmail is installed, as this page shows it: an absolute URL ending in `/` on the page's
   * own origin (Roundcube under /roundcube/, SOGo's /SOGo/, Horde's web root). Kept with each quota
   * reading: the popup's "open the webmail" and clean-up go there, not to the host's root.
   */
  webmailBaseUrl(): string;

  /**
   * Whether the webmail draws its views after load, without a page load (single-page webmails: a
   * password form, the compose dialog, the quota display, the vacation form). When false, nothing
   * watches the page for them: a busy mail view pays nothing for a view it never shows.
   */
  viewsAppearLater: boolean;
  /** New-password inputs (with their confirmation and the button that saves them), never a login form. */
  passwordForms(): PasswordFormLocators[];

  /** The out-of-office (vacation) reply form, or null when this page does not show it. */
  outOfOfficeForm(): OutOfOfficeFormLocators | null;

  /** True on a page where the user writes a message. */
  isCompose(): boolean;
  compose(): ComposeLocators | null;

  /**
   * What this webmail's sign-in page looks like: its form, or null on any other page. At an untrusted
   * address this is what makes the page a look-alike; at the trusted one, where the password is taken.
   */
  signIn(): SignInLocators | null;
  /** The page where the signed-in user changes their password on this webmail, named in the reuse warning. */
  passwordChangeUrl(): string | null;
  /** True on the page the webmail shows right after it saved a new password (not after a refusal). */
  passwordChangeSaved(): boolean;
}

export interface SignInLocators {
  form: HTMLFormElement | null;
  user: HTMLInputElement | null;
  password: HTMLInputElement;
  /** Buttons that submit it (Roundcube's is a real submit button: the form's `submit` event fires). */
  submitButtons: HTMLElement[];
}

export interface PasswordFormLocators {
  newPassword: HTMLInputElement;
  confirmation: HTMLInputElement | null;
  /** Where our verdict goes: right after this element. */
  anchor: Element;
  /** Buttons that save the form (Roundcube's are `type=button` calling `form.submit()`: no submit event). */
  saveButtons: HTMLElement[];
  form: HTMLFormElement | null;
  /**
   * The password rules the webmail prints beside the form, one text per rule, as the page words
   * them (any language). The nudge checks them too: the server enforces them on save.
   */
  webmailRuleTexts: string[];
}

export interface OutOfOfficeFormLocators {
  subject: HTMLInputElement | null;
  body: HTMLTextAreaElement;
  /** Fields whose changes are worth a new review (subject, body, interval). */
  fields: Array<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>;
  /** Days between two replies to one sender as the form says it now; null when left to the server. */
  intervalDays(): number | null;
  /** False only where the form can limit replies to the organisation's own senders. */
  repliesToExternalSenders: boolean;
  /** Where our advice goes: right after this element. */
  anchor: Element;
}

export interface ComposeLocators {
  /** Inputs the user attaches files with (`change` read in the capture phase: Roundcube clears them). */
  isAttachmentInput(target: EventTarget | null): boolean;
  /** Where dropped files count as attachments. */
  isDropTarget(target: EventTarget | null): boolean;
  /** The attachment list, watched (with its descendants' classes and styles) for uploads, removals and failures. */
  attachmentList(): Element | null;
  /**
   * How long after a pick the webmail's list shows the files at the latest (an uploading item), in
   * ms: a pick still not shown by then was refused before any upload and stops counting.
   */
  listShowsPickWithinMs: number;
  /**
   * True when the webmail saves each upload into the mailbox at once (SOGo re-saves the draft with
   * every attachment), so attachments can fill it before the message is even sent.
   */
  uploadsFillMailbox: boolean;
  /** The attachment list's items as the page shows them; null when this webmail has no list we know. */
  attachmentItems(): AttachmentItemFacts[] | null;
  /** Where our banner goes: right after this element. */
  bannerAnchor(): Element | null;
  /** The raw text of the To, Cc and Bcc fields (and of the inputs where an address is still being typed), to count recipients. */
  recipientFields(): Array<HTMLInputElement | HTMLTextAreaElement>;
  /** Elements whose click sends the message. */
  isSendButton(target: EventTarget | null): boolean;
  /** The webmail's own per-upload size limit, in bytes, when the page says it. */
  maxUploadHint(): string | null;
}

/** One item of the webmail's attachment list: page text, parsed by the nudge. */
export interface AttachmentItemFacts {
  id: string;
  /** The file name (while uploading, the uploading label). */
  name: string;
  uploading: boolean;
  /** The size the page prints beside it ("(6.0 MB)"), or null. */
  sizeText: string | null;
}

/**
 * One webmail: its id (messages and stored readings name it), what the popup calls it, what it can
 * do, and how its pages are recognised. Registered in ./index.ts.
 */
export interface WebmailAdapter<Id extends string = WebmailId> {
  id: Id;
  /** The product's name as the popup shows it (a proper noun, the same in every language); null: "your webmail". */
  productName: string | null;
  /** Where its mail view is, relative to the webmail's base URL (the popup's "open the webmail"). */
  mailViewPath: string;
  /** Where it usually is installed on its host, for a reading kept before base URLs were (an older version's). */
  defaultBasePath: string;
  /** The clean-up views its message list can show (background/cleanup.ts); none for a webmail we cannot drive. */
  cleanupViews: readonly Exclude<CleanupView, 'restoreSort'>[];
  /** Cheap: runs on every page. Returns null unless this page is this webmail. */
  detect(doc: Document, location: Location, webmailOrigins: readonly string[]): WebmailPage<Id> | null;
}

import type {
  AttachmentItemFacts,
  ComposeLocators,
  OutOfOfficeFormLocators,
  PasswordFormLocators,
  SignInLocators,
  WebmailAdapter,
  WebmailPage,
} from './types.ts';
import { shownQuotaFacts } from '../../shared/quota-facts.ts';

/**
 * SOGo 5.8 (Angular 1 + Angular Material). Facts checked on SOGo 5.8.0, Debian 12 package
 * (sogo 5.8.0-2+deb12u4), on the live pages of the project's lab (saved in test/fixtures/sogo) and in
 * the templates the package ships (`*.wox`). The page's Angular state is invisible from the isolated
 * world, so everything is read from the DOM and from the inline script the server prints.
 *
 * Every view is one document that Angular fills after load: the mail view's compose dialog, the
 * Preferences tabs and the sign-in page's expired-password step all appear without a page load.
 * The server's HTML holds none of the quota block, the password tab or the vacation form (checked on
 * SOGo 5.8.0, Debian 12 package, mail and preferences views loaded without JavaScript); in the lab the
 * quota caption was filled about 1.1 s after DOMContentLoaded. So at the moment a content script
 * starts these locators usually answer null, and `viewsAppearLater` has the nudges wait for them.
 */

const SOGO_ID = 'sogo';

/**
 * UIxPageFrame.wox, every page (checked on SOGo 5.8.0, Debian 12 package, login, mail, preferences):
 * `<body ng-app="SOGo.MainUI">` (sign-in), `SOGo.MailerUI`, `SOGo.PreferencesUI`, `SOGo.ContactsUI`,
 * `SOGo.SchedulerUI`…, and in the head `<meta name="description" content="SOGo Web Interface">`.
 */
const NG_APP_PREFIX = 'SOGo.';
const EMAIL = /^[^\s@<>]+@[^\s@<>]+$/;

function textOf(el: Element | null | undefined): string | null {
  const text = el?.textContent?.trim();
  return text ? text : null;
}

/**
 * The frame's inline script, printed for a signed-in user (UIxPageFrame.wox, checked on SOGo 5.8.0,
 * Debian 12 package, mail, compose and preferences views):
 * `var UserFolderURL = '/SOGo/so/alice@example.test/'; var UserLogin = 'alice@example.test';
 * var UserIdentification = "Alice Martin"; var UserEmail = 'alice@example.test';`
 * The sign-in page prints none of them.
 */
function frameScript(doc: Document): string | null {
  for (const script of doc.querySelectorAll('script:not([src])')) {
    const text = script.textContent ?? '';
    if (text.includes('var UserLogin')) return text;
  }
  return null;
}

/** `var <name> = '<value>';` as the frame prints it (single-quoted, not escaped). */
function quotedVar(script: string | null, name: string): string | null {
  if (!script) return null;
  const match = new RegExp(`var ${name} = '([^'\\n]{1,500})';`).exec(script);
  return match?.[1] ?? null;
}

export const sogoAdapter: WebmailAdapter<typeof SOGO_ID> = {
  id: SOGO_ID,
  productName: 'SOGo',
  // Where Debian's package serves it (an address IT listed is used as it is; the path is the package's default).
  mailViewPath: './',
  defaultBasePath: '/SOGo/',
  cleanupViews: [],
  detect(doc) {
    const body = doc.body;
    // One attribute read on every page; the head's meta only on candidates.
    if (!body?.getAttribute('ng-app')?.startsWith(NG_APP_PREFIX)) return null;
    if (!doc.querySelector('head meta[name="description"][content="SOGo Web Interface"]')) return null;
    return sogoPage(doc, body.getAttribute('ng-app') ?? '');
  },
};

function sogoPage(doc: Document, module: string): WebmailPage<typeof SOGO_ID> {
  let script: string | null | undefined;
  const frame = () => (script === undefined ? (script = frameScript(doc)) : script);
  const page: WebmailPage<typeof SOGO_ID> = {
    id: SOGO_ID,
    // One look (Angular Material's default theme); SOGo has no skins to tell apart.
    skin: null,
    account() {
      const email = quotedVar(frame(), 'UserEmail') ?? quotedVar(frame(), 'UserLogin');
      return email && EMAIL.test(email) ? email : null;
    },
    displayName() {
      // `var UserIdentification = "Alice Martin";`: a double-quoted JavaScript string (the user's cn).
      const match = /var UserIdentification = ("(?:[^"\\\n]|\\.){1,300}");/.exec(frame() ?? '');
      if (!match?.[1]) return null;
      try {
        const name = (JSON.parse(match[1]) as string).trim();
        return name && !EMAIL.test(name) ? name : null;
      } catch {
        return null;
      }
    },
    // The quota sits in the mail view's sidenav, one block per account (UIxMailMainFrame.wox).
    isQuotaView: () => module === 'SOGo.MailerUI',
    // Checked on SOGo 5.8.0, Debian 12 package, mail view: `<div ng-show="::account.$quota" class="sg-quota">`
    // holding `md-progress-linear[value="42"]` and `div.sg-md-caption` "42% used on 20 MB" /
    // "42% utilisé sur 20 MO" (percent with up to 2 decimals, always a dot; limit in MB, 2 decimals).
    // No title. The first block is the first account's: the signed-in user's own mailbox. The
    // caption stays in the DOM (hidden) while the account is collapsed. Angular draws the block and
    // fills the caption after load (about 1.1 s after DOMContentLoaded in the lab), from a JSON answer
    // (`quotas: {usedSpace, maxQuota}`), never from a boot script.
    quotaElement: () => doc.querySelector('.sg-quota'),
    quotaFacts() {
      if (module !== 'SOGo.MailerUI') return null;
      // No block, or an empty caption: not drawn yet, or a server without quotas (`ng-show` keeps
      // the block hidden then). The page cannot tell which: unknown, never "no quota".
      const caption = textOf(doc.querySelector('.sg-quota .sg-md-caption'));
      return caption ? shownQuotaFacts(caption, '') : null;
    },
    webmailBaseUrl() {
      // Every page is under SOGo's application path: `/SOGo/` (sign-in), `/SOGo/so/<uid>/Mail/view`
      // (checked on SOGo 5.8.0, Debian 12 package); a site may mount it elsewhere, hence the path read.
      const href = doc.location?.href ?? location.href;
      const path = new URL(href).pathname;
      const app = /^(.*?\/)so\//.exec(path)?.[1] ?? path.replace(/[^/]*$/, '');
      return new URL(app, href).href;
    },
    // Preferences' tabs and the sign-in page's expired-password step are rendered by Angular.
    viewsAppearLater: true,
    passwordForms: () => sogoPasswordForms(doc),
    outOfOfficeForm: () => (module === 'SOGo.PreferencesUI' ? sogoOutOfOffice(doc) : null),
    // The compose dialog opens inside the mail view (or alone in a popup with the same dialog).
    isCompose: () => doc.querySelector('md-dialog#mailEditor') !== null,
    compose: () => (page.isCompose() ? sogoCompose(doc) : null),
    signIn: () => (module === 'SOGo.MainUI' ? sogoSignIn(doc) : null),
    passwordChangeUrl() {
      // Preferences > General holds the Password tab: `/SOGo/so/<uid>/Preferences#!/general`.
      const folder = quotedVar(frame(), 'UserFolderURL');
      if (!folder) return null;
      return new URL(`${folder.replace(/\/?$/, '/')}Preferences#!/general`, doc.location?.href ?? location.href).href;
    },
    // SOGo saves a password with an XHR (`POST /SOGo/so/changePassword`, 204) and says so in a dialog
    // of the same page: no page is shown "after" the save, so a page load never is that page.
    passwordChangeSaved: () => false,
  };
  return page;
}

/** The sign-in form: SOGo's MainUI (SOGoRootPage.wox). */
function sogoSignIn(doc: Document): SignInLocators | null {
  // Checked on SOGo 5.8.0, Debian 12 package, login: `form[name=loginForm]` (Angular `ng-submit`, so a
  // real submit event), `input[ng-model="app.creds.username"]` (generated name, no stable id),
  // `input#passwordField[ng-model="app.creds.password"]`, `button[type=submit][aria-label="Connect"]`.
  const password = doc.querySelector<HTMLInputElement>('input#passwordField[type="password"][ng-model="app.creds.password"]');
  if (!password) return null;
  const form = password.form;
  return {
    form,
    user: doc.querySelector<HTMLInputElement>('input[ng-model="app.creds.username"]'),
    password,
    submitButtons: form ? [...form.querySelectorAll<HTMLElement>('button[type="submit"]')] : [],
  };
}

/**
 * Preferences > General > Password (UIxPreferences.wox, `md-content#passwordView`) and the sign-in
 * page's expired-password step (SOGoRootPage.wox, `[ng-switch-when="passwordchange"]`) share the
 * field models (checked on SOGo 5.8.0, Debian 12 package, password view):
 * `input[type=password][ng-model="app.passwords.newPassword"]` (generated name and id),
 * `input[name=newPasswordConfirmation]`, and `button[ng-click="app.changePassword()"]` (`type=button`:
 * an XHR, no submit event). The server's rules, from `userPasswordPolicy`, are printed under the new
 * password as `div.sg-hint > ul > li` ("Minimum length of 10 characters" / "Longueur d'au moins 10
 * caractère(s)"); the list is empty without a policy.
 */
function sogoPasswordForms(doc: Document): PasswordFormLocators[] {
  const forms: PasswordFormLocators[] = [];
  for (const newPassword of doc.querySelectorAll<HTMLInputElement>('input[type="password"][ng-model="app.passwords.newPassword"]')) {
    const scope = newPassword.closest('#passwordView, [ng-switch-when="passwordchange"]') ?? newPassword.form ?? doc.body;
    const confirmation = scope.querySelector<HTMLInputElement>('input[type="password"][ng-model="app.passwords.newPasswordConfirmation"]');
    const field = newPassword.closest('md-input-container');
    const webmailRuleTexts = [...(field?.querySelectorAll('.sg-hint li') ?? [])]
      .map((li) => li.textContent ?? '')
      .filter((text) => text.trim() !== '');
    // The three fields share one `layout="row"` line: our verdict goes under that line, not into it.
    const row = field?.parentElement ?? null;
    forms.push({
      newPassword,
      confirmation,
      anchor: row ?? newPassword,
      saveButtons: [...scope.querySelectorAll<HTMLElement>('button[ng-click="app.changePassword()"]')],
      form: newPassword.form,
      webmailRuleTexts,
    });
  }
  return forms;
}

/**
 * Preferences > Mail > Vacation (UIxPreferences.wox, `#mailVacationView-content`), checked on SOGo
 * 5.8.0, Debian 12 package, vacation view: subject `input[ng-model="app.preferences.defaults.Vacation.customSubject"]`
 * (disabled until "Enable custom auto reply subject"), body `textarea#autoReplyText`, and the days
 * between two replies to one sender in an Angular Material `md-select` (no native select: its shown
 * value is the `md-select-value` text, "7" by default). SOGo writes a Sieve vacation action, which
 * answers every sender: the form has no "my organisation only" choice.
 */
function sogoOutOfOffice(doc: Document): OutOfOfficeFormLocators | null {
  const body = doc.querySelector<HTMLTextAreaElement>('textarea[ng-model="app.preferences.defaults.Vacation.autoReplyText"]');
  if (!body) return null;
  const subject = doc.querySelector<HTMLInputElement>('input[ng-model="app.preferences.defaults.Vacation.customSubject"]');
  const interval = doc.querySelector('md-select[ng-model="app.preferences.defaults.Vacation.daysBetweenResponse"]');
  return {
    subject,
    body,
    fields: [subject, body].filter((f): f is HTMLInputElement | HTMLTextAreaElement => f !== null),
    intervalDays() {
      const shown = textOf(interval?.querySelector('md-select-value'));
      return shown && /^\d{1,4}$/.test(shown) ? Number(shown) : null;
    },
    repliesToExternalSenders: true,
    anchor: body.closest('md-input-container') ?? body,
  };
}

/** The mail editor dialog (UIxMailEditor.wox). */
function sogoCompose(doc: Document): ComposeLocators {
  const editor = () => doc.querySelector('md-dialog#mailEditor');
  const attachmentChips = () => editor()?.querySelector('md-chips[ng-model="editor.uploader.queue"]') ?? null;
  // Chips have no id of their own: each element gets one while it lives (ng-repeat keeps the element per file).
  const chipIds = new WeakMap<Element, string>();
  let nextChip = 0;
  const chipId = (chip: Element) => {
    let id = chipIds.get(chip);
    if (!id) chipIds.set(chip, (id = `sogo-attachment-${++nextChip}`));
    return id;
  };
  return {
    // Checked on SOGo 5.8.0, Debian 12 package, compose: `input#fileInput[type=file][multiple]` (class
    // ng-hide), opened by `label[for=fileInput]`; angular-file-upload uploads at once (`autoUpload`).
    isAttachmentInput: (target) => target instanceof HTMLInputElement && target.type === 'file' && target.id === 'fileInput',
    // The whole dialog is the drop zone: `md-dialog#mailEditor[nv-file-drop]` (class `sg-over-dropzone` while dragged over).
    isDropTarget: (target) => target instanceof Element && target.closest('md-dialog#mailEditor[nv-file-drop]') !== null,
    attachmentList: attachmentChips,
    // angular-file-upload queues the files on `change` and Angular draws the chips at its next
    // digest (seen in the lab: within a few hundred ms, on a busy page).
    listShowsPickWithinMs: 1000,
    // Each upload re-saves the draft, attachments included, into the Drafts folder (SOGo 5.8,
    // UIxMailEditor `save`; seen in the lab: an upload can fail with "Quota exceeded" while the
    // message itself still leaves over SMTP).
    uploadsFillMailbox: true,
    // `md-dialog-actions.sg-mail-editor-attachments md-chips[ng-model="editor.uploader.queue"] md-chip`, each
    // with `a` (the file name) and `span.sg-chip-progress`, shown from the file's pick (seen in the lab:
    // the chip is there at once) and class ng-hide once uploaded. SOGo prints no size anywhere: the
    // sizes come from the files picked or dropped (the input is emptied after the upload).
    attachmentItems() {
      const chips = attachmentChips();
      if (!chips) return null;
      return [...chips.querySelectorAll('md-chip')].map((chip): AttachmentItemFacts => ({
        id: chipId(chip),
        name: textOf(chip.querySelector('a')) ?? '',
        uploading: chip.querySelector('.sg-chip-progress:not(.ng-hide)') !== null,
        sizeText: null,
      }));
    },
    bannerAnchor: () => editor()?.querySelector('md-dialog-actions.sg-mail-editor-attachments') ?? null,
    recipientFields: () => sogoRecipientFields(doc),
    // `button[ng-click="editor.send()"]` in the dialog's toolbar (an icon, no text; click → XHR).
    isSendButton: (target) => target instanceof Element && target.closest('md-dialog#mailEditor button[ng-click="editor.send()"]') !== null,
    // SOGo prints no upload limit in the page (WOMaxUploadSize is only enforced by the server).
    maxUploadHint: () => null,
  };
}

/**
 * To, Cc and Bcc are `md-chips[ng-model="editor.message.editable.to|cc|bcc"]` (checked on SOGo 5.8.0,
 * Debian 12 package, compose, in the lab's browser): each committed recipient is an `md-chip` whose
 * `.md-chip-content > md-chip-template > .sg-tile-content` prints the recipient as typed
 * ("bob@example.test"), and the address still being typed is in the field's `md-autocomplete input`. The chips are no input, so
 * their text is handed over in a detached, read-only textarea per field, next to the real inputs.
 */
function sogoRecipientFields(doc: Document): Array<HTMLInputElement | HTMLTextAreaElement> {
  const fields: Array<HTMLInputElement | HTMLTextAreaElement> = [];
  for (const chips of doc.querySelectorAll('md-dialog#mailEditor md-chips[ng-model^="editor.message.editable."]')) {
    const committed = [...chips.querySelectorAll('md-chip .md-chip-content')].map((chip) => chip.textContent ?? '');
    if (committed.length > 0) {
      const text = doc.createElement('textarea');
      text.readOnly = true;
      text.value = committed.join(', ');
      fields.push(text);
    }
    fields.push(...chips.querySelectorAll<HTMLInputElement>('md-autocomplete input[type="text"]'));
  }
  return fields;
}

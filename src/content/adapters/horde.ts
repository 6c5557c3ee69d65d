import type { AttachmentItemFacts, ComposeLocators, PasswordFormLocators, SignInLocators, WebmailAdapter, WebmailPage } from './types.ts';
import { shownQuotaFacts } from '../../shared/quota-facts.ts';

/**
 * Horde Webmail 5.2 (horde 5.2.22, IMP 6.2 dynamic view, Passwd 5.0), default theme. Facts checked on
 * Horde 5.2, Debian 12 packages (php-horde-webmail 5.2.22-6, php-horde-imp 6.2.27-3,
 * php-horde-passwd 5.0.7-9), on the live pages of the project's lab (saved in test/fixtures/horde) and
 * in the packages' templates and scripts.
 *
 * The sign-in page, the mailbox, the compose window (a popup with its own page load) and the Passwd
 * page are separate page loads; the password form is printed by the server, never added later.
 */

const HORDE_ID = 'horde';

const EMAIL = /^[^\s@<>]+@[^\s@<>]+$/;
/**
 * Where Horde's web root shows in each view (checked on Horde 5.2, Debian 12 package): its core script
 * `<script src="/js/horde.js?v=…">` (absent where `cachejs` bundles the scripts), the logo's link
 * `#horde-logo a[href="/services/portal/"]`, the login form's `action=".../login.php"`, and the
 * compose form's `action=".../services/ajax.php/imp/addAttachment?…"`.
 */
const ROOT_SOURCES: ReadonlyArray<{ selector: string; attribute: string; suffix: RegExp }> = [
  { selector: 'script[src*="js/horde.js"]', attribute: 'src', suffix: /js\/horde\.js$/ },
  { selector: '#horde-logo a[href]', attribute: 'href', suffix: /services\/portal\/?$/ },
  { selector: 'form#horde_login[action]', attribute: 'action', suffix: /login\.php$/ },
  { selector: 'form#compose[action]', attribute: 'action', suffix: /services\/ajax\.php\/.*$/ },
];
/** Horde's web root on this page's origin, from the first of ROOT_SOURCES the page has, or null. */
function webRoot(doc: Document): string | null {
  for (const { selector, attribute, suffix } of ROOT_SOURCES) {
    const value = doc.querySelector(selector)?.getAttribute(attribute);
    if (!value) continue;
    const base = doc.location?.href ?? location.href;
    const path = new URL(value, base).pathname;
    const root = path.replace(suffix, '');
    // The root is a path of this page's own origin, whatever host a script was linked from.
    if (root !== path && root.endsWith('/')) return new URL(root, base).href;
  }
  return null;
}

/**
 * Passwd's success notice, printed in the page that answers the POST (Horde_Core's DynamicStatus
 * listener), checked on Horde 5.2, Debian 12 package, password, after a change in the lab:
 * `window.HordeCore.showNotifications([{"message":"Password changed on Lab mail server.","flags":[],"type":"horde.success","charset":"UTF-8"}]);`
 * (a refusal: the same with "horde.warning" or "horde.error"). Passwd pushes no other
 * `horde.success` (passwd/lib/Basic.php). The call's argument is read from its start, within a bound.
 */
const NOTICE_CALL = 'HordeCore.showNotifications([';
const MAX_NOTICE_LENGTH = 4000;
const SAVED_TYPE = '"type":"horde.success"';

function textOf(el: Element | null | undefined): string | null {
  const text = el?.textContent?.trim();
  return text ? text : null;
}

type HordeView = 'login' | 'mailbox' | 'compose' | 'passwd' | 'other';

/**
 * Which page this is, from elements every view prints (checked on Horde 5.2, Debian 12 package):
 * login `form#horde_login` with `#horde_user` and `#horde_pass`; every page with Horde's top bar
 * (the dynamic mailbox, Passwd…) `#horde-head` holding `#horde-logo` and `#horde-version`
 * ("Groupware 5.2.22"); the compose popup has no top bar but `<body class="horde-ajax">` and
 * `form#compose` with the attachment row `#atcdiv`. The mailbox is the page with the quota's
 * container `#horde-info`; Passwd the one with `form#passwd`. No script address is relied on:
 * Horde's `cachejs` option serves all scripts from one cached file.
 */
function viewOf(doc: Document): HordeView | null {
  // Id lookups first: they cost next to nothing on the pages of every other site.
  const login = doc.getElementById('horde_login');
  const head = doc.getElementById('horde-head');
  const ajax = doc.body?.classList.contains('horde-ajax') ?? false;
  if (!login && !head && !ajax) return null;
  if (login instanceof HTMLFormElement && login.querySelector('#horde_user') && login.querySelector('input#horde_pass[type="password"]')) {
    return 'login';
  }
  if (head?.querySelector('#horde-logo') && head.querySelector('#horde-version')) {
    if (doc.querySelector('form#passwd')) return 'passwd';
    return ajax && doc.getElementById('horde-info') ? 'mailbox' : 'other';
  }
  if (ajax && doc.querySelector('form#compose #atcdiv')) return 'compose';
  return null;
}

export const hordeAdapter: WebmailAdapter<typeof HORDE_ID> = {
  id: HORDE_ID,
  productName: 'Horde',
  // Where Debian's package serves it (an address IT listed is used as it is; the path is the package's default).
  mailViewPath: './',
  defaultBasePath: '/horde/',
  cleanupViews: [],
  detect(doc) {
    const view = viewOf(doc);
    return view ? hordePage(doc, view) : null;
  },
};

function hordePage(doc: Document, view: HordeView): WebmailPage<typeof HORDE_ID> {
  const page: WebmailPage<typeof HORDE_ID> = {
    id: HORDE_ID,
    // The default theme is the one checked; Horde's theme is a per-user preference we do not tell apart.
    skin: null,
    account() {
      // The dynamic mailbox names nobody (checked on Horde 5.2, Debian 12 package, mail view: no user
      // anywhere in its DOM or inline scripts, nor in the `dynamicInit` AJAX answer that fills it, seen
      // in the lab on 2026-12-04; the only addresses there are the senders'). Its quota is therefore
      // sent with no account, and the background ties it to the account a page at the same address
      // last named (background/quota.ts). The compose form carries the signed-in login,
      // `<input type="hidden" id="user" name="user" value="alice@example.test">`, and Passwd its
      // `input[name=userid]`; the login is an address only where the site signs in with addresses.
      const field =
        view === 'compose'
          ? doc.querySelector<HTMLInputElement>('form#compose input#user')
          : view === 'passwd'
            ? doc.querySelector<HTMLInputElement>('form#passwd input[name="userid"]')
            : null;
      const login = field?.value.trim() ?? '';
      return EMAIL.test(login) ? login : null;
    },
    // Neither page shows the user's name (the compose identity select is a hidden input with one identity).
    displayName: () => null,
    isQuotaView: () => view === 'mailbox',
    // Checked on Horde 5.2, Debian 12 package, mail view: `<div id="horde-info"><span id="quota-text"
    // class="">42% of 20 MB</span>…`, French "42% de 20 MB" (IMP's "%.0f%% of %.0f %s", unit not
    // translated; class quotawarn ≥ 75 %, quotaalert ≥ 90 %). No title. Filled by an AJAX answer
    // (`imp:quota` task) after load, empty until then, and refreshed by IMP's polling without a page
    // load: the element is there from the start and watched.
    quotaElement: () => (view === 'mailbox' ? doc.getElementById('quota-text') : null),
    quotaFacts() {
      // Empty: not filled yet, or a server without quotas (IMP then never fills it): unknown.
      const text = textOf(page.quotaElement());
      return text ? shownQuotaFacts(text, '') : null;
    },
    // Passwd is a full page printed by the server (passwd/templates/index.html.php).
    viewsAppearLater: false,
    passwordForms: () => (view === 'passwd' ? hordePasswordForms(doc) : []),
    // Horde's vacation reply is in Ingo (the filters app), which this adapter does not cover: no saved page of it.
    outOfOfficeForm: () => null,
    isCompose: () => view === 'compose',
    compose: () => (view === 'compose' ? hordeCompose(doc) : null),
    signIn: () => (view === 'login' ? hordeSignIn(doc) : null),
    passwordChangeUrl() {
      // Passwd lives under Horde's web root (its registry entry: horde's webroot + '/passwd'), as the
      // gear menu's "Password" link `/passwd/` says.
      const root = webRoot(doc);
      return root ? new URL('passwd/', root).href : null;
    },
    // IMP is `<root>/imp/…`: the page's own path up to `imp/` when the page does not say its root.
    webmailBaseUrl: () =>
      webRoot(doc) ??
      new URL(
        new URL(doc.location?.href ?? location.href).pathname.replace(/imp\/.*$/, '').replace(/[^/]*$/, ''),
        doc.location?.href ?? location.href,
      ).href,
    passwordChangeSaved() {
      if (view !== 'passwd') return false;
      for (const script of doc.querySelectorAll('script:not([src])')) {
        const text = script.textContent ?? '';
        const call = text.indexOf(NOTICE_CALL);
        if (call !== -1 && text.slice(call, call + MAX_NOTICE_LENGTH).includes(SAVED_TYPE)) return true;
      }
      return false;
    },
  };
  return page;
}

/**
 * The login page (login.php), checked on Horde 5.2, Debian 12 package, login: `form#horde_login`
 * (POST, a real submit), `input#horde_user`, `input#horde_pass`, `input#login-button[type=submit]`.
 */
function hordeSignIn(doc: Document): SignInLocators | null {
  const password = doc.querySelector<HTMLInputElement>('form#horde_login input#horde_pass[type="password"]');
  if (!password) return null;
  return {
    form: password.form,
    user: doc.querySelector<HTMLInputElement>('form#horde_login input#horde_user'),
    password,
    submitButtons: [...doc.querySelectorAll<HTMLElement>('form#horde_login #login-button')],
  };
}

/**
 * Passwd's form (passwd/templates/index.html.php), checked on Horde 5.2, Debian 12 package, password:
 * `form#passwd` with `#passwd-oldpassword`, `#passwd-newpassword0`, `#passwd-newpassword1` in
 * `div.horde-form > table`, then `p.horde-form-buttons` with `input#passwd-submit[type=submit]` (a real
 * submit; passwd.js blocks it with an alert() when a field is empty or the two differ). Passwd prints
 * no rules: its policy (minLength, minNumeric…) stays in the backend configuration, checked on submit.
 */
function hordePasswordForms(doc: Document): PasswordFormLocators[] {
  const newPassword = doc.querySelector<HTMLInputElement>('form#passwd input#passwd-newpassword0[type="password"]');
  if (!newPassword) return [];
  const form = newPassword.form;
  return [
    {
      newPassword,
      confirmation: doc.querySelector<HTMLInputElement>('form#passwd input#passwd-newpassword1[type="password"]'),
      // After the fields' table, above the buttons.
      anchor: newPassword.closest('.horde-form') ?? newPassword,
      saveButtons: [...doc.querySelectorAll<HTMLElement>('form#passwd #passwd-submit')],
      form,
      webmailRuleTexts: [],
    },
  ];
}

/**
 * IMP's dynamic compose (imp/templates/dynamic/compose.html.php, the popup window
 * `imp/dynamic.php?page=compose`), checked on Horde 5.2, Debian 12 package, compose.
 */
function hordeCompose(doc: Document): ComposeLocators {
  // List items have no id: each element gets one while it lives (IMP appends one `li` per upload).
  const itemIds = new WeakMap<Element, string>();
  let nextItem = 0;
  const itemId = (li: Element) => {
    let id = itemIds.get(li);
    if (!id) itemIds.set(li, (id = `horde-attachment-${++nextItem}`));
    return id;
  };
  const list = () => doc.querySelector('form#compose ul#attach_list');
  // `#upload_wait` is one element shown again for every upload: each showing is an item of its own.
  let uploadNo = 0;
  let uploadShown = false;
  const uploadWait = (): AttachmentItemFacts | null => {
    const wait = doc.querySelector<HTMLElement>('form#compose #atcdiv #upload_wait');
    const shown = wait !== null && wait.style.display !== 'none';
    if (shown && !uploadShown) uploadNo++;
    uploadShown = shown;
    return shown ? { id: `horde-upload-${uploadNo}`, name: textOf(wait) ?? '', uploading: true, sizeText: null } : null;
  };
  return {
    // `<input id="upload" multiple name="file_upload[]" type="file">`; its change submits the whole form into a hidden iframe.
    isAttachmentInput: (target) => target instanceof HTMLInputElement && target.type === 'file' && target.id === 'upload',
    // `div#atcdrop` ("Drop file(s) here to attach.") shows over `#atcdiv` while a file is dragged; a drop on it uploads.
    isDropTarget: (target) => target instanceof Element && target.closest('#atcdrop') !== null,
    // `#atcdiv` holds the upload progress (`#upload_wait`) and the list.
    attachmentList: () => doc.querySelector('form#compose #atcdiv'),
    // compose-dimp.js `uploadAttachmentWait` shows `#upload_wait` in the same `change` handler that starts the upload.
    listShowsPickWithinMs: 0,
    // IMP keeps uploads in its compose cache (VFS or session) until the message is sent or saved.
    uploadsFillMailbox: false,
    // `<li><canvas title="application/octet-stream"></canvas><span class="attachNameNoview">report-6MB.bin</span>
    // <span class="attachSize">(6.0 MB)</span>…</li>` ("attachName" for viewable types); French
    // "(6,0 Mo)" with a no-break space. An item appears only once its upload ended; while it runs,
    // `<span id="upload_wait">Uploading... (name)</span>` is shown (hidden again at the end, before
    // the new items are listed: compose-dimp.js `addAttachmentEnd`): the uploading item.
    attachmentItems() {
      const ul = list();
      if (!ul) return null;
      const items = [...ul.children]
        .filter((li) => li.tagName === 'LI')
        .map((li): AttachmentItemFacts => ({
          id: itemId(li),
          name: textOf(li.querySelector('.attachName, .attachNameNoview')) ?? '',
          uploading: false,
          sizeText: textOf(li.querySelector('.attachSize')),
        }));
      const uploading = uploadWait();
      return uploading ? [...items, uploading] : items;
    },
    // `#atcdiv` holds the Add Attachment link and the list, in the attachments row of the headers table.
    bannerAnchor: () => doc.getElementById('atcdiv'),
    // Plain textareas `#to`, `#cc`, `#bcc` (the last two in rows hidden until "Add Cc"/"Add Bcc"), comma-separated.
    recipientFields: () => [
      ...doc.querySelectorAll<HTMLTextAreaElement>('form#compose textarea#to, form#compose textarea#cc, form#compose textarea#bcc'),
    ],
    // `<a id="send_button" class="dimpactionForward">Send</a>`: a click handler sends with an XHR.
    isSendButton: (target) => target instanceof Element && target.closest('#send_button') !== null,
    maxUploadHint() {
      // No sentence states it, but the form carries PHP's upload limit in bytes for the server:
      // `<input type="hidden" name="MAX_FILE_SIZE" value="52428800">` (min of upload_max_filesize and post_max_size).
      const value = doc.querySelector<HTMLInputElement>('form#compose input[name="MAX_FILE_SIZE"]')?.value.trim() ?? '';
      return /^\d{1,15}$/.test(value) && value !== '0' ? `${value} B` : null;
    },
  };
}

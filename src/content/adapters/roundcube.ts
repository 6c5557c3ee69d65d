import type { ComposeLocators, OutOfOfficeFormLocators, PasswordFormLocators, WebmailAdapter, WebmailPage } from './types.ts';
import { parseRoundcubeQuotaData, type RoundcubeQuotaData } from '../../model/quota-data.ts';
import { shownQuotaFacts } from '../../shared/quota-facts.ts';

/**
 * Roundcube 1.6: its two skins, elastic and larry, and any skin made from them under another name (a
 * provider's own, such as the French ministries' Mél `mel_elastic` and `mel_larry`). Facts checked against
 * Debian 12's roundcube-core 1.6.5; the DOM facts below were read from the live pages of the project's lab,
 * which also serves copies of both skins under other names (`fork_elastic`, `fork_larry`). A page is
 * Roundcube by what Roundcube itself prints whatever the skin: the inline boot script
 * (`rcmail.set_env({...})`, rcmail_output_html) and the task, as a body class or in that script. The
 * skin's name is only reported, never tested; the locators go by Roundcube's element ids and by
 * structure. `window.rcmail` is invisible from the isolated world, so everything here is read from the DOM.
 */

/** Body classes Roundcube sets on every page: `task-mail action-compose`, `task-settings action-plugin-password`… */
const TASK_CLASS = /(?:^|\s)task-(?:login|logout|mail|addressbook|settings|error)(?:\s|$)/;
/**
 * Skin stylesheets, linked relative to the Roundcube root: `skins/elastic/styles/styles.min.css?s=…`,
 * `skins/larry/styles.min.css?s=…`, and a copied skin's `skins/fork_elastic/styles/styles.min.css`.
 * Only names the skin: any name is taken.
 */
const SKIN_STYLESHEET = /(?:^|\/)skins\/([a-z0-9_-]+)\/(?:styles\/)?styles(?:\.min)?\.css/i;

function skinOf(doc: Document): string | null {
  for (const link of doc.querySelectorAll<HTMLLinkElement>('link[rel="stylesheet"][href*="skins/"]')) {
    const match = SKIN_STYLESHEET.exec(link.getAttribute('href') ?? '');
    if (match?.[1]) return match[1].toLowerCase();
  }
  return null;
}

/**
 * Roundcube's own script or a skin's stylesheet: what a page without the task class must show before its
 * inline scripts are read. rcmail_output_html includes `program/js/app.js` (`app.min.js`) on every page,
 * whatever the skin (1.6.5, line `include_script('app.js')`).
 */
function mayBeRoundcube(doc: Document): boolean {
  return doc.querySelector('script[src*="program/js/app"]') !== null || skinOf(doc) !== null;
}

/** Every skin's page prints the whole inline `rcmail.set_env({...})`; a page with the task class and that is Roundcube. */
function hasRoundcubeBoot(doc: Document): boolean {
  for (const script of doc.querySelectorAll('script:not([src])')) {
    if (script.textContent?.includes('rcmail.set_env(')) return true;
  }
  return false;
}

/**
 * larry, unlike elastic, puts no task/action class on `<body>` (checked on 1.6.5: `<body class="minwidth">`
 * on the mail view, `<body>` on compose; its copy in the lab the same). Every skin's page prints the task and
 * action in the boot script, `rcmail.set_env({"task":"mail",…,"action":"compose",…})`, so such pages get
 * the same classes from there.
 */
function bootTaskClasses(doc: Document): string[] {
  for (const script of doc.querySelectorAll('script:not([src])')) {
    const text = script.textContent ?? '';
    const start = text.indexOf('rcmail.set_env(');
    if (start === -1) continue;
    const env = text.slice(start);
    const task = /"task":"([a-z]+)"/.exec(env)?.[1];
    if (!task) continue;
    // The first "action" is the page's own; later ones belong to nested objects (`filedrop`).
    const action = /"action":"([a-z0-9._-]*)"/i.exec(env)?.[1] ?? '';
    return [`task-${task}`, `action-${action.replace(/\./g, '-') || 'none'}`];
  }
  return [];
}

const EMAIL = /^[^\s@<>]+@[^\s@<>]+$/;
/** A confirmation printed by Roundcube's output (see passwordChangeSaved). */
const SAVED_MESSAGE = /rcmail\.display_message\("(?:[^"\\]|\\.){0,500}","confirmation"/;

/** Page loads print `rcmail.set_quota({...})` in the inline boot script (seen in every 1.6.5 page load of the mail task). */
function quotaBootScript(doc: Document): string | null {
  for (const script of doc.querySelectorAll('script:not([src])')) {
    const text = script.textContent ?? '';
    if (text.includes('rcmail.set_quota(')) return text;
  }
  return null;
}

function textOf(el: Element | null): string | null {
  const text = el?.textContent?.trim();
  return text ? text : null;
}

export const roundcubeAdapter: WebmailAdapter<'roundcube'> = {
  id: 'roundcube',
  productName: 'Roundcube',
  mailViewPath: './?_task=mail',
  defaultBasePath: '/',
  // Roundcube sorts its list by size and searches "with attachment" + "older than a year" (1.6.5, app.js).
  cleanupViews: ['largest', 'oldAttachments'],
  detect(doc) {
    const body = doc.body;
    if (!body) return null;
    // A plain substring test first: this runs on every page, the regular expression only on candidates.
    if (body.className.includes('task-') && TASK_CLASS.test(body.className)) {
      // elastic and skins made from it: the task class, and Roundcube's boot script.
      return hasRoundcubeBoot(doc) ? roundcubePage(doc, skinOf(doc), []) : null;
    }
    // larry and skins made from it: the task from Roundcube's boot script, on a page that loads Roundcube's
    // own script or a skin (so that other sites' inline scripts are not read).
    if (!mayBeRoundcube(doc)) return null;
    const classes = bootTaskClasses(doc);
    return classes.length > 0 && TASK_CLASS.test(classes[0]!) ? roundcubePage(doc, skinOf(doc), classes) : null;
  },
};

function roundcubePage(doc: Document, skin: string | null, bootClasses: readonly string[]): WebmailPage<'roundcube'> {
  const bodyHas = (cls: string) => doc.body.classList.contains(cls) || bootClasses.includes(cls);
  // The boot script is the page's initial inline script: it does not change, so it is read once
  // (Roundcube's inline scripts are large; re-reading them per widget update was most of the cost
  // on a page that rewrites the widget often).
  let boot: { data: RoundcubeQuotaData | null } | undefined;
  return {
    id: 'roundcube',
    skin,
    account() {
      if (bodyHas('task-login') || bodyHas('task-logout')) return null;
      // elastic: `<span class="header-title username">` on the mail view only; larry: `#topline .username` on every page.
      const shown = textOf(doc.querySelector('.header-title.username, #topline .username, span.username'));
      if (shown && EMAIL.test(shown)) return shown;
      // Compose: the selected identity of the From field, "Alice <alice@example.test>".
      const from = doc.querySelector<HTMLSelectElement>('select#_from');
      const identity = from?.selectedOptions[0]?.textContent ?? '';
      const address = /<([^<>\s]+@[^<>\s]+)>/.exec(identity)?.[1] ?? (EMAIL.test(identity.trim()) ? identity.trim() : null);
      return address;
    },
    displayName() {
      const identity = doc.querySelector<HTMLSelectElement>('select#_from')?.selectedOptions[0]?.textContent ?? '';
      const name = identity.replace(/<[^>]*>/, '').trim();
      return name && !EMAIL.test(name) ? name : null;
    },
    // The quota widget is in the mail view's folder list and in Settings > Folders (template `if env:quota`).
    isQuotaView() {
      return (
        (bodyHas('task-mail') && (bodyHas('action-none') || bodyHas('action-list'))) ||
        (bodyHas('task-settings') && bodyHas('action-folders'))
      );
    },
    quotaElement() {
      // elastic: the text and title live on `#rcmquotadisplay` (its parent `#quotadisplay` also holds a voice label);
      // larry: `#quotadisplay` itself is the widget.
      return doc.querySelector('#rcmquotadisplay') ?? doc.querySelector('#quotadisplay');
    },
    quotaFacts() {
      if (!this.isQuotaView()) return null;
      const element = this.quotaElement();
      // The template prints the widget only `if env:quota`: on this view, none means a server without QUOTA.
      if (!element) return { kind: 'absent' };
      const title = element.getAttribute('title') ?? '';
      // The boot script's exact figures hold while the widget still shows the title printed with
      // them; once Roundcube updates the widget (AJAX), the widget's text is the truth.
      boot ??= { data: parseRoundcubeQuotaData(quotaBootScript(doc) ?? '') };
      const exact = boot.data;
      if (exact && exact.title !== '' && exact.title === title) {
        return { kind: 'exact', usedBytes: exact.usedBytes, totalBytes: exact.totalBytes, percent: exact.percent };
      }
      return shownQuotaFacts(element.textContent ?? '', title);
    },
    // Every Roundcube page is `<root>/?_task=…` (or `<root>/index.php?_task=…`): the root is the
    // page's path up to its last `/`, before the query (checked on 1.6.5, elastic and larry).
    webmailBaseUrl: () => new URL('./', doc.location?.href ?? location.href).href,
    // Settings > Password is a full page load (the plugin sets `noframe`), never injected into a view.
    viewsAppearLater: false,
    passwordForms() {
      // Password plugin page (both skins): `#newpasswd`, `#confpasswd`; `#curpasswd` is left alone.
      const newPassword = doc.querySelector<HTMLInputElement>('form#password-form input#newpasswd');
      if (!newPassword) return [];
      const form = newPassword.form;
      const confirmation = doc.querySelector<HTMLInputElement>('form#password-form input#confpasswd');
      // The Save button sits outside the form, in `.formbuttons` (elastic `p.formbuttons`, larry `div.formbuttons`).
      const saveButtons = [
        ...doc.querySelectorAll<HTMLElement>(
          '.formbuttons button.mainaction, .formbuttons input.mainaction, .formbuttons .button.mainaction',
        ),
      ];
      // The password plugin lists its rules in `ul#ruleslist` inside the form (both skins, 1.6.5):
      // `li.required-length` (password_minimum_length), then `li.strength-rule` items, one of them
      // empty when no minimum score is set.
      const rulesList = doc.querySelector('#ruleslist');
      const webmailRuleTexts = [...(rulesList?.querySelectorAll(':scope > li') ?? [])]
        .map((li) => li.textContent ?? '')
        .filter((text) => text.trim() !== '');
      const locators: PasswordFormLocators = {
        newPassword,
        confirmation,
        anchor: rulesList ?? form ?? newPassword,
        saveButtons,
        form,
        webmailRuleTexts,
      };
      return [locators];
    },
    outOfOfficeForm() {
      if (!bodyHas('task-settings') || !bodyHas('action-plugin-managesieve-vacation')) return null;
      return roundcubeOutOfOffice(doc);
    },
    isCompose() {
      return bodyHas('task-mail') && bodyHas('action-compose');
    },
    compose() {
      if (!this.isCompose()) return null;
      return roundcubeCompose(doc);
    },
    signIn() {
      // Both skins (1.6.5): `<body class="task-login">` (larry: the task only in the boot script),
      // `#rcmloginuser` (name `_user`), `#rcmloginpwd` (name `_pass`), submit button `#rcmloginsubmit`,
      // elastic inside `form#login-form`, larry inside `form[name=form]`; POST to `./?_task=login`.
      if (!bodyHas('task-login') && !bodyHas('task-logout')) return null;
      const password = doc.querySelector<HTMLInputElement>('input#rcmloginpwd[type="password"]');
      if (!password) return null;
      const form = password.form;
      return {
        form,
        user: doc.querySelector<HTMLInputElement>('input#rcmloginuser'),
        password,
        submitButtons: [...doc.querySelectorAll<HTMLElement>('#rcmloginsubmit')],
      };
    },
    passwordChangeSaved() {
      // plugins/password/password.php (1.6.5) answers a successful save with
      // `$rcmail->output->command('display_message', <successfullysaved>, 'confirmation')`, which
      // rcmail_output_html::get_js_commands prints in the page's inline script as
      // `rcmail.display_message("Successfully saved.","confirmation");` (localised text; errors say "error").
      if (!bodyHas('action-plugin-password')) return false;
      for (const script of doc.querySelectorAll('script:not([src])')) {
        if (SAVED_MESSAGE.test(script.textContent ?? '')) return true;
      }
      return false;
    },
    passwordChangeUrl() {
      // The password plugin's page, relative to where Roundcube is installed (`/?_task=settings&_action=plugin.password`).
      return new URL('./?_task=settings&_action=plugin.password', doc.location?.href ?? location.href).href;
    },
  };
}

const SECONDS_PER_DAY = 86_400;

/**
 * The managesieve plugin's Out of Office page (Settings > Out of Office, a full page:
 * `rcmail.command('show', …)` navigates in the settings task), checked on 1.6.5 with both skins:
 * `form#vacationform` with `#vacation_subject`, `#vacation_reason` (plain-text body),
 * `#vacation_interval` and, where the server allows seconds, `select[name=vacation_interval_type]`
 * (days|seconds). Sieve's vacation action answers every sender: the form has no "my organisation
 * only" choice, so replies always reach external senders.
 */
function roundcubeOutOfOffice(doc: Document): OutOfOfficeFormLocators | null {
  const body = doc.querySelector<HTMLTextAreaElement>('textarea#vacation_reason');
  if (!body) return null;
  const subject = doc.querySelector<HTMLInputElement>('input#vacation_subject');
  const interval = doc.querySelector<HTMLInputElement>('input#vacation_interval');
  const unit = doc.querySelector<HTMLSelectElement>('select[name="vacation_interval_type"]');
  return {
    subject,
    body,
    fields: [subject, body, interval, unit].filter((f): f is HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement => f !== null),
    intervalDays() {
      const text = interval?.value.trim() ?? '';
      // Empty: the server's default applies (Dovecot's sieve_vacation_default_period, 7 days).
      if (!/^\d{1,9}$/.test(text)) return null;
      const value = Number(text);
      return unit?.value === 'seconds' ? value / SECONDS_PER_DAY : value;
    },
    repliesToExternalSenders: true,
    // larry splits the form into jQuery UI tabs (#vacationform-t0 "Reply message", -t1 "Advanced
    // settings", with the interval): advice after the body would hide with its tab, so it goes
    // after the whole form, in view from either tab. elastic shows everything at once.
    anchor: doc.querySelector('#vacationform-t1') ? (body.form ?? body) : body,
  };
}

function roundcubeCompose(doc: Document): ComposeLocators {
  return {
    isAttachmentInput: (target) => target instanceof HTMLInputElement && target.type === 'file' && target.id === 'uploadformInput',
    // Roundcube's drop zone is `#compose-attachments` (rcmail.gui_objects.filedrop): app.js listens for `drop`
    // on that element only (the body's drag listeners just toggle its `active` class).
    isDropTarget: (target) => target instanceof Element && target.closest('#compose-attachments') !== null,
    attachmentList: () => doc.querySelector('#attachment-list'),
    // `file_upload` adds its uploading item in the same `change` handler (app.js, 1.6.5): nothing to wait for.
    listShowsPickWithinMs: 0,
    // Uploads wait in Roundcube's temp folder until the message is sent or saved as a draft (1.6.5).
    uploadsFillMailbox: false,
    // Both skins: `li#upload<ts>.uploading` (a cancel link + `span.uploading` with the file name, then the
    // progress text) while uploading; `li#rcmfile<N>` with `span.attachment-name` and
    // `span.attachment-size` "(6.0 MB)" / "(6.0 Mo)" once uploaded (both skins, 1.6.5, seen in the lab).
    attachmentItems() {
      const list = doc.querySelector('#attachment-list');
      if (!list) return null;
      return [...list.children]
        .filter((li) => li.tagName === 'LI' && li.id)
        .map((li) => ({
          id: li.id,
          name: textOf(li.querySelector('.attachment-name') ?? li.querySelector('span.uploading')) ?? '',
          uploading: li.classList.contains('uploading'),
          sizeText: textOf(li.querySelector('.attachment-size')),
        }));
    },
    bannerAnchor: () => doc.querySelector('#attachment-list') ?? doc.querySelector('#compose-attachments'),
    // The textareas hold the committed recipients in both skins; elastic's recipient widget
    // (`ul.recipient-input`, ui.js recipient_input) keeps the address being typed in its own input.
    recipientFields: () => [
      ...doc.querySelectorAll<HTMLTextAreaElement | HTMLInputElement>(
        '#_to, #_cc, #_bcc, #compose_to .recipient-input input, #compose_cc .recipient-input input, #compose_bcc .recipient-input input',
      ),
    ],
    // elastic: `button.send` under the editor (and its clone `a.send.button` in the small-screen toolbar);
    // larry: toolbar `a.button.send` (its bottom `input.mainaction` is commented out of the 1.6 template).
    isSendButton: (target) =>
      target instanceof Element &&
      target.closest('button.send, a.button.send, #compose-content input.button.mainaction, .formbuttons input.mainaction[value]') !== null,
    // "Maximum allowed file size is 50 MB" / "La taille de fichier maximum autorisée est 50 Mo": label
    // `maxuploadsize`, rendered in `#compose-attachments .upload-form .hint` by both skins.
    maxUploadHint: () => textOf(doc.querySelector('#compose-attachments .hint, #upload-dialog .hint, #uploadform .hint')),
  };
}

import type { ComposeLocators, PasswordFormLocators, WebmailAdapter, WebmailPage } from './types.ts';

/**
 * Roundcube 1.6 (elastic and larry skins). Facts checked against Debian 12's roundcube-core 1.6.5;
 * see shared/lab/ROUNDCUBE.md. `window.rcmail` is invisible from the isolated world, so everything
 * here is read from the DOM.
 */

/** Body classes Roundcube sets on every page: `task-mail action-compose`, `task-settings action-plugin-password`… */
const TASK_CLASS = /(?:^|\s)task-(?:login|logout|mail|addressbook|settings|error)(?:\s|$)/;
/** Skin stylesheets, linked relative to the Roundcube root: `skins/elastic/styles/styles.min.css?s=…`, `skins/larry/styles.min.css?s=…`. */
const SKIN_STYLESHEET = /(?:^|\/)skins\/([a-z0-9_-]+)\/(?:styles\/)?styles(?:\.min)?\.css/i;

function skinOf(doc: Document): string | null {
  for (const link of doc.querySelectorAll<HTMLLinkElement>('link[rel="stylesheet"][href*="skins/"]')) {
    const match = SKIN_STYLESHEET.exec(link.getAttribute('href') ?? '');
    if (match?.[1]) return match[1].toLowerCase();
  }
  return null;
}

/** Both skins print the whole inline `rcmail.set_env({...})`; a page with the task class and that is Roundcube. */
function hasRoundcubeBoot(doc: Document): boolean {
  for (const script of doc.querySelectorAll('script:not([src])')) {
    if (script.textContent?.includes('rcmail.set_env(')) return true;
  }
  return false;
}

const EMAIL = /^[^\s@<>]+@[^\s@<>]+$/;

function textOf(el: Element | null): string | null {
  const text = el?.textContent?.trim();
  return text ? text : null;
}

export const roundcubeAdapter: WebmailAdapter = {
  id: 'roundcube',
  detect(doc) {
    const body = doc.body;
    if (!body || !TASK_CLASS.test(body.className)) return null;
    const skin = skinOf(doc);
    if (!skin && !hasRoundcubeBoot(doc)) return null;
    return roundcubePage(doc, skin);
  },
};

function roundcubePage(doc: Document, skin: string | null): WebmailPage {
  const bodyHas = (cls: string) => doc.body.classList.contains(cls);
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
      return (bodyHas('task-mail') && (bodyHas('action-none') || bodyHas('action-list'))) || (bodyHas('task-settings') && bodyHas('action-folders'));
    },
    quotaWidget() {
      // elastic: the text and title live on `#rcmquotadisplay` (its parent `#quotadisplay` also holds a voice label);
      // larry: `#quotadisplay` itself is the widget.
      const element = doc.querySelector('#rcmquotadisplay') ?? doc.querySelector('#quotadisplay');
      if (!element) return null;
      return { element, text: element.textContent ?? '', title: element.getAttribute('title') ?? '' };
    },
    // Page loads print `rcmail.set_quota({...})` in the inline boot script (ROUNDCUBE.md §1).
    quotaBootScript() {
      for (const script of doc.querySelectorAll('script:not([src])')) {
        const text = script.textContent ?? '';
        if (text.includes('rcmail.set_quota(')) return text;
      }
      return null;
    },
    passwordForms() {
      // Password plugin page (both skins): `#newpasswd`, `#confpasswd`; `#curpasswd` is left alone.
      const newPassword = doc.querySelector<HTMLInputElement>('form#password-form input#newpasswd');
      if (!newPassword) return [];
      const form = newPassword.form;
      const confirmation = doc.querySelector<HTMLInputElement>('form#password-form input#confpasswd');
      // The Save button sits outside the form, in `.formbuttons` (elastic `p.formbuttons`, larry `div.formbuttons`).
      const saveButtons = [
        ...doc.querySelectorAll<HTMLElement>('.formbuttons button.mainaction, .formbuttons input.mainaction, .formbuttons .button.mainaction'),
      ];
      const locators: PasswordFormLocators = {
        newPassword,
        confirmation,
        anchor: doc.querySelector('#ruleslist') ?? form ?? newPassword,
        saveButtons,
        form,
      };
      return [locators];
    },
    isCompose() {
      return bodyHas('task-mail') && bodyHas('action-compose');
    },
    compose() {
      if (!this.isCompose()) return null;
      return roundcubeCompose(doc);
    },
  };
}

function roundcubeCompose(doc: Document): ComposeLocators {
  return {
    isAttachmentInput: (target) => target instanceof HTMLInputElement && target.type === 'file' && target.id === 'uploadformInput',
    // Roundcube's drop zone is `#compose-attachments` (rcmail.gui_objects.filedrop); it also accepts drops on the editor body.
    isDropTarget: (target) => target instanceof Element && target.closest('#compose-attachments') !== null,
    attachmentList: () => doc.querySelector('#attachment-list'),
    bannerAnchor: () => doc.querySelector('#attachment-list') ?? doc.querySelector('#compose-attachments'),
    recipientFields: () =>
      [...doc.querySelectorAll<HTMLTextAreaElement | HTMLInputElement>('#_to, #_cc, #_bcc')],
    // elastic: `button.send` under the editor; larry: toolbar `a.button.send` and `input.button.mainaction` at the bottom.
    isSendButton: (target) =>
      target instanceof Element &&
      target.closest('button.send, a.button.send, #compose-content input.button.mainaction, .formbuttons input.mainaction[value]') !== null,
    // "Maximum allowed file size is 50 MB" (elastic `#compose-attachments .hint`, larry `.hint` in the upload dialog).
    maxUploadHint: () => textOf(doc.querySelector('#compose-attachments .hint, #upload-dialog .hint, #uploadform .hint')),
  };
}

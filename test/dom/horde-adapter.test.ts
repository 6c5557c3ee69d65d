// @vitest-environment happy-dom
/**
 * The Horde adapter over pages saved from the real server by `npm run fixtures` (scripts/save-fixtures.ts):
 * Horde Webmail 5.2 (IMP 6.2 dynamic view, Passwd 5.0; Debian 12) in English and in French, alice signed
 * in with her mailbox at 42 % of 20 MB, the compose window empty and then with three recipients and a
 * 6 MB attachment, and the Passwd page. Horde's vacation reply lives in Ingo, which the lab leaves out:
 * there is no saved page of it. What the English user's page gives, the French user's page must give too.
 */
import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadFixture } from './load-fixture.ts';
import { hordeAdapter } from '../../src/content/adapters/horde.ts';
import { roundcubeAdapter } from '../../src/content/adapters/roundcube.ts';
import { sogoAdapter } from '../../src/content/adapters/sogo.ts';
import { countRecipients } from '../../src/model/recipients.ts';
import { parseSizeText, parseUploadLimit } from '../../src/model/upload-limit.ts';
import { parseHordeQuota } from '../../src/model/webmail-quota-text.ts';

const MiB = 1024 * 1024;
const VIEWS = ['login', 'mail', 'compose-new', 'compose', 'password'] as const;
type View = (typeof VIEWS)[number];

const URLS: Record<View, string> = {
  login: 'https://mail.example.test/login.php',
  mail: 'https://mail.example.test/imp/dynamic.php?page=mailbox',
  'compose-new': 'https://mail.example.test/imp/dynamic.php?page=compose&type=new',
  compose: 'https://mail.example.test/imp/dynamic.php?page=compose&type=new',
  password: 'https://mail.example.test/passwd/',
};

/** What each language's user reads on these pages (Horde's own words, checked on the saved pages). */
const WORDS = {
  en: { quota: '42% of 20 MB', attachmentSize: '(6.0 MB)', submit: 'Change Password', signIn: 'Log in' },
  fr: { quota: '42% de 20 MB', attachmentSize: '(6,0\u00a0Mo)', submit: 'Modification du mot de passe', signIn: 'Connexion' },
} as const;

describe.each(['en', 'fr'] as const)('Horde in %s, saved from the real server', (lang) => {
  const words = WORDS[lang];
  const open = (view: View) => {
    const doc = loadFixture(`horde/${view}.${lang}.html`, URLS[view]);
    const page = hordeAdapter.detect(doc, location, []);
    if (!page) throw new Error(`horde/${view}.${lang}.html is not recognised as Horde`);
    return page;
  };

  // One load per view for everything that only says where a locator belongs; SOGo's pages are
  // checked against this adapter in sogo-adapter.test.ts the same way.
  it.each(VIEWS)('the %s page: recognised, left alone by the Roundcube and SOGo adapters, each locator only where it belongs', (view) => {
    const page = open(view);
    expect(page).toMatchObject({ id: 'horde', skin: null, viewsAppearLater: false });
    expect(roundcubeAdapter.detect(document, location, [])).toBeNull();
    expect(sogoAdapter.detect(document, location, [])).toBeNull();
    const compose = view.startsWith('compose');
    expect(page.isCompose()).toBe(compose);
    expect(page.compose() !== null).toBe(compose);
    expect(page.signIn() !== null).toBe(view === 'login');
    expect(page.passwordForms()).toHaveLength(view === 'password' ? 1 : 0);
    // Horde's vacation reply is in Ingo, which this adapter does not cover.
    expect(page.outOfOfficeForm()).toBeNull();
    expect(page.isQuotaView()).toBe(view === 'mail');
    expect(page.quotaElement() !== null).toBe(view === 'mail');
    // The figures come in AJAX answers, never as exact figures printed in the page.
    expect(page.quotaFacts()?.kind ?? null).toBe(view === 'mail' ? 'widget' : null);
    // The signed-in login where the page carries it (compose, Passwd); the dynamic mailbox names
    // nobody, not in its DOM, not in its inline scripts.
    expect(page.account()).toBe(compose || view === 'password' ? 'alice@example.test' : null);
    expect(page.displayName()).toBeNull();
  });

  it('sign-in page: the user, the password and the Log in button', () => {
    const signIn = open('login').signIn()!;
    expect(signIn.form?.id).toBe('horde_login');
    expect(signIn.user?.id).toBe('horde_user');
    expect(signIn.password.id).toBe('horde_pass');
    expect(signIn.submitButtons.map((b) => b.id)).toEqual(['login-button']);
    expect((signIn.submitButtons[0] as HTMLInputElement).value).toBe(words.signIn);
  });

  it('mail view: the quota text says 42 % of 20 MB in this language', () => {
    const page = open('mail');
    expect(page.quotaElement()!.id).toBe('quota-text');
    const facts = page.quotaFacts();
    expect(facts).toEqual({ kind: 'widget', text: words.quota, title: '' });
    const reading = parseHordeQuota(words.quota);
    expect(reading).toMatchObject({ state: 'limited', percent: 42, totalBytes: 20 * MiB });
  });

  it('Passwd page: the new password, its confirmation and the submit button, never the old password', () => {
    const [form, ...rest] = open('password').passwordForms();
    expect(rest).toEqual([]);
    expect(form!.newPassword.id).toBe('passwd-newpassword0');
    expect(form!.confirmation?.id).toBe('passwd-newpassword1');
    expect(form!.form?.id).toBe('passwd');
    expect(form!.saveButtons.map((b) => b.id)).toEqual(['passwd-submit']);
    expect((form!.saveButtons[0] as HTMLInputElement).value).toBe(words.submit);
    // Passwd prints no rules: its policy stays on the server.
    expect(form!.webmailRuleTexts).toEqual([]);
    expect(form!.anchor.classList.contains('horde-form')).toBe(true);
    expect(form!.anchor.contains(form!.confirmation)).toBe(true);
  });

  it('the password page is Passwd under Horde’s root; a success notice on it means saved', () => {
    expect(open('mail').passwordChangeUrl()).toBe('https://mail.example.test/passwd/');
    expect(open('mail').webmailBaseUrl()).toBe('https://mail.example.test/');
    expect(open('login').passwordChangeUrl()).toBe('https://mail.example.test/passwd/');
    expect(open('compose').passwordChangeUrl()).toBe('https://mail.example.test/passwd/');
    expect(open('password').passwordChangeSaved()).toBe(false);
    // What the answer to a successful POST printed in the lab (Horde_Core's DynamicStatus listener).
    const notice = document.createElement('script');
    notice.textContent =
      'document.observe("dom:loaded", function() {window.HordeCore.showNotifications([{"message":"Password changed on Lab mail server.","flags":[],"type":"horde.success","charset":"UTF-8"}])});';
    document.body.append(notice);
    expect(hordeAdapter.detect(document, location, [])!.passwordChangeSaved()).toBe(true);
    notice.textContent =
      'window.HordeCore.showNotifications([{"message":"The password must be at least 10 characters long!","flags":[],"type":"horde.warning","charset":"UTF-8"}])';
    expect(hordeAdapter.detect(document, location, [])!.passwordChangeSaved()).toBe(false);
  });

  it('recognises Horde installed under a path and serving its scripts from one cached file (cachejs)', () => {
    for (const view of VIEWS) {
      const doc = loadFixture(`horde/${view}.${lang}.html`, URLS[view].replace('mail.example.test/', 'mail.example.test/horde/'));
      for (const script of doc.querySelectorAll('script[src]')) script.setAttribute('src', '/horde/static/5f2c1d.js');
      for (const el of doc.querySelectorAll('[href^="/"], form[action]')) {
        const attribute = el.hasAttribute('href') ? 'href' : 'action';
        el.setAttribute(attribute, el.getAttribute(attribute)!.replace('http://mail.example.test/', '/').replace(/^\//, '/horde/'));
      }
      const page = hordeAdapter.detect(doc, location, []);
      expect(page?.isCompose()).toBe(view.startsWith('compose'));
      expect(page?.passwordChangeUrl()).toBe('https://mail.example.test/horde/passwd/');
      // Where the popup sends the user back to: Horde's web root, not the host's.
      expect(page?.webmailBaseUrl()).toBe('https://mail.example.test/horde/');
    }
  });

  it('compose: the upload input, the drop zone, the 6 MB attachment as printed in this language, three recipients, Send and the upload limit', () => {
    const compose = open('compose').compose()!;
    expect(compose.isAttachmentInput(document.getElementById('upload'))).toBe(true);
    expect(compose.isAttachmentInput(document.getElementById('subject'))).toBe(false);
    expect(compose.isDropTarget(document.getElementById('atcdrop'))).toBe(true);
    expect(compose.isDropTarget(document.body)).toBe(false);
    // The watched element holds the list and the upload progress.
    expect(compose.attachmentList()?.id).toBe('atcdiv');
    expect(compose.attachmentList()?.contains(document.getElementById('attach_list'))).toBe(true);
    const items = compose.attachmentItems()!;
    expect(items).toEqual([{ id: expect.any(String), name: 'report-6MB.bin', uploading: false, sizeText: words.attachmentSize }]);
    expect(compose.attachmentItems()![0]!.id).toBe(items[0]!.id);
    expect(parseSizeText(items[0]!.sizeText)).toBe(6 * MiB);
    expect(compose.recipientFields().map((f) => f.id)).toEqual(['to', 'cc', 'bcc']);
    expect(countRecipients(compose.recipientFields().map((f) => f.value))).toBe(3);
    expect(compose.bannerAnchor()?.id).toBe('atcdiv');
    expect(compose.isSendButton(document.getElementById('send_button'))).toBe(true);
    expect(compose.isSendButton(document.getElementById('compose_upload_add'))).toBe(false);
    // PHP's upload limit, carried by the form for the server (the lab's upload_max_filesize=50M).
    expect(parseUploadLimit(compose.maxUploadHint())).toBe(50 * MiB);
  });

  it('new compose: an empty attachment list and no recipient yet', () => {
    const compose = open('compose-new').compose()!;
    expect(compose.attachmentItems()).toEqual([]);
    expect(compose.listShowsPickWithinMs).toBe(0);
    expect(countRecipients(compose.recipientFields().map((f) => f.value))).toBe(0);
  });
});

describe('Horde upload progress', () => {
  it('each showing of "Uploading... (name)" is an uploading item of its own, gone once hidden', () => {
    const doc = loadFixture('horde/compose-new.en.html', URLS.compose);
    const compose = hordeAdapter.detect(doc, location, [])!.compose()!;
    const wait = doc.getElementById('upload_wait')!;
    const show = (name: string) => {
      wait.textContent = `Uploading... (${name})`;
      wait.style.display = '';
    };
    show('a.bin');
    const first = compose.attachmentItems()!;
    expect(first).toEqual([{ id: expect.any(String), name: 'Uploading... (a.bin)', uploading: true, sizeText: null }]);
    wait.style.display = 'none';
    expect(compose.attachmentItems()).toEqual([]);
    show('b.bin');
    const second = compose.attachmentItems()!;
    expect(second).toHaveLength(1);
    expect(second[0]!.id).not.toBe(first[0]!.id);
  });
});

describe('Horde adapter elsewhere', () => {
  const roundcubeFixtures = readdirSync(resolve(import.meta.dirname, '../fixtures/roundcube')).filter((f) => f.endsWith('.html'));

  it.each(roundcubeFixtures)('rejects Roundcube’s %s', (file) => {
    expect(hordeAdapter.detect(loadFixture(`roundcube/${file}`), location, [])).toBeNull();
  });

  it.each(readdirSync(resolve(import.meta.dirname, '../fixtures/generic')))('rejects the generic %s', (file) => {
    expect(hordeAdapter.detect(loadFixture(`generic/${file}`), location, [])).toBeNull();
  });

  it('rejects a page that only borrows an id or a class name', () => {
    document.documentElement.innerHTML =
      '<head></head><body class="horde-ajax"><div id="horde-head"></div><form id="horde_login"></form></body>';
    document.body.className = 'horde-ajax';
    expect(hordeAdapter.detect(document, location, [])).toBeNull();
  });
});

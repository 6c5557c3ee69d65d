// @vitest-environment happy-dom
/**
 * The SOGo adapter over pages saved from the real server by `npm run fixtures` (scripts/save-fixtures.ts):
 * SOGo 5.8.0 (Debian 12) in English and in French, alice signed in with her mailbox at 42 % of 20 MB,
 * the compose dialog empty and then with a 6 MB attachment uploaded, Preferences > Password with the
 * lab's rules, and Preferences > Mail > Vacation with a reply typed in. What the English user's page
 * gives, the French user's page must give too.
 */
import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadFixture } from './load-fixture.ts';
import { sogoAdapter } from '../../src/content/adapters/sogo.ts';
import { roundcubeAdapter } from '../../src/content/adapters/roundcube.ts';
import { hordeAdapter } from '../../src/content/adapters/horde.ts';
import { countRecipients } from '../../src/model/recipients.ts';
import { reviewOutOfOfficeForm } from '../../src/content/features/out-of-office.ts';
import { parseSogoQuota } from '../../src/model/webmail-quota-text.ts';

const MiB = 1024 * 1024;
/** The lab's fillToPercent(42) on a 20 MB quota: ceil(20480 × 0.42) KiB, what GETQUOTAROOT reports. */
const USED_KIB = 8602;
const VIEWS = ['login', 'mail', 'compose-new', 'compose', 'password', 'vacation'] as const;
type View = (typeof VIEWS)[number];

const URLS: Record<View, string> = {
  login: 'https://mail.example.test/SOGo/',
  mail: 'https://mail.example.test/SOGo/so/alice@example.test/Mail/view#!/Mail/0/inbox',
  'compose-new': 'https://mail.example.test/SOGo/so/alice@example.test/Mail/view#!/Mail/0/inbox',
  compose: 'https://mail.example.test/SOGo/so/alice@example.test/Mail/view#!/Mail/0/inbox',
  password: 'https://mail.example.test/SOGo/so/alice@example.test/Preferences#!/general',
  vacation: 'https://mail.example.test/SOGo/so/alice@example.test/Preferences#!/mailer',
};

/** What each language's user reads on these pages (SOGo's own words, checked on the saved pages). */
const WORDS = {
  en: {
    quota: '42% used on 20 MB',
    connect: 'Connect',
    rules: ['Minimum length of 10 characters', 'Minimum of 1 digit', 'Minimum of 1special symbols'],
    reply: 'Away. Urgent? Call +44 20 7946 0958.',
  },
  fr: {
    quota: '42% utilisé sur 20 MO',
    connect: 'Connexion',
    rules: ["Longueur d'au moins 10 caractère(s)", 'Au moins 1 chiffre(s)', 'Au moins 1 caractère(s) special(aux)'],
    reply: 'Absente. Urgences : 06 12 34 56 78.',
  },
} as const;

describe.each(['en', 'fr'] as const)('SOGo in %s, saved from the real server', (lang) => {
  const words = WORDS[lang];
  const open = (view: View) => {
    const doc = loadFixture(`sogo/${view}.${lang}.html`, URLS[view]);
    const page = sogoAdapter.detect(doc, location, []);
    if (!page) throw new Error(`sogo/${view}.${lang}.html is not recognised as SOGo`);
    return page;
  };

  // One load per view for everything that only says where a locator belongs (SOGo's pages are large);
  // Horde's pages are checked against this adapter in horde-adapter.test.ts the same way.
  it.each(VIEWS)('the %s page: recognised, left alone by the Roundcube and Horde adapters, each locator only where it belongs', (view) => {
    const page = open(view);
    expect(page).toMatchObject({ id: 'sogo', skin: null, viewsAppearLater: true });
    expect(roundcubeAdapter.detect(document, location, [])).toBeNull();
    expect(hordeAdapter.detect(document, location, [])).toBeNull();
    const compose = view.startsWith('compose');
    expect(page.isCompose()).toBe(compose);
    expect(page.compose() !== null).toBe(compose);
    expect(page.signIn() !== null).toBe(view === 'login');
    expect(page.passwordForms()).toHaveLength(view === 'password' ? 1 : 0);
    expect(page.outOfOfficeForm() !== null).toBe(view === 'vacation');
    // The compose dialog opens over the mail view, quota and all.
    expect(page.isQuotaView()).toBe(view === 'mail' || compose);
    expect(page.quotaElement() !== null).toBe(view === 'mail' || compose);
    // The figures come in JSON answers, never as exact figures printed in the page.
    expect(page.quotaFacts()?.kind ?? null).toBe(view === 'mail' || compose ? 'widget' : null);
    // Who is signed in and their name, on every page but the sign-in page.
    expect(page.account()).toBe(view === 'login' ? null : 'alice@example.test');
    expect(page.displayName()).toBe(view === 'login' ? null : 'Alice Martin');
  });

  it('sign-in page: the username, the password and the Connect button', () => {
    const signIn = open('login').signIn()!;
    expect(signIn.password.id).toBe('passwordField');
    expect(signIn.user?.getAttribute('ng-model')).toBe('app.creds.username');
    expect(signIn.form?.getAttribute('name')).toBe('loginForm');
    expect(signIn.submitButtons.map((b) => b.getAttribute('type'))).toEqual(['submit']);
    expect(signIn.submitButtons[0]!.getAttribute('aria-label')).toBe(words.connect);
  });

  it('mail view: the quota widget says 42 % of 20 MB in this language', () => {
    const page = open('mail');
    expect(page.quotaElement()!.classList.contains('sg-quota')).toBe(true);
    expect(page.quotaFacts()).toEqual({ kind: 'widget', text: words.quota, title: '' });
    // SOGo's application path, on this origin: where the popup sends the user back to.
    expect(page.webmailBaseUrl()).toBe('https://mail.example.test/SOGo/');
    expect(open('login').webmailBaseUrl()).toBe('https://mail.example.test/SOGo/');
    const reading = parseSogoQuota(words.quota);
    expect(reading).toMatchObject({ state: 'limited', percent: 42, totalBytes: 20 * MiB });
    // The percent has two decimals: the used size is the lab's to 0.005 % of 20 MB.
    expect(Math.abs((reading as { usedBytes: number }).usedBytes - USED_KIB * 1024)).toBeLessThanOrEqual(0.00005 * 20 * MiB);
  });

  it('password tab: the new password, its confirmation, the Change button and the rules SOGo prints', () => {
    const [form, ...rest] = open('password').passwordForms();
    expect(rest).toEqual([]);
    expect(form!.newPassword.getAttribute('ng-model')).toBe('app.passwords.newPassword');
    expect(form!.confirmation?.getAttribute('name')).toBe('newPasswordConfirmation');
    expect(form!.saveButtons.map((b) => b.getAttribute('ng-click'))).toEqual(['app.changePassword()']);
    expect(form!.form?.getAttribute('name')).toBe('preferencesForm');
    expect(form!.webmailRuleTexts.map((t) => t.trim())).toEqual(words.rules);
    // Under the line of three fields, never inside it (nor next to the current password).
    expect(form!.anchor.contains(form!.newPassword)).toBe(true);
    expect(form!.anchor.contains(form!.confirmation)).toBe(true);
    expect(form!.anchor.closest('#passwordView')).not.toBeNull();
  });

  it('the password page is Preferences > General of the signed-in user; SOGo shows no page after a save', () => {
    expect(open('mail').passwordChangeUrl()).toBe('https://mail.example.test/SOGo/so/alice@example.test/Preferences#!/general');
    expect(open('login').passwordChangeUrl()).toBeNull();
    expect(open('password').passwordChangeSaved()).toBe(false);
  });

  it('vacation tab: the reply with the phone number typed in it, every 7 days, to every sender', () => {
    const form = open('vacation').outOfOfficeForm()!;
    expect(form.body.id).toBe('autoReplyText');
    expect(form.body.value).toBe(words.reply);
    expect(form.subject?.getAttribute('ng-model')).toBe('app.preferences.defaults.Vacation.customSubject');
    expect(form.fields).toEqual([form.subject, form.body]);
    expect(form.intervalDays()).toBe(7);
    expect(form.repliesToExternalSenders).toBe(true);
    expect(form.anchor.tagName).toBe('MD-INPUT-CONTAINER');
    const advice = reviewOutOfOfficeForm(form, { organisationDomains: [], outOfOfficeIntervalDays: 7 });
    expect(advice.findings.map((f) => f.kind)).toEqual(['phone']);
  });

  it('compose: the file input, the dialog as drop zone, the uploaded file (no size shown), the recipient being typed and Send', () => {
    const compose = open('compose').compose()!;
    expect(compose.isAttachmentInput(document.getElementById('fileInput'))).toBe(true);
    expect(compose.isAttachmentInput(document.querySelector('input[type="text"]'))).toBe(false);
    expect(compose.isDropTarget(document.querySelector('md-dialog#mailEditor textarea, md-dialog#mailEditor md-dialog-content'))).toBe(
      true,
    );
    expect(compose.isDropTarget(document.body)).toBe(false);
    expect(compose.attachmentList()?.getAttribute('ng-model')).toBe('editor.uploader.queue');
    const items = compose.attachmentItems()!;
    expect(items).toEqual([{ id: expect.any(String), name: 'report-6MB.bin', uploading: false, sizeText: null }]);
    // The same element keeps its id from one reading to the next.
    expect(compose.attachmentItems()![0]!.id).toBe(items[0]!.id);
    expect(compose.bannerAnchor()?.classList.contains('sg-mail-editor-attachments')).toBe(true);
    // The saved page holds the last address typed in the To field's input (the lab's Enter made no chip).
    expect(countRecipients(compose.recipientFields().map((f) => f.value))).toBe(1);
    const send = document.querySelector('md-dialog#mailEditor button[ng-click="editor.send()"] md-icon');
    expect(compose.isSendButton(send)).toBe(true);
    expect(compose.isSendButton(document.querySelector('md-dialog#mailEditor button[ng-click="editor.save()"]'))).toBe(false);
    expect(compose.maxUploadHint()).toBeNull();
  });

  it('compose: committed recipients are counted from their chips, with the one still being typed', () => {
    const compose = open('compose').compose()!;
    const wrap = document.querySelector('md-chips[ng-model="editor.message.editable.cc"] md-chips-wrap')!;
    for (const address of ['bob@example.test', 'Carol Petit <carol@example.test>']) {
      const chip = document.createElement('md-chip');
      const content = document.createElement('div');
      content.className = 'md-chip-content';
      content.textContent = address;
      chip.append(content);
      wrap.prepend(chip);
    }
    expect(countRecipients(compose.recipientFields().map((f) => f.value))).toBe(3);
  });

  it('compose: an upload still running is an uploading item', () => {
    const compose = open('compose').compose()!;
    document.querySelector('md-chips[ng-model="editor.uploader.queue"] .sg-chip-progress')!.classList.remove('ng-hide');
    expect(compose.attachmentItems()).toEqual([expect.objectContaining({ name: 'report-6MB.bin', uploading: true })]);
  });

  it('new compose: an empty attachment list and no recipient yet', () => {
    const compose = open('compose-new').compose()!;
    expect(compose.attachmentItems()).toEqual([]);
    expect(countRecipients(compose.recipientFields().map((f) => f.value))).toBe(0);
  });
});

describe('SOGo adapter elsewhere', () => {
  const roundcubeFixtures = readdirSync(resolve(import.meta.dirname, '../fixtures/roundcube')).filter((f) => f.endsWith('.html'));

  it.each(roundcubeFixtures)('rejects Roundcube’s %s', (file) => {
    expect(sogoAdapter.detect(loadFixture(`roundcube/${file}`), location, [])).toBeNull();
  });

  it.each(readdirSync(resolve(import.meta.dirname, '../fixtures/generic')))('rejects the generic %s', (file) => {
    expect(sogoAdapter.detect(loadFixture(`generic/${file}`), location, [])).toBeNull();
  });

  it('rejects a page that only borrows the Angular module name', () => {
    document.documentElement.innerHTML = '<head><title>x</title></head><body ng-app="SOGo.MailerUI"></body>';
    document.body.setAttribute('ng-app', 'SOGo.MailerUI');
    expect(sogoAdapter.detect(document, location, [])).toBeNull();
  });
});

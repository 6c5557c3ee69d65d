// @vitest-environment happy-dom
/**
 * The Roundcube adapter and the parsers it feeds, over pages saved from the real server by
 * `npm run fixtures` (scripts/save-fixtures.ts): Roundcube 1.6.5 in English and in French, elastic
 * and larry (and, in English, the lab's copies of both under other names), alice signed in with her mailbox at 42 % of 20 MB, a compose page with three recipients
 * and a 6 MB attachment, and Settings > Password with the lab's rules. One table, both languages:
 * what the English user's page gives, the French user's page must give too.
 */
import { describe, expect, it } from 'vitest';
import { loadFixture } from './load-fixture.ts';
import { roundcubeAdapter } from '../../src/content/adapters/roundcube.ts';
import { parseRoundcubeQuota } from '../../src/model/quota.ts';
import { parseRoundcubeQuotaData } from '../../src/model/quota-data.ts';
import { countRecipients } from '../../src/model/recipients.ts';
import { parseSizeText, parseUploadLimit } from '../../src/model/upload-limit.ts';
import { parseWebmailPasswordRules } from '../../src/model/webmail-password-rules.ts';
import { reviewOutOfOfficeForm } from '../../src/content/features/out-of-office.ts';

const MiB = 1024 * 1024;
/** stack.ts fillToPercent(42) on a 20 MB quota: ceil(20480 × 0.42) KiB, what GETQUOTAROOT reports. */
const USED_KIB = 8602;
const TOTAL_KIB = 20480;

/** What each language's user reads on these pages (Roundcube's own words, checked on the saved pages). */
const WORDS = {
  en: {
    quotaTitle: 'Disk usage: 8.4 MB / 20 MB (42%)',
    attachmentSize: '(6.0 MB)',
    uploadHint: 'Maximum allowed file size is 50 MB',
    rules: ['Password must be at least 10 characters long.', 'Password must include at least one number and one punctuation character.'],
  },
  fr: {
    quotaTitle: 'Utilisation du disque: 8.4 Mo / 20 Mo (42%)',
    attachmentSize: '(6.0 Mo)',
    uploadHint: 'La taille de fichier maximum autorisée est 50 Mo',
    rules: [
      'Le mot de passe doit comporter au moins 10 caractères.',
      'Le mot de passe doit comporter au moins un chiffre et un signe de ponctuation.',
    ],
  },
} as const;

/**
 * Every language in both skins, and in English the lab's copies of them under other names (a provider's
 * own skin, like the French ministries' `mel_elastic`): `base` is the skin a copy was made from, whose
 * structure it has. Nothing below may depend on the skin's name, only on that structure.
 */
const CASES = [
  ...(['en', 'fr'] as const).flatMap((lang) =>
    (['elastic', 'larry'] as const).map((skin) => ({ lang, skin: skin as string, base: skin, words: WORDS[lang] })),
  ),
  { lang: 'en' as const, skin: 'fork_elastic', base: 'elastic' as const, words: WORDS.en },
  { lang: 'en' as const, skin: 'fork_larry', base: 'larry' as const, words: WORDS.en },
];
const VIEWS = ['login', 'mail', 'compose-new', 'compose', 'password', 'vacation'] as const;

const URLS: Record<(typeof VIEWS)[number], string> = {
  login: 'https://mail.example.test/',
  mail: 'https://mail.example.test/?_task=mail&_mbox=INBOX',
  'compose-new': 'https://mail.example.test/?_task=mail&_action=compose&_id=COMPOSEID',
  compose: 'https://mail.example.test/?_task=mail&_action=compose&_id=COMPOSEID',
  password: 'https://mail.example.test/?_task=settings&_action=plugin.password',
  vacation: 'https://mail.example.test/?_task=settings&_action=plugin.managesieve-vacation',
};

describe.each(CASES)('Roundcube $skin in $lang, saved from the real server', ({ lang, skin, base, words }) => {
  const open = (view: (typeof VIEWS)[number]) => {
    const doc = loadFixture(`roundcube/${skin}-${view}.${lang}.html`, URLS[view]);
    const page = roundcubeAdapter.detect(doc, location, []);
    if (!page) throw new Error(`${skin}-${view}.${lang}.html is not recognised as Roundcube`);
    return page;
  };

  it.each(VIEWS)('recognises the %s page, its skin and whether it is compose', (view) => {
    const page = open(view);
    expect(page).toMatchObject({ id: 'roundcube', skin });
    expect(page.isCompose()).toBe(view.startsWith('compose'));
  });

  it('reads who is signed in, and nobody on the sign-in page', () => {
    expect(open('login').account()).toBeNull();
    expect(open('mail').account()).toBe('alice@example.test');
    expect(open('compose').account()).toBe('alice@example.test');
    // Roundcube creates the first identity from the login alone ("alice@example.test", no name): no name to read.
    expect(open('compose').displayName()).toBeNull();
  });

  it('mail view: the quota widget says 42 % in this language, and both readings of it agree with Dovecot', () => {
    const page = open('mail');
    expect(page.isQuotaView()).toBe(true);
    const element = page.quotaElement()!;
    const widget = { text: element.textContent, title: element.getAttribute('title') };
    expect(widget).toMatchObject({ text: '42%', title: words.quotaTitle });
    expect(element.id).toBe(base === 'elastic' ? 'rcmquotadisplay' : 'quotadisplay');

    const reading = parseRoundcubeQuota({ text: widget.text ?? '', title: widget.title ?? '' });
    expect(reading).toMatchObject({ state: 'limited', percent: 42, totalBytes: 20 * MiB });
    // The title is rounded to one decimal ("8.4"): within 0.05 MB of the exact figure.
    expect(Math.abs((reading as { usedBytes: number }).usedBytes - USED_KIB * 1024)).toBeLessThanOrEqual(0.05 * MiB);

    // The boot script printed the same title: its exact KiB are the facts the page gives.
    expect(page.quotaFacts()).toEqual({ kind: 'exact', usedBytes: USED_KIB * 1024, totalBytes: TOTAL_KIB * 1024, percent: 42 });
    const boot = [...document.querySelectorAll('script:not([src])')]
      .map((s) => s.textContent ?? '')
      .find((t) => t.includes('rcmail.set_quota('));
    const data = parseRoundcubeQuotaData(boot ?? '');
    expect(data).toEqual({ usedBytes: USED_KIB * 1024, totalBytes: TOTAL_KIB * 1024, percent: 42, title: words.quotaTitle });

    // Once Roundcube rewrites the widget (an AJAX update), its text and title are the facts.
    element.setAttribute('title', 'Disk usage: 9.0 MB / 20 MB (45%)');
    element.textContent = '45%';
    expect(page.quotaFacts()).toEqual({ kind: 'widget', text: '45%', title: 'Disk usage: 9.0 MB / 20 MB (45%)' });
  });

  it('no quota widget where Roundcube shows none (compose, password)', () => {
    expect(open('compose').quotaElement()).toBeNull();
    expect(open('compose').quotaFacts()).toBeNull();
    expect(open('password').quotaElement()).toBeNull();
    expect(open('password').quotaFacts()).toBeNull();
    expect(open('password').isQuotaView()).toBe(false);
  });

  it('the webmail’s base URL is the page’s path before the query, Roundcube under a path included', () => {
    expect(open('mail').webmailBaseUrl()).toBe('https://mail.example.test/');
    const doc = loadFixture(`roundcube/${skin}-mail.${lang}.html`, 'https://example.org/roundcube/?_task=mail&_mbox=INBOX');
    expect(roundcubeAdapter.detect(doc, location, [])!.webmailBaseUrl()).toBe('https://example.org/roundcube/');
  });

  it('password page: the new-password field, its confirmation and the Save button, never the current password', () => {
    const page = open('password');
    const [form, ...rest] = page.passwordForms();
    expect(rest).toEqual([]);
    expect(form!.newPassword.id).toBe('newpasswd');
    expect(form!.confirmation?.id).toBe('confpasswd');
    expect(form!.saveButtons).toHaveLength(1);
    expect(form!.anchor.id).toBe('ruleslist');
    // The rules the webmail prints, in its language, where the panel is anchored.
    expect([...document.querySelectorAll('#ruleslist li')].map((li) => li.textContent?.trim())).toEqual(words.rules);
    // …and the panel checks them: recognised from the plugin's own translations, whatever the language.
    expect(parseWebmailPasswordRules(form!.webmailRuleTexts)).toEqual([
      { kind: 'minLength', min: 10, counts: 'utf8Bytes' },
      { kind: 'digitAndPunctuation' },
    ]);
  });

  it('out-of-office page: the reply, its interval left to the server, and the phone number typed in it', () => {
    const form = open('vacation').outOfOfficeForm()!;
    expect(form.body.id).toBe('vacation_reason');
    expect(form.subject?.id).toBe('vacation_subject');
    expect(form.intervalDays()).toBeNull();
    // larry's form is in tabs: the advice goes after the whole form, in view from either tab.
    expect(form.anchor).toBe(base === 'larry' ? form.body.form : form.body);
    const advice = reviewOutOfOfficeForm(form, { organisationDomains: [], outOfOfficeIntervalDays: 7 });
    expect(advice.findings.map((f) => f.kind)).toEqual(['phone']);
    // Typing a day interval is read back in days.
    (document.getElementById('vacation_interval') as HTMLInputElement).value = '3';
    expect(form.intervalDays()).toBe(3);
  });

  it('no out-of-office form anywhere else', () => {
    for (const view of VIEWS.filter((v) => v !== 'vacation')) expect(open(view).outOfOfficeForm()).toBeNull();
  });

  it('no password form on the sign-in page or in the mail view', () => {
    expect(open('login').passwordForms()).toEqual([]);
    expect(open('mail').passwordForms()).toEqual([]);
  });

  it('compose: the upload input, the drop zone, the 6 MB attachment as printed in this language, three recipients, Send and the upload limit', () => {
    const compose = open('compose').compose()!;
    expect(compose.isAttachmentInput(document.getElementById('uploadformInput'))).toBe(true);
    expect(compose.isDropTarget(document.querySelector('#compose-attachments'))).toBe(true);
    expect(compose.isDropTarget(document.body)).toBe(false);
    const items = compose.attachmentItems()!;
    expect(items).toEqual([expect.objectContaining({ name: 'report-6MB.bin', uploading: false, sizeText: words.attachmentSize })]);
    expect(parseSizeText(items[0]!.sizeText)).toBe(6 * MiB);
    expect(countRecipients(compose.recipientFields().map((f) => f.value))).toBe(3);
    expect(compose.maxUploadHint()).toBe(words.uploadHint);
    expect(parseUploadLimit(compose.maxUploadHint())).toBe(50 * MiB);
    expect(compose.bannerAnchor()?.id).toBe('attachment-list');
    // elastic: `button.send` under the editor; larry: the toolbar's `a.button.send`.
    const send = document.querySelector(base === 'elastic' ? 'button.send' : '#messagetoolbar a.button.send');
    expect(send).not.toBeNull();
    expect(compose.isSendButton(send)).toBe(true);
    expect(compose.isSendButton(document.querySelector('#attachment-list a.delete'))).toBe(false);
  });

  it('new compose: an empty attachment list and no recipient yet', () => {
    const compose = open('compose-new').compose()!;
    expect(compose.attachmentItems()).toEqual([]);
    expect(countRecipients(compose.recipientFields().map((f) => f.value))).toBe(0);
  });
});

describe('Roundcube is known by its own structures, never by the skin’s name', () => {
  it('a copied skin whose stylesheets are named otherwise is still Roundcube (boot script and app script)', () => {
    for (const name of ['fork_elastic-compose.en', 'fork_larry-compose.en']) {
      const doc = loadFixture(`roundcube/${name}.html`, URLS.compose);
      for (const link of doc.querySelectorAll('link[rel="stylesheet"]')) link.remove();
      const page = roundcubeAdapter.detect(doc, location, []);
      expect(page, name).toMatchObject({ id: 'roundcube', skin: null });
      expect(page!.isCompose()).toBe(true);
    }
  });

  it('a skin’s stylesheet without Roundcube’s boot script is not Roundcube', () => {
    for (const name of ['fork_elastic-mail.en', 'fork_larry-mail.en', 'elastic-mail.en', 'larry-mail.en']) {
      const doc = loadFixture(`roundcube/${name}.html`, URLS.mail);
      for (const script of doc.querySelectorAll('script:not([src])')) if (script.textContent?.includes('rcmail.set_env(')) script.remove();
      expect(roundcubeAdapter.detect(doc, location, []), name).toBeNull();
    }
  });
});

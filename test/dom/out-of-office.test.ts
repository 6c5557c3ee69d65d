// @vitest-environment happy-dom
/**
 * The out-of-office advice on Roundcube's real Out of Office page (fixtures captured from 1.6.5,
 * whose saved reply gives a phone number): what our frame says, in English and in French, as the
 * user edits the reply, and what the page keeps of it (an empty host, none of our words). The real
 * browsers' screen-reader view and a hostile page's `window.find` are proven end to end
 * (test/e2e/out-of-office.e2e.ts, test/e2e/hostile.e2e.ts).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from '@webext-core/fake-browser';
import { loadFixture } from './load-fixture.ts';
import { captureFrames, useLanguage, userEvent } from './fake-extension.ts';
import { roundcubeAdapter } from '../../src/content/adapters/roundcube.ts';
import { DEFAULT_SETTINGS, type Settings } from '../../src/shared/settings.ts';

vi.mock('../../src/shared/ext.ts', async () => ({ ext: (await import('@webext-core/fake-browser')).fakeBrowser }));

const URL = 'https://mail.example.test/?_task=settings&_action=plugin.managesieve-vacation';
const WORDS = {
  en: {
    heading: 'Out-of-office reply check',
    intro: 'This reply goes to every sender, spammers included:',
    item: 'Advice:',
    phone: 'Advice: a phone number (“+44 20 7946 0958”): every sender gets it',
    allGood: 'This reply says you are away without saying too much.',
    safe: 'I am away until 18 August. For anything urgent, write to reception@example.test.',
  },
  fr: {
    heading: "Vérification de la réponse d'absence",
    intro: 'Cette réponse part à chaque expéditeur, spammeurs compris :',
    item: 'Conseil :',
    phone: 'Conseil : un numéro de téléphone (« 06 12 34 56 78 ») : chaque expéditeur le reçoit',
    allGood: 'Cette réponse dit que vous êtes absent sans en dire trop.',
    safe: "Je suis absente jusqu'au 18 août. Pour toute urgence, écrivez à accueil@example.test.",
  },
} as const;

let frames: Awaited<ReturnType<typeof captureFrames>>;
const running: AbortController[] = [];

beforeEach(async () => {
  fakeBrowser.reset();
  fakeBrowser.runtime.getURL = ((path: string) => `chrome-extension://test/${path}`) as typeof fakeBrowser.runtime.getURL;
  frames = await captureFrames();
});
afterEach(() => {
  for (const controller of running.splice(0)) controller.abort();
  frames.release();
  vi.resetModules();
});

async function start(lang: 'en' | 'fr', skin: 'elastic' | 'larry' = 'elastic') {
  useLanguage(lang);
  const doc = loadFixture(`roundcube/${skin}-vacation.${lang}.html`, URL);
  const page = roundcubeAdapter.detect(doc, location, [])!;
  const { outOfOffice } = await import('../../src/content/features/out-of-office.ts');
  expect(outOfOffice.appliesTo(page)).toBe(true);
  const controller = new AbortController();
  running.push(controller);
  outOfOffice.start({ page, settings: structuredClone(DEFAULT_SETTINGS) as Settings, signal: controller.signal });
  await vi.waitFor(() => expect(frames.text()).not.toBe(''));
  return { form: page.outOfOfficeForm()!, controller };
}

/** What our frame shows (src/frame/views.ts), as the nudge sent it. */
const view = () => frames.views()[0]!;

function write(field: HTMLTextAreaElement, text: string) {
  field.value = text;
  field.dispatchEvent(userEvent(new Event('input', { bubbles: true })));
}

describe.each(['en', 'fr'] as const)('out-of-office advice in our frame (%s)', (lang) => {
  const words = WORDS[lang];

  it('quotes what the reply should not tell every sender, in a polite live region named for screen readers', async () => {
    await start(lang);
    const panel = view().querySelector('section.panel')!;
    expect(panel.getAttribute('aria-label')).toBe(words.heading);
    expect(panel.className).toBe('panel warning');
    const region = panel.querySelector('[role="status"]')!;
    expect(region.getAttribute('aria-live')).toBe('polite');
    expect(region.querySelector('.summary')?.textContent).toBe(words.intro);
    const items = [...region.querySelectorAll('li')];
    expect(items).toHaveLength(1);
    // The mark is hidden from screen readers; the label before the line says what it is.
    expect(items[0]!.querySelector('.mark')?.getAttribute('aria-hidden')).toBe('true');
    expect(items[0]!.querySelector('.voice')?.textContent?.trim()).toBe(words.item);
    expect(frames.text()).toContain(words.phone);
  });

  it('follows the edits: a safe reply gets the all-clear, a risky one the advice again', async () => {
    const { form } = await start(lang);
    write(form.body, words.safe);
    await vi.waitFor(() => expect(frames.text()).toContain(words.allGood));
    expect(view().querySelectorAll('li')).toHaveLength(0);
    expect(view().querySelector('section.panel')?.className).toBe('panel');
    write(form.body, lang === 'en' ? 'Call +44 20 7946 0958.' : 'Urgences : 06 12 34 56 78.');
    await vi.waitFor(() => expect(frames.text()).toContain(words.phone));
  });

  it('leaves in the page only an empty host after the form, which goes with the view', async () => {
    const { form, controller } = await start(lang);
    const host = frames.host()!;
    expect(host.localName).toBe('div');
    expect(host.previousElementSibling).toBe(form.anchor);
    expect(host.childNodes).toHaveLength(0);
    expect(host.textContent).toBe('');
    // None of our words anywhere in the page: the quote is ours only with its marks and wording.
    const pageText = document.documentElement.textContent ?? '';
    for (const ours of [words.intro, words.phone, words.heading, words.allGood]) expect(pageText).not.toContain(ours);
    controller.abort();
    expect(host.isConnected).toBe(false);
  });
});

it('larry: the advice goes after the whole tabbed form', async () => {
  const { form } = await start('en', 'larry');
  expect(form.anchor).toBe(form.body.form);
  expect(frames.host()?.previousElementSibling).toBe(form.anchor);
  expect(frames.text()).toContain(WORDS.en.phone);
});

/**
 * The extension seen from a hostile page (issue 19): Roundcube's password and Out of Office pages
 * served on loopback, whose own script, run before anything of ours, tries every way the security
 * review found to read or drive our panel and our advice:
 *
 * - `window.find` on our words, then `getSelection()` to climb to our root (Firefox handed over
 *   the closed ShadowRoot; Chromium let it read our text letter by letter);
 * - a custom element pre-defined under our old tag name (`sobre-mail-password`) whose
 *   `attachInternals()` handed over our closed root in Chromium;
 * - synthetic `input` events carrying candidate organisation names, to read back which one our
 *   verdict names;
 * - synthetic clicks on whatever of ours it can reach (our "Suggest a passphrase", our host);
 * - removing our host from the DOM.
 *
 * What the page gets is read from the page's own world (`page.evaluate` runs there, as the
 * attacker's script does); what we show is read through the harness, from the extension's side.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSERS, launch, servePage, setUserSettings, type ExtensionBrowser, type TestPage } from '../../lab/index.ts';
import { readLiveRegions, waitForLiveRegion, waitForOurListItem } from './harness/shadow-ui.ts';

const fixture = (name: string) => readFileSync(join(resolve(import.meta.dirname, '../fixtures/roundcube'), name), 'utf8');

/**
 * The attacker, first thing in <head>. It records every element someone else adds once the page is
 * parsed (the fixture's own scripts do not load here, so that is us), defines our old tag names,
 * and offers `__attack(words)`, which tries the known ways in and reports what it got.
 */
const ATTACKER = `<script>
  window.__added = [];
  window.__internals = [];
  new MutationObserver((records) => {
    if (document.readyState === 'loading') return;
    for (const r of records) for (const n of r.addedNodes) if (n.nodeType === 1) window.__added.push(n);
  }).observe(document.documentElement, { childList: true, subtree: true });
  for (const name of ['sobre-mail-password', 'sobre-mail-attachment', 'sobre-mail-lookalike', 'sobre-mail-password-reuse', 'sobre-mail-out-of-office']) {
    customElements.define(name, class extends HTMLElement {
      constructor() { super(); try { window.__internals.push(this.attachInternals()); } catch (e) { window.__internals.push(null); } }
    });
  }
  /** Everything a page script can reach that might be ours. */
  window.__roots = () => {
    const roots = [];
    for (const internals of window.__internals) if (internals && internals.shadowRoot) roots.push(internals.shadowRoot);
    for (const el of window.__added) if (el.shadowRoot) roots.push(el.shadowRoot);
    return roots;
  };
  window.__attack = (words) => {
    const report = { found: [], leakedRoot: false, internalsRoot: false, clicked: false, phrase: null, ourText: '' };
    for (const word of words) {
      getSelection().removeAllRanges();
      if (window.find(word, false, false, true)) {
        report.found.push(word);
        const node = getSelection().anchorNode;
        const root = node && node.getRootNode();
        if (root && root !== document && root.nodeType === 11) { report.leakedRoot = true; window.__internals.push({ shadowRoot: root }); }
      }
    }
    getSelection().removeAllRanges();
    report.internalsRoot = window.__internals.some((i) => i && i.shadowRoot);
    for (const root of window.__roots()) {
      report.ourText += ' ' + root.textContent;
      for (const button of root.querySelectorAll('button')) {
        if (/passphrase/i.test(button.textContent)) { button.click(); report.clicked = true; }
      }
      const phrase = root.querySelector('.phrase');
      if (phrase && phrase.textContent) report.phrase = phrase.textContent;
    }
    // Whatever was added to the page, clicked where a user would click it.
    for (const el of window.__added) {
      el.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true }));
      const r = el.getBoundingClientRect();
      const under = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
      if (under) under.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true }));
    }
    return report;
  };
  /** A value of the page's choosing, announced with a synthetic input event, as the review did. */
  window.__probe = (value) => {
    const field = document.querySelector('#newpasswd');
    field.value = value;
    field.dispatchEvent(new Event('input', { bubbles: true }));
  };
</script>`;

/** A saved Roundcube page with the attacker first in it, at the address Roundcube gives that page. */
async function startHostileSite(name: string, action: string): Promise<{ url: string; stop(): Promise<void> }> {
  const site = await servePage(fixture(name).replace(/<head>/i, `<head>${ATTACKER}`));
  return { url: `${site.url}?_task=settings&_action=${action}`, stop: site.stop };
}

interface AttackReport {
  found: string[];
  leakedRoot: boolean;
  internalsRoot: boolean;
  clicked: boolean;
  phrase: string | null;
  ourText: string;
}

const attack = (page: TestPage, words: string[]) => page.evaluate<AttackReport>(`window.__attack(${JSON.stringify(words)})`);

/** Words our panel shows for `Password1` in English: its verdict, a rule line, a button. */
const OUR_WORDS = ['common password', 'Suggest a passphrase', 'Type a new password', 'lowercase letter', 'password1'];

/** A reply that draws three pieces of advice, each quoting it (the phone number among them). */
const RISKY_REPLY = 'I am on holiday abroad from August 3 to August 17, for my wedding. Urgent? Call +44 20 7946 0958.';
/** Words our advice shows for it in English: the summary, the lines, their quotes as we mark them, the label and the frame's name. */
const ADVICE_WORDS = [
  'This reply goes to every sender',
  'spammers included',
  'a phone number',
  '(“+44 20 7946 0958”)',
  '“wedding”',
  'exact dates of a trip',
  'every sender gets it',
  'Advice:',
  'Out-of-office reply check',
];

describe.each(BROWSERS)('a hostile page in %s', (browserName) => {
  let browser: ExtensionBrowser;
  let site: Awaited<ReturnType<typeof startHostileSite>>;
  let vacationSite: Awaited<ReturnType<typeof startHostileSite>>;
  beforeAll(async () => {
    site = await startHostileSite('elastic-password.en.html', 'plugin.password');
    vacationSite = await startHostileSite('elastic-vacation.en.html', 'plugin.managesieve-vacation');
    browser = await launch(browserName, { locale: 'en' });
    await setUserSettings(browser, {
      organisationNames: ['Mairie de Lyon'],
      passwordBlocklist: ['zorglub'],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await site?.stop();
    await vacationSite?.stop();
  });

  async function openHostilePage(): Promise<TestPage> {
    const page = await browser.newPage();
    await page.goto(site.url);
    await page.waitForSelector('#newpasswd');
    return page;
  }

  it('finds none of our words with window.find, gets no root through the selection nor a pre-defined element, and cannot press our buttons', async () => {
    const page = await openHostilePage();
    await page.type('#newpasswd', 'Password1');
    await waitForLiveRegion(page, /common password/i, 20_000);
    const report = await attack(page, OUR_WORDS);
    expect(report.found).toEqual([]);
    expect(report.leakedRoot).toBe(false);
    expect(report.internalsRoot).toBe(false);
    expect(report.clicked).toBe(false);
    expect(report.phrase).toBeNull();
    expect(report.ourText.trim()).toBe('');
    // No element of ours is one the page could have defined.
    expect(await page.evaluate<string[]>(`window.__added.map((e) => e.localName).filter((n) => n.includes('-'))`)).toEqual([]);
    // Its clicks on whatever it could reach offered no passphrase: our only list is still the verdict.
    const regions = (await readLiveRegions(page)).join(' ');
    expect(regions).toMatch(/common password/i);
    expect(regions).not.toMatch(/Suggested passphrase|passphrase:/i);
    await page.close();
  });

  it('synthetic input events are not judged: a page cannot try organisation names on our verdict', async () => {
    const page = await openHostilePage();
    await waitForLiveRegion(page, /Type a new password/, 20_000);
    for (const guess of ['mairiedelyon1!', 'Lyon-2024-Mairie', 'zorglub77'])
      await page.evaluate(`window.__probe(${JSON.stringify(guess)})`);
    // A real keystroke elsewhere makes the panel answer again; it judges what the user typed (nothing).
    await page.type('#confpasswd', 'Q');
    await waitForOurListItem(page, /^Not met: the confirmation matches/, 20_000);
    const regions = (await readLiveRegions(page)).join(' ');
    expect(regions).not.toMatch(/mairie|lyon|zorglub/i);
    expect(regions).toMatch(/Type a new password/);
    await page.close();
  });

  it('what the user types is judged, but names the organisation’s words to nobody: not even in our own panel', async () => {
    const page = await openHostilePage();
    await page.type('#newpasswd', 'Zorglub-Mairie-Lyon-7!');
    const refused = await waitForOurListItem(page, /a word your organisation refuses/, 20_000);
    expect(refused).toMatch(/^Not met: /);
    await waitForOurListItem(page, /a word from your name, address or organisation/, 20_000);
    const regions = (await readLiveRegions(page)).join(' ');
    expect(regions).not.toMatch(/zorglub|mairie|lyon/i);
    await page.close();
  });

  it('our panel comes back when the page removes it', async () => {
    const page = await openHostilePage();
    await page.type('#newpasswd', 'Password1');
    await waitForLiveRegion(page, /common password/i, 20_000);
    const removed = await page.evaluate<number>(
      `(() => { const ours = window.__added.filter((e) => e.isConnected); ours.forEach((e) => e.remove()); return ours.length; })()`,
    );
    expect(removed).toBeGreaterThan(0);
    await page.waitForFunction(`window.__added.some((e) => e.isConnected)`, 10_000);
    await page.type('#newpasswd', '!');
    await waitForLiveRegion(page, /common password/i, 20_000);
    await page.close();
  });

  it('out-of-office advice: window.find finds none of it, not even its quotes of the reply, and the selection leads to no root', async () => {
    const page = await browser.newPage();
    await page.goto(vacationSite.url);
    await page.waitForSelector('#vacation_reason');
    await page.fill('#vacation_reason', RISKY_REPLY);
    await page.type('#vacation_reason', ' ');
    // Shown to the user: read from the extension's side, as a screen reader does. (The saved reply
    // already gave the phone number: the dates say the new one was reviewed.)
    const regions = (await waitForLiveRegion(page, /exact dates of a trip \(“August 3”\)/, 20_000)).join(' ');
    expect(regions).toMatch(/a phone number \(“\+44 20 7946 0958”\)/);
    expect(regions).toMatch(/the reason for your absence \(“wedding”\)/);
    // The attack itself works here: window.find does find the page's own words.
    expect((await attack(page, ['Reply interval'])).found).toEqual(['Reply interval']);
    const report = await attack(page, ADVICE_WORDS);
    expect(report.found).toEqual([]);
    expect(report.leakedRoot).toBe(false);
    expect(report.internalsRoot).toBe(false);
    expect(report.ourText.trim()).toBe('');
    // What the page holds of ours: an empty host, no element name it could have defined.
    expect(await page.evaluate<string[]>(`window.__added.map((e) => e.localName).filter((n) => n.includes('-'))`)).toEqual([]);
    expect(await page.evaluate<string>(`window.__added.filter((e) => e.isConnected).map((e) => e.textContent).join('')`)).toBe('');
    await page.close();
  });
});

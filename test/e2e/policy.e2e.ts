/**
 * IT deployment, end to end: the policy examples in docs/examples installed where Debian's browsers
 * read machine policy, the real browsers started with the built extension, and what staff and the
 * extension's content scripts then see.
 *
 * - Chromium: `docs/examples/linux/sobre-mail-settings.json` as it is, in /etc/chromium/policies/managed/.
 *   Its `3rdparty.extensions.<id>` reaches the unpacked build because the manifest `key` fixes the id.
 * - Firefox ESR: the `3rdparty` part of `docs/examples/firefox/policies.json` as its policies.json.
 *   (Its `ExtensionSettings` part would make Firefox download a signed add-on from the intranet URL of
 *   the example; here the build is installed by the test instead.)
 *
 * Those folders are machine-wide, and other work on this machine runs browsers too: each browser
 * here starts in a mount namespace of its own where a temp folder is mounted over the folder it reads
 * (harness/private-policy.ts), so the files are written there, never in /etc or /usr. It needs root
 * (unshare -m, mount --bind), as the lab does.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CHROMIUM_PUBLIC_KEY, GECKO_ID } from '../../manifest.config.ts';
import { BROWSERS, launch, type BrowserName, type ExtensionBrowser, type TestPage } from '../../lab/index.ts';
import { privatePolicy } from './harness/private-policy.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const readJson = (path: string) => JSON.parse(readFileSync(join(ROOT, path), 'utf8')) as Record<string, any>;

const CHROMIUM_ID = (() => {
  const hex = createHash('sha256').update(Buffer.from(CHROMIUM_PUBLIC_KEY, 'base64')).digest('hex').slice(0, 32);
  return [...hex].map((c) => String.fromCharCode(97 + parseInt(c, 16))).join('');
})();

/** The organisation's settings as the examples give them (the same in every example: unit-tested). */
const LINUX_EXAMPLE = readJson('docs/examples/linux/sobre-mail-settings.json');
const FIREFOX_EXAMPLE = readJson('docs/examples/firefox/policies.json');
const EXAMPLE_SETTINGS = LINUX_EXAMPLE['3rdparty'].extensions[CHROMIUM_ID] as Record<string, unknown>;

/**
 * The policy file for a browser, built from the example, with `extra` settings laid over it. Debian
 * 12's chromium reads every *.json of /etc/chromium/policies/managed as mandatory machine policy and
 * watches the folder; firefox-esr reads /etc/firefox/policies/policies.json first (checked: the name
 * is firefox even for the ESR build), then its distribution/policies.json (private-policy.ts).
 */
function policyFor(browser: BrowserName, extra: Record<string, unknown> = {}): unknown {
  if (browser === 'chromium') {
    const settings = { ...LINUX_EXAMPLE['3rdparty'].extensions[CHROMIUM_ID], ...extra };
    return { ...LINUX_EXAMPLE, '3rdparty': { extensions: { [CHROMIUM_ID]: settings } } };
  }
  const settings = { ...FIREFOX_EXAMPLE.policies['3rdparty'].Extensions[GECKO_ID], ...extra };
  return { policies: { '3rdparty': { Extensions: { [GECKO_ID]: settings } } } };
}

interface Published {
  values: Record<string, unknown>;
  locked: string[];
  invalidManaged: { key: string; reason: string; code?: string; index?: number; item?: unknown }[];
}

const api = `(globalThis.browser ?? globalThis.chrome)`;

/** What the background published for content scripts, once it holds what `ready` expects. */
async function published(browser: ExtensionBrowser, ready: (p: Published) => boolean, timeoutMs = 20_000): Promise<Published> {
  const deadline = Date.now() + timeoutMs;
  let last: Published | undefined;
  while (Date.now() < deadline) {
    last = (await browser.evalInBackground<{ effectiveSettings?: Published }>(`${api}.storage.local.get('effectiveSettings')`))
      .effectiveSettings;
    if (last && ready(last)) return last;
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`effectiveSettings never got ready; last: ${JSON.stringify(last)}`);
}

interface FieldState {
  value: string;
  disabled: boolean;
  lockedText: string | null;
  describedBy: string;
}

async function field(page: TestPage, id: string): Promise<FieldState> {
  return page.evaluate<FieldState>(`(() => {
    const input = document.getElementById(${JSON.stringify(id)});
    const describedBy = (input.getAttribute('aria-describedby') || '').split(' ').filter(Boolean)
      .map((ref) => document.getElementById(ref)?.textContent ?? '').join(' | ');
    return { value: input.value, disabled: input.disabled, lockedText: document.getElementById(${JSON.stringify(`${id}-locked`)})?.textContent ?? null, describedBy };
  })()`);
}

/**
 * Polls an expression in the page from outside. Playwright's waitForFunction polls with eval inside
 * the page, which an extension page's content security policy refuses; evaluate is not affected.
 */
async function until(page: TestPage, expression: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await page.evaluate<boolean>(`Boolean(${expression})`))) {
    if (Date.now() > deadline) throw new Error(`Still false after ${timeoutMs} ms: ${expression}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function openOptions(browser: ExtensionBrowser): Promise<TestPage> {
  const page = await browser.newPage();
  await page.gotoExtensionPage('src/options/index.html', '#passwordMinLength');
  return page;
}

describe.each(BROWSERS)('IT policy in %s', (browserName) => {
  describe('the organisation example', () => {
    let browser: ExtensionBrowser;
    const policy = privatePolicy(browserName);

    beforeAll(async () => {
      policy.write(policyFor(browserName));
      browser = await launch(browserName, { executablePath: policy.executable });
      // Firefox reads policy once, at start-up: removing the file now must change nothing.
      if (browserName === 'firefox') policy.remove();
    });
    afterAll(async () => {
      await browser?.close();
      policy.dispose();
    });

    if (browserName === 'chromium') {
      it('the id is the one the key fixes, so the policy for that id reaches the unpacked build', () => {
        expect(browser.extensionOrigin).toBe(`chrome-extension://${CHROMIUM_ID}/`);
      });
    }

    it('a locked value rules: the published settings hold 12 and list it as locked', async () => {
      const settings = await published(browser, (p) => p.locked.length > 0);
      expect(settings.values.passwordMinLength).toBe(12);
      expect(settings.locked).toContain('passwordMinLength');
      expect([...settings.locked].sort()).toEqual(Object.keys(EXAMPLE_SETTINGS).sort());
      expect(settings.invalidManaged).toEqual([]);
      expect(settings.values.organisationDomains).toEqual(['example.org', 'example.net']);
      expect(settings.values.yearsKept).toBe(2.5);
    });

    it('the options page shows the field locked, "set by your organisation"; other fields stay editable', async () => {
      const page = await openOptions(browser);
      await until(page, `document.getElementById('passwordMinLength')?.value === '12'`);
      const minLength = await field(page, 'passwordMinLength');
      expect(minLength).toMatchObject({ value: '12', disabled: true, lockedText: 'Set by your organisation' });
      expect(minLength.describedBy).toContain('Set by your organisation');
      const blocklist = await field(page, 'passwordBlocklist');
      expect(blocklist).toMatchObject({ value: 'example2024\nbienvenue\nwelcome', disabled: true });
      const unlocked = await field(page, 'attachmentConfirmBeforeSend');
      expect(unlocked).toMatchObject({ disabled: false, lockedText: null });
      expect(await page.evaluate(`document.querySelector('.invalid-policy')`)).toBeNull();
      await page.close();
    });

    if (browserName === 'chromium') {
      it('a policy change reaches the open options page and the published settings without a reload', async () => {
        const page = await openOptions(browser);
        await until(page, `document.getElementById('passwordMinLength')?.value === '12'`);
        await page.evaluate(`window.__sameDocument = true`);
        policy.write(policyFor('chromium', { passwordMinLength: 14 }));
        // Chromium re-reads a changed policy folder once it has been still for a few seconds (5 s seen).
        await until(page, `document.getElementById('passwordMinLength')?.value === '14'`, 30_000);
        expect(await page.evaluate('window.__sameDocument')).toBe(true);
        expect((await field(page, 'passwordMinLength')).disabled).toBe(true);
        expect((await published(browser, (p) => p.values.passwordMinLength === 14)).locked).toContain('passwordMinLength');
        await page.close();
      });
    } else {
      it('Firefox keeps the policy it read at start-up (the file is already gone)', async () => {
        expect((await published(browser, (p) => p.locked.length > 0)).values.passwordMinLength).toBe(12);
      });
    }
  });

  describe('a policy with invalid values', () => {
    let browser: ExtensionBrowser;
    const policy = privatePolicy(browserName);

    beforeAll(async () => {
      policy.write(
        policyFor(browserName, {
          passwordMinScore: 9,
          attachmentThresholdMB: -1,
          webmailOrigins: ['https://webmail.example.org', 'javascript:alert(1)'],
        }),
      );
      browser = await launch(browserName, { executablePath: policy.executable });
      if (browserName === 'firefox') policy.remove();
    });
    afterAll(async () => {
      await browser?.close();
      policy.dispose();
    });

    it('each invalid value is ignored and listed for IT on the options page; the rest still applies', async () => {
      const settings = await published(browser, (p) => p.locked.length > 0);
      // Chrome checks policy against managed_schema.json first and drops what breaks it (9 is above the
      // integer maximum 4), so the extension never sees it; Firefox hands it over and the extension refuses it.
      const expectedInvalid =
        browserName === 'chromium'
          ? ['attachmentThresholdMB', 'webmailOrigins']
          : ['attachmentThresholdMB', 'passwordMinScore', 'webmailOrigins'];
      expect(settings.invalidManaged.map((i) => i.key).sort()).toEqual(expectedInvalid);
      if (browserName === 'chromium') {
        expect(await browser.evalInBackground(`chrome.storage.managed.get('passwordMinScore')`)).toEqual({});
      }
      // Lists are checked entry by entry: the bad origin is dropped, the good one still applies, locked.
      expect(settings.values).toMatchObject({
        passwordMinLength: 12,
        passwordMinScore: 3,
        attachmentThresholdMB: 5,
        webmailOrigins: ['https://webmail.example.org'],
      });
      expect(settings.invalidManaged.find((i) => i.key === 'webmailOrigins')).toMatchObject({
        code: 'item-origin',
        index: 2,
        item: 'javascript:alert(1)',
      });
      expect(settings.locked).toContain('passwordMinLength');
      expect(settings.locked).toContain('webmailOrigins');
      for (const key of expectedInvalid.filter((k) => k !== 'webmailOrigins')) expect(settings.locked).not.toContain(key);

      const page = await openOptions(browser);
      await until(page, `document.querySelector('.invalid-policy li')`);
      const listed = await page.evaluate<Record<string, string>>(
        `Object.fromEntries([...document.querySelectorAll('.invalid-policy li')].map((li) => [li.dataset.setting, li.textContent]))`,
      );
      expect(Object.keys(listed).sort()).toEqual(expectedInvalid);
      expect(listed.attachmentThresholdMB).toContain('Enter a number from 0.1 to 10,000.');
      expect(listed.attachmentThresholdMB).toContain('Value received: -1');
      expect(listed.webmailOrigins).toContain('“javascript:alert(1)” is not a web address');
      if (browserName === 'firefox') expect(listed.passwordMinScore).toContain('Enter a whole number from 0 to 4.');
      expect(await page.textOf('#invalid-heading')).toBe('Settings from your organisation that were ignored');
      // Ignored values fall back to the default and become the user's to change; valid ones stay locked.
      expect(await field(page, 'attachmentThresholdMB')).toMatchObject({ value: '5', disabled: false });
      expect(await field(page, 'passwordMinScore')).toMatchObject({ value: '3', disabled: false });
      expect(await field(page, 'passwordMinLength')).toMatchObject({ value: '12', disabled: true });
      await page.close();
    });
  });
});

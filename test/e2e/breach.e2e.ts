/**
 * The known-breach rule end to end: a real HTTP server started here serves Pwned Passwords-style
 * range files built from a public list of leaked passwords already in the project's dependencies
 * (zxcvbn-ts's common-password list, 49,233 passwords from leaked sets), padded as the real service
 * pads them. Chromium and Firefox ESR, the real Roundcube password page, English and French. The
 * server's log proves that only 5-hex-digit prefixes were asked for.
 */
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BROWSERS,
  launch,
  setUserSettings,
  signIn,
  LAB_VARIANTS,
  restorePassword,
  sharedLab,
  type ExtensionBrowser,
  type TestPage,
  type Lab,
} from '../../lab/index.ts';
import { waitForLiveRegion } from './harness/shadow-ui.ts';

const LEAKED: string[] = createRequire(import.meta.url)('@zxcvbn-ts/language-common/src/passwords.json');
const sha1 = (text: string) => createHash('sha1').update(text, 'utf8').digest('hex').toUpperCase();

/** Times seen: made up from the rank (the list is ordered by frequency), and stated by the server alone. */
const timesSeen = (rank: number) => 1_000_000 - rank;

interface RangeServer {
  endpoint: string;
  requests: string[];
  stop(): Promise<void>;
}

/** Every prefix answers, as the real service does: the known suffixes plus padding lines with count 0. */
async function startRangeServer(): Promise<RangeServer> {
  const ranges = new Map<string, string[]>();
  LEAKED.forEach((password, rank) => {
    const hash = sha1(password);
    const lines = ranges.get(hash.slice(0, 5)) ?? [];
    lines.push(`${hash.slice(5)}:${timesSeen(rank)}`);
    ranges.set(hash.slice(0, 5), lines);
  });
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    requests.push(req.url ?? '');
    const prefix = /^\/range\/([0-9A-F]{5})$/.exec(req.url ?? '')?.[1];
    if (!prefix) {
      res.writeHead(404);
      return res.end();
    }
    const padding = Array.from(
      { length: 800 },
      (_, k) => `${createHash('sha1').update(`${prefix}${k}`).digest('hex').toUpperCase().slice(5)}:0`,
    );
    res.setHeader('content-type', 'text/plain');
    res.end([...(ranges.get(prefix) ?? []), ...padding].join('\r\n'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

const LANGUAGES = [
  {
    variant: LAB_VARIANTS.find((v) => v.lang === 'en' && v.skin === 'elastic')!,
    locale: 'en',
    seen: /seen ([\d,]+) times in known data breaches/,
    notSeen: 'Met: not found in known data breaches',
    unavailable: 'not checked: the breach service did not answer',
  },
  {
    variant: LAB_VARIANTS.find((v) => v.lang === 'fr' && v.skin === 'elastic')!,
    locale: 'fr',
    seen: /vu ([\d  ]+) fois dans des fuites de données connues/,
    notSeen: 'Respectée : absent des fuites de données connues',
    unavailable: "non vérifié : le service des fuites n'a pas répondu",
  },
] as const;

const LEAKED_PASSWORD = 'password123';
const FRESH = 'Glacier-Tortue-Velours7-Boussole';

describe.each(LANGUAGES)('known-breach rule, Roundcube $variant.name', (language) => {
  let lab: Lab;
  let range: RangeServer;
  beforeAll(async () => {
    lab = await sharedLab(language.variant);
    range = await startRangeServer();
  });
  afterAll(async () => {
    await range?.stop();
  });

  describe.each(BROWSERS)('in %s', (browserName) => {
    let browser: ExtensionBrowser;
    const user = () => lab.users[browserName === 'chromium' ? 0 : 1]!;
    beforeAll(async () => {
      browser = await launch(browserName, { locale: language.locale });
    });
    afterAll(async () => {
      await browser?.close();
    });

    async function passwordPage(): Promise<TestPage> {
      const page = await browser.newPage();
      await signIn(page, lab, user());
      await page.goto(`${lab.url}?_task=settings&_action=plugin.password`);
      await page.waitForSelector('#newpasswd');
      return page;
    }

    it('says how often a leaked password was seen, passes a fresh one, and only prefixes leave', async () => {
      await setUserSettings(browser, { breachCheck: true, breachRangeEndpoint: range.endpoint });
      const page = await passwordPage();
      const before = range.requests.length;
      await page.type('#newpasswd', LEAKED_PASSWORD);
      const regions = (await waitForLiveRegion(page, language.seen)).join(' ');
      const shown = Number(language.seen.exec(regions)![1]!.replace(/\D/g, ''));
      expect(shown).toBe(timesSeen(LEAKED.indexOf(LEAKED_PASSWORD)));

      await page.fill('#newpasswd', '');
      await page.type('#newpasswd', FRESH);
      await waitForLiveRegion(page, language.notSeen);

      const asked = range.requests.slice(before);
      // One request per pause, for the two passwords typed (each typed one key at a time).
      expect(asked).toEqual([`/range/${sha1(LEAKED_PASSWORD).slice(0, 5)}`, `/range/${sha1(FRESH).slice(0, 5)}`]);
      for (const url of asked) {
        expect(url).toMatch(/^\/range\/[0-9A-F]{5}$/);
        for (const secret of [LEAKED_PASSWORD, FRESH]) {
          expect(url).not.toContain(secret);
          expect(url).not.toContain(sha1(secret).slice(5, 15));
        }
      }
      // The prefix went through the background only: the page itself sent nothing with it.
      expect(
        page
          .requests()
          .map((r) => `${r.url} ${r.postData ?? ''}`)
          .join('\n'),
      ).not.toContain(sha1(FRESH).slice(0, 5));
      await page.close();
    });

    it('a service that does not answer leaves the rule "not checked", and block mode still lets Save through', async () => {
      await setUserSettings(browser, { breachCheck: true, breachRangeEndpoint: 'http://127.0.0.1:9', passwordMode: 'block' });
      const page = await passwordPage();
      await page.fill('#curpasswd', user().password);
      await page.type('#newpasswd', FRESH);
      await page.type('#confpasswd', FRESH);
      await waitForLiveRegion(page, language.unavailable);
      await page.click('.formbuttons .mainaction');
      await lab.waitForImapLogin(user().email, FRESH, 20_000);
      // The labs are shared by every file: leave the account as it was.
      await restorePassword(lab, user());
      await page.close();
      await setUserSettings(browser, { breachCheck: false, breachRangeEndpoint: '', passwordMode: 'advise' });
    });
  });
});

// @vitest-environment happy-dom
/**
 * The quota report on the real pages of each webmail (test/fixtures), drawn the way the webmail draws
 * them: SOGo's quota block appears after load (Angular), Horde's text is filled by an AJAX answer,
 * Roundcube prints its widget with the page. Until the page says something, nothing is sent: unknown
 * is unknown, never "no quota".
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadFixture } from './load-fixture.ts';

const sent: unknown[] = [];
vi.mock('../../src/content/orphan-guard.ts', () => ({
  sendToBackground: (message: unknown) => {
    sent.push(message);
    return Promise.resolve();
  },
}));

const { quotaReport } = await import('../../src/content/features/quota-report.ts');
const { sogoAdapter } = await import('../../src/content/adapters/sogo.ts');
const { hordeAdapter } = await import('../../src/content/adapters/horde.ts');
const { roundcubeAdapter } = await import('../../src/content/adapters/roundcube.ts');
import type { WebmailPage } from '../../src/content/adapters/types.ts';

const settle = () => new Promise((r) => setTimeout(r, 600));
let controller: AbortController;

beforeEach(() => {
  sent.length = 0;
  controller = new AbortController();
  // The report waits for an idle moment after load: at once here.
  vi.stubGlobal('requestIdleCallback', (task: () => void) => setTimeout(task, 0));
});
afterEach(() => {
  controller.abort();
  vi.unstubAllGlobals();
});

function start(page: WebmailPage | null): void {
  if (!page) throw new Error('page not recognised');
  expect(quotaReport.appliesTo(page)).toBe(true);
  quotaReport.start({ page, settings: {} as never, signal: controller.signal });
}

describe('SOGo: the quota block Angular draws after load', () => {
  it('sends nothing while the block is not drawn, then its caption once it is', async () => {
    const doc = loadFixture('sogo/mail.en.html', 'https://mail.example.test/SOGo/so/alice@example.test/Mail/view');
    const block = doc.querySelector('.sg-quota')!;
    const parent = block.parentElement!;
    block.remove();
    start(sogoAdapter.detect(doc, location, []));
    await settle();
    expect(sent).toEqual([]);

    parent.append(block);
    await settle();
    expect(sent).toEqual([
      {
        type: 'quota-facts',
        webmail: 'sogo',
        account: 'alice@example.test',
        baseUrl: 'https://mail.example.test/SOGo/',
        facts: { kind: 'widget', text: '42% used on 20 MB', title: '' },
      },
    ]);
  });

  it('an empty caption (drawn, not filled yet) says nothing; its text once Angular fills it', async () => {
    const doc = loadFixture('sogo/mail.fr.html', 'https://mail.example.test/SOGo/so/alice@example.test/Mail/view');
    const caption = doc.querySelector('.sg-quota .sg-md-caption')!;
    caption.textContent = '';
    start(sogoAdapter.detect(doc, location, []));
    await settle();
    expect(sent).toEqual([]);
    caption.textContent = '42% utilisé sur 20 MO';
    await settle();
    expect(sent).toMatchObject([{ facts: { kind: 'widget', text: '42% utilisé sur 20 MO' } }]);
  });
});

describe('Horde: the quota text an AJAX answer fills', () => {
  it('sends nothing while it is empty, then its text, with no account (the mailbox names nobody)', async () => {
    const doc = loadFixture('horde/mail.en.html', 'https://mail.example.test/imp/dynamic.php?page=mailbox');
    const text = doc.getElementById('quota-text')!;
    text.textContent = '';
    start(hordeAdapter.detect(doc, location, []));
    await settle();
    expect(sent).toEqual([]);
    text.textContent = '42% of 20 MB';
    await settle();
    expect(sent).toEqual([
      {
        type: 'quota-facts',
        webmail: 'horde',
        account: null,
        baseUrl: 'https://mail.example.test/',
        facts: { kind: 'widget', text: '42% of 20 MB', title: '' },
      },
    ]);
  });
});

describe('Roundcube: the widget printed with the page', () => {
  it('sends the boot script’s exact figures at once, and "absent" only where its view prints no widget', async () => {
    const doc = loadFixture('roundcube/elastic-mail.en.html');
    start(roundcubeAdapter.detect(doc, location, []));
    await settle();
    expect(sent).toMatchObject([
      { webmail: 'roundcube', account: 'alice@example.test', baseUrl: 'https://mail.example.test/', facts: { kind: 'exact', percent: 42 } },
    ]);

    controller.abort();
    controller = new AbortController();
    sent.length = 0;
    const without = loadFixture('roundcube/elastic-mail.en.html');
    without.querySelector('#quotadisplay')?.remove();
    start(roundcubeAdapter.detect(without, location, []));
    await settle();
    expect(sent).toMatchObject([{ webmail: 'roundcube', facts: { kind: 'absent' } }]);
  });
});

// @vitest-environment happy-dom
/**
 * The attachment nudge on real Roundcube compose pages (saved from Roundcube 1.6.5 in both skins by
 * `npm run fixtures`), with Roundcube's own list updates replayed as app.js makes them and the background
 * played by a stub that answers estimates. The banner lives in our extension frame: the test reads
 * the views the nudge sends it (the page itself only holds an empty host).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from '@webext-core/fake-browser';
import { loadFixture } from './load-fixture.ts';
import { captureFrames, useEnglish } from './fake-extension.ts';
import { roundcubeAdapter } from '../../src/content/adapters/roundcube.ts';
import { countRecipients } from '../../src/model/recipients.ts';
import { parseUploadLimit } from '../../src/model/upload-limit.ts';
import { DEFAULT_SETTINGS, type Settings } from '../../src/shared/settings.ts';
import type { AttachmentEstimateReply } from '../../src/shared/attachment-estimate.ts';

vi.mock('../../src/shared/ext.ts', async () => ({ ext: (await import('@webext-core/fake-browser')).fakeBrowser }));

const MiB = 1024 * 1024;

/** A stand-in background: easy figures (0.1 g per MB per recipient) with ADEME as the source. */
const sent: unknown[] = [];
function estimate(bytes: number, recipients: number): AttachmentEstimateReply {
  const grams = (bytes / MiB) * recipients * 0.1;
  const ademe = { kind: 'ademe' as const, label: 'ADEME, ACV numérique (publicodes-acv-numerique 2.1.0)' };
  return {
    bytes,
    recipients,
    yearsKept: 1,
    grams,
    source: ademe,
    carMetres: grams * 7,
    carSource: { kind: 'ademe', label: 'ADEME Impact CO2, voiture thermique (2025)' },
    shareLinkGrams: grams / 4,
    shareLinkSource: ademe,
    modelVersion: '2.1.0',
  };
}

let frames: Awaited<ReturnType<typeof captureFrames>>;
/** Every nudge a test started stops after it: the test document (and its listeners) outlives tests. */
const running: AbortController[] = [];

beforeEach(async () => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  fakeBrowser.reset();
  useEnglish();
  sent.length = 0;
  fakeBrowser.runtime.sendMessage = (async (message: { type: string; bytes: number; recipients: number }) => {
    sent.push(message);
    return message.type === 'estimate-attachment' ? estimate(message.bytes, message.recipients) : { ok: true };
  }) as typeof fakeBrowser.runtime.sendMessage;
  frames = await captureFrames();
});

afterEach(() => {
  for (const controller of running.splice(0)) controller.abort();
  frames.release();
  vi.useRealTimers();
  vi.resetModules();
});

/** A fresh module per test: the nudge keeps its per-message ledger at module level (one message per page). */
async function startNudge(fixture: string, settings: Partial<Settings> = {}) {
  const doc = loadFixture(`roundcube/${fixture}.html`, 'https://mail.example.test/?_task=mail&_action=compose&_id=1');
  const page = roundcubeAdapter.detect(doc, location, [])!;
  const { attachmentWarning } = await import('../../src/content/features/attachment-warning.ts');
  const controller = new AbortController();
  running.push(controller);
  attachmentWarning.start({ page, settings: { ...structuredClone(DEFAULT_SETTINGS), ...settings } as Settings, signal: controller.signal });
  return { page, controller };
}

/** Lets the list observer, the debounce timer and the estimate reply run. */
async function settle() {
  for (let i = 0; i < 5; i++) {
    await vi.runAllTimersAsync();
    await Promise.resolve();
  }
}

/** What our frame shows (src/frame/views.ts), as the nudge sent it. */
const bannerRoot = () => frames.views()[0]!;
/** Text as read aloud: numbers and units are kept together by no-break spaces, read as spaces. */
const spoken = (node: Node | null) => (node?.textContent ?? '').replace(/\u00a0/g, ' ');
const status = () => spoken(bannerRoot().querySelector('[role="status"]'));
const alertText = () => spoken(bannerRoot().querySelector('[role="alert"]'));
const button = (name: string) =>
  [...bannerRoot().querySelectorAll('button')].find((b) => (b.getAttribute('aria-label') ?? b.textContent) === name)!;
/** Presses our button in the frame; its answer reaches the nudge as the port's next message. */
async function press(name: string) {
  button(name).click();
  for (let i = 0; i < 3; i++) await Promise.resolve();
}

/** The user picks files: Roundcube's input fires `change` with them (our capture listener reads them first). */
function pick(files: Array<{ name: string; bytes: number }>) {
  const input = document.getElementById('uploadformInput') as HTMLInputElement;
  Object.defineProperty(input, 'files', { configurable: true, value: files.map((f) => ({ name: f.name, size: f.bytes })) });
  input.dispatchEvent(new Event('change', { bubbles: true }));
}

/** Roundcube's list, as app.js add2attachment_list / remove_from_attachment_list change it. */
const list = () => document.getElementById('attachment-list')!;
function startUpload(id: string, label: string) {
  const li = document.createElement('li');
  li.id = id;
  li.className = 'uploading';
  li.innerHTML = `<a title="Cancel" href="#cancelupload" class="cancelupload"><span class="inner">Cancel</span></a><span class="uploading">${label}</span>`;
  list().appendChild(li);
}
function finishUpload(uploadId: string, files: Array<{ id: string; name: string; size: string }>) {
  const items = files.map((f) => {
    const li = document.createElement('li');
    li.id = f.id;
    li.className = 'application octet-stream bin';
    li.innerHTML = `<a href="#load" class="filename"><span class="attachment-name">${f.name}</span><span class="attachment-size">(${f.size})</span></a><a href="#delete" class="delete"></a>`;
    return li;
  });
  const indicator = document.getElementById(uploadId)!;
  if (items[0]) indicator.replaceWith(items[0]);
  else indicator.remove();
  for (const li of items.slice(1)) list().appendChild(li);
}
const removeItem = (id: string) => document.getElementById(id)!.remove();

describe('the Roundcube adapter on real compose pages', () => {
  it('recognises larry, which puts no task class on <body>, from its boot script', () => {
    const page = roundcubeAdapter.detect(loadFixture('roundcube/larry-compose.en.html'), location, [])!;
    expect(document.body.className).not.toMatch(/task-/);
    expect(page).toMatchObject({ id: 'roundcube', skin: 'larry' });
    expect(page.isCompose()).toBe(true);
    expect(page.account()).toBe('alice@example.test');
  });

  it.each(['elastic-compose.en', 'larry-compose.en'])(
    'finds the attachment list, the recipients, the Send button and the limit on %s',
    (name) => {
      const compose = roundcubeAdapter.detect(loadFixture(`roundcube/${name}.html`), location, [])!.compose()!;
      expect(compose.attachmentItems()).toEqual([
        expect.objectContaining({ name: 'report-6MB.bin', uploading: false, sizeText: '(6.0 MB)' }),
      ]);
      // bob, Carol and dave, as typed before the page was saved.
      expect(countRecipients(compose.recipientFields().map((f) => f.value))).toBe(3);
      expect(parseUploadLimit(compose.maxUploadHint())).toBe(50 * MiB);
      expect(compose.bannerAnchor()?.id).toBe('attachment-list');
      const send = document.querySelector(name.startsWith('larry') ? '#messagetoolbar a.button.send' : 'button.send');
      expect(compose.isSendButton(send)).toBe(true);
      expect(compose.isSendButton(document.querySelector('#attachment-list a.delete'))).toBe(false);
    },
  );
});

describe('the attachment nudge', () => {
  it('shows nothing below the threshold, then the figures once a picked file makes the message big', async () => {
    await startNudge('elastic-compose-new.en');
    await settle();
    expect(bannerRoot()).toBeDefined(); // the live region is there, silent, before it has anything to say
    expect(status()).toBe('');

    pick([{ name: 'big.bin', bytes: 6 * MiB }]);
    startUpload('upload1', 'big.bin');
    await settle();
    // From the pick, while it uploads: the user decides now, not once the upload is over.
    expect(status()).toContain('Big attachments: 6.0 MB in this message.');
    finishUpload('upload1', [{ id: 'rcmfile1', name: 'big.bin', size: '6.0 MB' }]);
    await settle();
    expect(status()).toContain('Big attachments: 6.0 MB in this message.');
    expect(status()).toContain(
      'Sent to one recipient (none entered yet), each copy kept 1 year: about 0.6 g CO₂e, like driving 4 m by car.',
    );
    expect(status()).toContain('A share link instead: about 0.2 g CO₂e.');
    expect(spoken(bannerRoot())).toContain(
      'Sources: ADEME, ACV numérique (publicodes-acv-numerique 2.1.0); car: ADEME Impact CO2, voiture thermique (2025).',
    );
    // The page's side: an empty plain element, no text of ours, no tag name it could define first.
    expect(frames.host()?.localName).toBe('div');
    expect(frames.host()?.textContent).toBe('');
    expect(document.body.textContent).not.toContain('Big attachments');
    // Only sizes and counts travel to the background.
    expect(sent).toContainEqual({ type: 'estimate-attachment', bytes: 6 * MiB, recipients: 1 });
  });

  it('follows recipients typed in To, Cc and Bcc', async () => {
    await startNudge('elastic-compose.en');
    await settle();
    // The fixture already holds a 6 MB attachment (from before this nudge started: size as printed) and 3 recipients.
    expect(status()).toContain('Big attachments: about 6.0 MB in this message.');
    expect(status()).toContain('Sent to 3 recipients');
    const cc = document.getElementById('_cc') as HTMLTextAreaElement;
    cc.value = 'eve@example.test, frank@example.test';
    cc.dispatchEvent(new Event('input', { bubbles: true }));
    await settle();
    expect(status()).toContain('Sent to 5 recipients');
  });

  it('does not count a refused, failed or cancelled upload', async () => {
    await startNudge('elastic-compose-new.en');
    pick([{ name: 'huge.iso', bytes: 60 * MiB }]); // refused by Roundcube before any request: no item
    await settle();
    pick([{ name: 'a.bin', bytes: 8 * MiB }]);
    startUpload('upload2', 'a.bin');
    await settle();
    expect(status()).toContain('Big attachments: 8.0 MB in this message.'); // while it uploads
    finishUpload('upload2', []); // the server refused it
    await settle();
    expect(status()).toBe('');
  });

  it('warns near the webmail’s own limit', async () => {
    await startNudge('elastic-compose-new.en');
    pick([{ name: 'video.mp4', bytes: 45 * MiB }]);
    startUpload('upload1', 'video.mp4');
    finishUpload('upload1', [{ id: 'rcmfile1', name: 'video.mp4', size: '45 MB' }]);
    await settle();
    expect(status()).toContain('Close to the largest size this webmail accepts (50 MB, as the page says): the message may be refused.');
  });

  it('can be hidden, and comes back only when the message grows', async () => {
    await startNudge('elastic-compose-new.en');
    pick([{ name: 'a.bin', bytes: 6 * MiB }]);
    startUpload('upload1', 'a.bin');
    finishUpload('upload1', [{ id: 'rcmfile1', name: 'a.bin', size: '6.0 MB' }]);
    await settle();
    await press('Hide this notice');
    await settle();
    expect(status()).toBe('');
    document.getElementById('_to')!.dispatchEvent(new Event('input', { bubbles: true }));
    await settle();
    expect(status()).toBe('');
    pick([{ name: 'b.bin', bytes: 1 * MiB }]);
    startUpload('upload2', 'b.bin');
    finishUpload('upload2', [{ id: 'rcmfile2', name: 'b.bin', size: '1.0 MB' }]);
    await settle();
    expect(status()).toContain('Big attachments: 7.0 MB in this message.');
  });

  it('records what the user avoided by removing attachments the banner warned about', async () => {
    await startNudge('elastic-compose-new.en');
    pick([
      { name: 'a.bin', bytes: 6 * MiB },
      { name: 'b.bin', bytes: 2 * MiB },
    ]);
    startUpload('upload1', 'Uploading files...');
    finishUpload('upload1', [
      { id: 'rcmfile1', name: 'a.bin', size: '6.0 MB' },
      { id: 'rcmfile2', name: 'b.bin', size: '2.0 MB' },
    ]);
    await settle();
    removeItem('rcmfile1');
    await settle();
    expect(status()).toBe(''); // 2 MB left: under the threshold
    expect(sent).toContainEqual({ type: 'record-saving', bytes: 6 * MiB, grams: estimate(6 * MiB, 1).grams });
    removeItem('rcmfile2');
    await settle();
    expect(sent.filter((m) => (m as { type: string }).type === 'record-saving')).toHaveLength(2);
  });

  it('in confirm mode holds the Send click once, then lets the same button send', async () => {
    await startNudge('elastic-compose-new.en', { attachmentConfirmBeforeSend: true });
    const send = document.querySelector<HTMLButtonElement>('button.send')!;
    const roundcubeSend = vi.fn();
    send.addEventListener('click', roundcubeSend);
    pick([{ name: 'a.bin', bytes: 6 * MiB }]);
    startUpload('upload1', 'a.bin');
    finishUpload('upload1', [{ id: 'rcmfile1', name: 'a.bin', size: '6.0 MB' }]);
    await settle();

    send.click();
    await settle();
    expect(roundcubeSend).not.toHaveBeenCalled();
    expect(alertText()).toBe('Sending is on hold: this message carries 6.0 MB of attachments. Send it anyway?');
    // The choice is focused, not the button that sends: a second Enter must not send by reflex.
    expect(bannerRoot().ownerDocument.activeElement?.getAttribute('role')).toBe('group');

    await press('Keep editing');
    expect(alertText()).toBe('');
    send.click();
    expect(roundcubeSend).not.toHaveBeenCalled();
    await press('Send anyway');
    expect(roundcubeSend).toHaveBeenCalledTimes(1);
    // Once confirmed, this message sends without asking again.
    send.click();
    expect(roundcubeSend).toHaveBeenCalledTimes(2);
  });

  it('lets Send through at once below the threshold, and when confirm mode is off', async () => {
    await startNudge('elastic-compose-new.en', { attachmentConfirmBeforeSend: true });
    const send = document.querySelector<HTMLButtonElement>('button.send')!;
    const roundcubeSend = vi.fn();
    send.addEventListener('click', roundcubeSend);
    send.click();
    expect(roundcubeSend).toHaveBeenCalledTimes(1);
  });

  it('stops everything on its signal', async () => {
    const { controller } = await startNudge('elastic-compose-new.en');
    controller.abort();
    expect(frames.host()).toBeNull();
    pick([{ name: 'a.bin', bytes: 6 * MiB }]);
    await settle();
    expect(sent).toEqual([]);
  });
});

/**
 * Reading and using our in-page UI the way assistive technology does.
 *
 * Every nudge shows its words in an extension frame (src/content/ui/frame-host.ts): a document of
 * the extension's origin, which the page cannot read. The test tool can: it attaches to that frame
 * (Chromium: an out-of-process frame; Firefox: a child browsing context) and reads the live regions,
 * list items and buttons there, as the user's screen reader does, and presses buttons with the
 * keyboard (trusted events, which are the only ones the frame answers). Nothing of ours is left in
 * a shadow root of the page (the out-of-office advice was the last, issue 19).
 *
 * The live regions and buttons of the page itself are read too, through the accessibility tree
 * (role + name), so a test can say that something is NOT shown anywhere:
 *
 * - Chromium (playwright-core): the Chrome DevTools Protocol's full accessibility tree of the page
 *   (our out-of-process frames are not in it; they are read as above).
 * - Firefox ESR (puppeteer-core over WebDriver BiDi): `browsingContext.locateNodes` with an
 *   accessibility locator (puppeteer's `::-p-aria(...)`), which finds nodes by computed role and name.
 *
 * Generic on purpose: any nudge's live regions and buttons, by what they say.
 */
import type { Page as PwPage, CDPSession } from 'playwright-core';
import type { Page as PpPage, ElementHandle } from 'puppeteer-core';
import type { TestPage } from '../../../lab/index.ts';

const LIVE_ROLES = ['status', 'alert'] as const;

/** Our frame's page (FRAME_PAGE), under either browser's extension scheme. */
const OUR_FRAME = /^(?:chrome|moz)-extension:\/\/[^/]+\/src\/frame\/index\.html/;

interface AnyFrame {
  url(): string;
  evaluate<T>(fn: string): Promise<T>;
}

/**
 * Our extension frames in the page, as the test tool's frame objects (both tools: url() and
 * evaluate()). Asked for their address from inside: puppeteer over BiDi may still report a frame we
 * navigated from about:blank as about:blank.
 */
async function ourFrames(page: TestPage): Promise<AnyFrame[]> {
  const frames = (page.raw as { frames(): unknown[] }).frames() as unknown as AnyFrame[];
  const ours: AnyFrame[] = [];
  for (const frame of frames.slice(1)) {
    const href = OUR_FRAME.test(frame.url()) ? frame.url() : await frame.evaluate<string>('location.href').catch(() => '');
    if (OUR_FRAME.test(href)) ours.push(frame);
  }
  return ours;
}

/**
 * Page code (run inside our frame): text as read aloud, aria-hidden parts left out, a space between
 * blocks. `what`: the live regions' texts, or the list items'.
 */
const FRAME_TEXTS = (what: 'regions' | 'items' | 'buttons') => `(() => {
  const spoken = (node) => {
    if (node.nodeType === 3) return node.textContent;
    if (node.nodeType !== 1 || node.getAttribute('aria-hidden') === 'true' || node.hidden) return '';
    const inner = [...node.childNodes].map(spoken).join('');
    return /^(P|LI|UL|DIV|SECTION)$/.test(node.tagName) ? ' ' + inner + ' ' : inner;
  };
  const selector = ${JSON.stringify(what)} === 'regions' ? '[role="status"], [role="alert"]' : ${JSON.stringify(what)} === 'items' ? 'li' : 'button';
  return [...document.querySelectorAll(selector)].map((el) => ${JSON.stringify(what)} === 'buttons' ? (el.getAttribute('aria-label') || el.textContent) : spoken(el));
})()`;

/** How many frames of ours (src/frame/) the page holds now. */
export async function countOurFrames(page: TestPage): Promise<number> {
  return (await ourFrames(page)).length;
}

async function readOurFrames(page: TestPage, what: 'regions' | 'items' | 'buttons'): Promise<string[]> {
  const texts: string[] = [];
  for (const frame of await ourFrames(page)) {
    // A frame reloading (the page moved it, we put it back) has no document for a moment: skip it.
    const found = await frame.evaluate<string[]>(FRAME_TEXTS(what)).catch(() => [] as string[]);
    texts.push(...found.map(normalise));
  }
  return texts.filter(Boolean);
}

interface AXValue {
  value?: unknown;
}
interface AXNode {
  nodeId: string;
  ignored: boolean;
  role?: AXValue;
  name?: AXValue;
  childIds?: string[];
  backendDOMNodeId?: number;
}

const isPlaywright = (page: TestPage): page is TestPage & { raw: PwPage } =>
  'context' in page.raw && typeof (page.raw as PwPage).context === 'function';

const sessions = new WeakMap<PwPage, Promise<CDPSession>>();
function cdp(page: PwPage): Promise<CDPSession> {
  let session = sessions.get(page);
  if (!session) {
    session = page.context().newCDPSession(page);
    sessions.set(page, session);
  }
  return session;
}

async function axTree(page: PwPage): Promise<Map<string, AXNode>> {
  const session = await cdp(page);
  const { nodes } = (await session.send('Accessibility.getFullAXTree')) as { nodes: AXNode[] };
  return new Map(nodes.map((n) => [n.nodeId, n]));
}

const roleOf = (n: AXNode) => String(n.role?.value ?? '');
const nameOf = (n: AXNode) => String(n.name?.value ?? '');

/** The text a screen reader reads inside an accessibility node: its StaticText leaves, in order. */
function axText(tree: Map<string, AXNode>, node: AXNode): string {
  if (roleOf(node) === 'StaticText') return nameOf(node);
  return (node.childIds ?? [])
    .map((id) => tree.get(id))
    .filter((n): n is AXNode => n !== undefined)
    .map((n) => axText(tree, n))
    .filter(Boolean)
    .join(' ');
}

const normalise = (text: string) => text.replace(/\s+/g, ' ').trim();

/**
 * The texts of every live region (role=status or role=alert) on the page, empty ones left out,
 * in document order.
 */
export async function readLiveRegions(page: TestPage): Promise<string[]> {
  const inFrames = await readOurFrames(page, 'regions');
  if (isPlaywright(page)) {
    const tree = await axTree(page.raw);
    return [...tree.values()]
      .filter((n) => !n.ignored && (LIVE_ROLES as readonly string[]).includes(roleOf(n)))
      .map((n) => normalise(axText(tree, n)))
      .filter(Boolean)
      .concat(inFrames);
  }
  const texts: string[] = [];
  for (const role of LIVE_ROLES) {
    for (const handle of await bidiQueryAll(page.raw as PpPage, `::-p-aria([role="${role}"])`)) {
      // innerText keeps the breaks between paragraphs that textContent would glue together.
      texts.push(normalise(await handle.evaluate((el) => (el as HTMLElement).innerText ?? el.textContent ?? '')));
      await handle.dispose();
    }
  }
  return texts.filter(Boolean).concat(inFrames);
}

/** A selector (puppeteer's `::-p-aria` included) in the page's own document. */
async function bidiQueryAll(pp: PpPage, selector: string): Promise<ElementHandle<Element>[]> {
  return (await pp.$$(selector)) as ElementHandle<Element>[];
}

/**
 * The items of the lists in our frames (each rule line of the password panel, each piece of
 * out-of-office advice is one), each as read aloud, in document order. Read one by one so a test
 * can say which line says what, where the whole region's text would run the lines together.
 */
export async function readOurListItems(page: TestPage): Promise<string[]> {
  return readOurFrames(page, 'items');
}

/** Waits until a list item of our UI matches `pattern`; returns that item's text. */
export async function waitForOurListItem(page: TestPage, pattern: RegExp, timeoutMs = 10_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let last: string[] = [];
  while (Date.now() < deadline) {
    last = await readOurListItems(page).catch(() => last);
    const found = last.find((item) => pattern.test(item));
    if (found !== undefined) return found;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`No line of ours matches ${String(pattern)} after ${timeoutMs} ms; lines: ${JSON.stringify(last)}`);
}

/** Waits until some live region contains `text` (string or pattern); returns all region texts. */
export async function waitForLiveRegion(page: TestPage, text: string | RegExp, timeoutMs = 10_000): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  const matches = (t: string) => (typeof text === 'string' ? t.includes(text) : text.test(t));
  let last: string[] = [];
  while (Date.now() < deadline) {
    // A page that navigates mid-read (Roundcube after sending) leaves stale handles: read again.
    last = await readLiveRegions(page).catch(() => last);
    if (last.some(matches)) return last;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`No live region says ${String(text)} after ${timeoutMs} ms; live regions: ${JSON.stringify(last)}`);
}

/** Waits until no live region contains `text` (or none has any text when `text` is omitted). */
export async function waitForNoLiveRegion(page: TestPage, text?: string | RegExp, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const matches = (t: string) => (text === undefined ? true : typeof text === 'string' ? t.includes(text) : text.test(t));
  let last: string[] = [];
  while (Date.now() < deadline) {
    last = await readLiveRegions(page).catch(() => last);
    if (!last.some(matches)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`A live region still says ${String(text ?? 'something')} after ${timeoutMs} ms: ${JSON.stringify(last)}`);
}

/** The names of the buttons of ours (or anyone's) the accessibility tree shows, for diagnostics. */
export async function buttonNames(page: TestPage): Promise<string[]> {
  const inFrames = await readOurFrames(page, 'buttons');
  if (isPlaywright(page)) {
    const tree = await axTree(page.raw);
    return [...tree.values()]
      .filter((n) => !n.ignored && roleOf(n) === 'button')
      .map(nameOf)
      .concat(inFrames);
  }
  const names: string[] = [];
  for (const handle of await bidiQueryAll(page.raw as PpPage, '::-p-aria([role="button"])')) {
    names.push(normalise(await handle.evaluate((el) => el.getAttribute('aria-label') || el.textContent || '')));
    await handle.dispose();
  }
  return names.concat(inFrames);
}

/**
 * Presses the button of our frames with this accessible name the way a keyboard user does: focus
 * on it, then Enter (a trusted key press).
 */
export async function pressOurButton(page: TestPage, name: string): Promise<void> {
  for (const frame of await ourFrames(page)) {
    if (isPlaywright(page)) {
      const button = (frame as unknown as import('playwright-core').Frame).getByRole('button', { name, exact: true });
      if ((await button.count()) === 0) continue;
      // Focus, then Enter: a trusted key press, as the keyboard user makes it. Through the page's
      // keyboard, not locator.press: when the press removes our frame (Hide), Chromium's
      // locator.press was seen to wait its whole timeout on the detached frame.
      // The press is not awaited past 5 s: when Enter removes our out-of-process frame, the key-up's
      // acknowledgement may never come back (a CI run hung there until the test's timeout). What the
      // press did is what the caller asserts next.
      await button.first().focus({ timeout: 10_000 });
      await Promise.race([(page.raw as PwPage).keyboard.press('Enter'), new Promise((r) => setTimeout(r, 5000))]);
      return;
    }
    const handles = (await (frame as unknown as import('puppeteer-core').Frame).$$('button')) as ElementHandle<Element>[];
    let pressed = false;
    for (const handle of handles) {
      const label = await handle.evaluate((el) => el.getAttribute('aria-label') || el.textContent || '');
      if (!pressed && normalise(label) === name) {
        await handle.press('Enter');
        pressed = true;
      }
      await handle.dispose();
    }
    if (pressed) return;
  }
  // Only ours, in our frames: a button of the page's with the same name is not what the test means.
  throw new Error(`No button of ours named "${name}"; buttons: ${JSON.stringify(await buttonNames(page))}`);
}

/**
 * A screenshot of the page around our frame (Chromium: Playwright), for the docs: the frame scrolled
 * into view with `above` pixels of the page above it, so the field it speaks about shows too.
 */
export async function screenshotAroundOurFrame(page: TestPage, path: string, above = 240): Promise<void> {
  if (!isPlaywright(page)) throw new Error('screenshotAroundOurFrame: Chromium (Playwright) only');
  const raw: PwPage = page.raw;
  const frame = raw.frames().find((f) => OUR_FRAME.test(f.url()));
  if (!frame) throw new Error('screenshotAroundOurFrame: no frame of ours in the page');
  const element = await frame.frameElement();
  await element.scrollIntoViewIfNeeded();
  const box = await element.boundingBox();
  if (!box) throw new Error('screenshotAroundOurFrame: our frame is not shown');
  const viewport = raw.viewportSize() ?? { width: 1280, height: 720 };
  const top = Math.max(0, box.y - above);
  await raw.screenshot({
    path,
    clip: { x: 0, y: top, width: viewport.width, height: Math.min(viewport.height - top, box.y + box.height + 16 - top) },
  });
}

/**
 * Frames of ours that answer in the page's current document. After a navigation, Firefox's
 * WebDriver BiDi can still list the previous document's frames for a moment; those do not answer.
 */
export async function countLiveOurFrames(page: TestPage): Promise<number> {
  let live = 0;
  for (const frame of await ourFrames(page)) {
    if (await frame.evaluate<boolean>('document.readyState === "complete"').catch(() => false)) live++;
  }
  return live;
}

/**
 * What travels between a nudge's content script and its extension frame (src/frame/): the finished
 * words to show (already in the user's language) and, back, the height and the button the user
 * pressed. Both ends check every message with the guards below and drop anything else; the port
 * they travel on is one no page can open or read (see src/content/ui/frame-host.ts).
 */

/** The port's name: this prefix and the random id the content script put in the frame's URL. */
export const FRAME_PORT_PREFIX = 'sobre-mail-frame:';
/** The frame's page, declared web-accessible (manifest.config.ts). */
export const FRAME_PAGE = 'src/frame/index.html';

/** One line of the password verdict. */
export interface FrameRuleLine {
  state: 'ok' | 'fail' | 'unchecked';
  text: string;
}

export interface PasswordFrameView {
  kind: 'password';
  heading: string;
  summary: string;
  lines: FrameRuleLine[];
  /** Why Save was stopped, or null. */
  alert: string | null;
  /** The passphrase the user asked for, or null. */
  passphrase: string | null;
  labels: { suggest: string; use: string; another: string; passphraseIntro: string; passed: string; failed: string; unchecked: string };
}

export interface AttachmentFrameView {
  kind: 'attachment';
  shown: boolean;
  level: 'over' | 'near-limit';
  /** The page's own theme behind the banner (elastic has a dark mode of its own); null: the system's. */
  theme: 'light' | 'dark' | null;
  headline: string;
  lines: string[];
  warning: string | null;
  source: string;
  /** Sending is held: the question, and the buttons answer it. */
  question: string | null;
  labels: { dismiss: string; sendAnyway: string; keepEditing: string };
}

/** A warning at the top of the window (look-alike sign-in page, password reuse). */
export interface NoticeFrameView {
  kind: 'notice';
  title: string;
  paragraphs: string[];
  /** Addresses from the organisation's settings (never from the page), opened in the top window. */
  links: Array<{ href: string; text: string; newTab: boolean }>;
  /** Paragraphs after the links. */
  after: string[];
  /** A button that hides the notice until the page is loaded again (reports `dismiss`), or null for none. */
  hideLabel: string | null;
}

/**
 * Advice under a form the user is writing (the out-of-office reply): a summary and one line per
 * piece of advice, which may quote what the user typed. Advice only: it has no buttons.
 */
export interface AdviceFrameView {
  kind: 'advice';
  /** The panel's accessible name. */
  heading: string;
  /** Before the list when there is advice; the all-clear when there is none. */
  summary: string;
  /** Advice lines, already in the user's language; none means all good. */
  items: string[];
  /** `item`: the screen-reader word before each line (the mark is decorative). */
  labels: { item: string };
}

export type FrameView = PasswordFrameView | AttachmentFrameView | NoticeFrameView | AdviceFrameView;

/** The buttons a frame can report; each view knows which of them it shows. */
export const FRAME_ACTIONS = ['suggest', 'use', 'another', 'dismiss', 'send', 'keep'] as const;
export type FrameAction = (typeof FRAME_ACTIONS)[number];

export type ContentToFrame = { type: 'view'; view: FrameView } | { type: 'focus' };
export type FrameToContent = { type: 'hello' } | { type: 'height'; px: number } | { type: 'action'; action: FrameAction };

const MAX_TEXT = 2000;
const MAX_ITEMS = 40;
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isText = (v: unknown): v is string => typeof v === 'string' && v.length <= MAX_TEXT;
const isTextOrNull = (v: unknown): v is string | null => v === null || isText(v);
const isTexts = (v: unknown): v is string[] => Array.isArray(v) && v.length <= MAX_ITEMS && v.every(isText);
const hasTexts = (v: unknown, keys: readonly string[]): boolean => isRecord(v) && keys.every((k) => isText(v[k]));
const isHttpUrl = (v: unknown): v is string => {
  if (!isText(v)) return false;
  try {
    const url = new URL(v);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
};

export function isFrameView(v: unknown): v is FrameView {
  if (!isRecord(v)) return false;
  switch (v.kind) {
    case 'password':
      return (
        isText(v.heading) &&
        isText(v.summary) &&
        Array.isArray(v.lines) &&
        v.lines.length <= MAX_ITEMS &&
        v.lines.every((l) => isRecord(l) && (l.state === 'ok' || l.state === 'fail' || l.state === 'unchecked') && isText(l.text)) &&
        isTextOrNull(v.alert) &&
        isTextOrNull(v.passphrase) &&
        hasTexts(v.labels, ['suggest', 'use', 'another', 'passphraseIntro', 'passed', 'failed', 'unchecked'])
      );
    case 'attachment':
      return (
        typeof v.shown === 'boolean' &&
        (v.level === 'over' || v.level === 'near-limit') &&
        (v.theme === null || v.theme === 'light' || v.theme === 'dark') &&
        isText(v.headline) &&
        isTexts(v.lines) &&
        isTextOrNull(v.warning) &&
        isText(v.source) &&
        isTextOrNull(v.question) &&
        hasTexts(v.labels, ['dismiss', 'sendAnyway', 'keepEditing'])
      );
    case 'notice':
      return (
        isText(v.title) &&
        isTexts(v.paragraphs) &&
        isTexts(v.after) &&
        isTextOrNull(v.hideLabel) &&
        Array.isArray(v.links) &&
        v.links.length <= MAX_ITEMS &&
        v.links.every((l) => isRecord(l) && isHttpUrl(l.href) && isText(l.text) && typeof l.newTab === 'boolean')
      );
    case 'advice':
      return isText(v.heading) && isText(v.summary) && isTexts(v.items) && hasTexts(v.labels, ['item']);
    default:
      return false;
  }
}

export function parseContentToFrame(v: unknown): ContentToFrame | null {
  if (!isRecord(v)) return null;
  if (v.type === 'view' && isFrameView(v.view)) return { type: 'view', view: v.view };
  if (v.type === 'focus') return { type: 'focus' };
  return null;
}

/** Heights beyond a screen or two are a broken layout, not a panel: clamp them. */
export const MAX_FRAME_HEIGHT = 4000;

export function parseFrameToContent(v: unknown): FrameToContent | null {
  if (!isRecord(v)) return null;
  if (v.type === 'hello') return { type: 'hello' };
  if (v.type === 'height' && typeof v.px === 'number' && Number.isFinite(v.px) && v.px >= 0 && v.px <= MAX_FRAME_HEIGHT)
    return { type: 'height', px: v.px };
  if (v.type === 'action' && (FRAME_ACTIONS as readonly unknown[]).includes(v.action))
    return { type: 'action', action: v.action as FrameAction };
  return null;
}

/** The relay's first word to the content script: its frame is there and listening. */
export const FRAME_READY: FrameToContent = { type: 'hello' };

/** The id a content script draws for its frame: 128 random bits, in hex. */
export const isFrameId = (v: string): boolean => /^[0-9a-f]{32}$/.test(v);

/**
 * Our frame page, in a tab: this extension's id, an extension URL whose path is the frame page (in
 * Chromium the host is the per-session random one of `use_dynamic_url`, not the extension id).
 */
export function isOwnFramePage(sender: { id?: string; url?: string; tab?: { id?: number } }, ownId: string): boolean {
  if (sender.id !== ownId || typeof sender.tab?.id !== 'number' || typeof sender.url !== 'string') return false;
  try {
    const url = new URL(sender.url);
    return (url.protocol === 'chrome-extension:' || url.protocol === 'moz-extension:') && url.pathname === `/${FRAME_PAGE}`;
  } catch {
    return false;
  }
}

import { describe, expect, it } from 'vitest';
import { isFrameId, isOwnFramePage, parseContentToFrame, parseFrameToContent, type FrameView } from '../../src/shared/frame-messages.ts';

const PASSWORD: FrameView = {
  kind: 'password',
  heading: 'New password check',
  summary: 'Not yet',
  lines: [{ state: 'fail', text: 'contains a word your organisation refuses' }],
  alert: null,
  passphrase: null,
  labels: { suggest: 's', use: 'u', another: 'a', passphraseIntro: 'p', passed: 'Met:', failed: 'Not met:', unchecked: '?' },
};
const NOTICE: FrameView = {
  kind: 'notice',
  title: 't',
  paragraphs: ['p'],
  links: [{ href: 'https://webmail.example.org/', text: 'x', newTab: false }],
  after: [],
  hideLabel: null,
};
const ADVICE: FrameView = {
  kind: 'advice',
  heading: 'Out-of-office reply check',
  summary: 'This reply goes to every sender, spammers included:',
  items: ['a phone number (“06 12 34 56 78”): every sender gets it'],
  labels: { item: 'Advice:' },
};

describe('messages between a nudge and its frame', () => {
  it('passes well-formed views and answers through', () => {
    expect(parseContentToFrame({ type: 'view', view: PASSWORD })).toEqual({ type: 'view', view: PASSWORD });
    expect(parseContentToFrame({ type: 'view', view: NOTICE })).toEqual({ type: 'view', view: NOTICE });
    expect(parseContentToFrame({ type: 'view', view: ADVICE })).toEqual({ type: 'view', view: ADVICE });
    expect(parseContentToFrame({ type: 'view', view: { ...ADVICE, items: [] } })).toEqual({ type: 'view', view: { ...ADVICE, items: [] } });
    expect(parseContentToFrame({ type: 'focus' })).toEqual({ type: 'focus' });
    expect(parseFrameToContent({ type: 'height', px: 120 })).toEqual({ type: 'height', px: 120 });
    expect(parseFrameToContent({ type: 'action', action: 'send' })).toEqual({ type: 'action', action: 'send' });
  });

  it('drops anything else: unknown kinds and actions, script links, absurd heights, oversized text', () => {
    expect(parseContentToFrame({ type: 'view', view: { ...PASSWORD, kind: 'html' } })).toBeNull();
    expect(
      parseContentToFrame({ type: 'view', view: { ...NOTICE, links: [{ href: 'javascript:alert(1)', text: 'x', newTab: false }] } }),
    ).toBeNull();
    expect(parseContentToFrame({ type: 'view', view: { ...PASSWORD, summary: 'x'.repeat(5000) } })).toBeNull();
    expect(parseContentToFrame({ type: 'view', view: { ...PASSWORD, lines: [{ state: 'maybe', text: 'x' }] } })).toBeNull();
    expect(parseContentToFrame({ type: 'view', view: { ...ADVICE, items: ['x'.repeat(5000)] } })).toBeNull();
    expect(parseContentToFrame({ type: 'view', view: { ...ADVICE, items: Array.from({ length: 41 }, () => 'x') } })).toBeNull();
    expect(parseContentToFrame({ type: 'view', view: { ...ADVICE, items: [{ html: '<b>x</b>' }] } })).toBeNull();
    expect(parseContentToFrame({ type: 'view', view: { ...ADVICE, labels: {} } })).toBeNull();
    expect(parseContentToFrame('view')).toBeNull();
    expect(parseFrameToContent({ type: 'action', action: 'submit-form' })).toBeNull();
    expect(parseFrameToContent({ type: 'height', px: -1 })).toBeNull();
    expect(parseFrameToContent({ type: 'height', px: Number.POSITIVE_INFINITY })).toBeNull();
    expect(parseFrameToContent({ type: 'height', px: 1e6 })).toBeNull();
  });

  it('pairs only 128-bit hex ids, and only our frame page in a tab', () => {
    expect(isFrameId('0123456789abcdef0123456789abcdef')).toBe(true);
    expect(isFrameId('0123456789abcdef')).toBe(false);
    expect(isFrameId('0123456789ABCDEF0123456789ABCDEF')).toBe(false);
    const frame = { id: 'ours', url: 'chrome-extension://dynamic-id/src/frame/index.html#0123', tab: { id: 3 } };
    expect(isOwnFramePage(frame, 'ours')).toBe(true);
    expect(isOwnFramePage({ ...frame, url: 'moz-extension://uuid/src/frame/index.html#0123' }, 'ours')).toBe(true);
    expect(isOwnFramePage({ ...frame, id: 'another' }, 'ours')).toBe(false);
    expect(isOwnFramePage({ ...frame, tab: undefined }, 'ours')).toBe(false);
    expect(isOwnFramePage({ ...frame, url: 'https://example.org/src/frame/index.html' }, 'ours')).toBe(false);
    expect(isOwnFramePage({ ...frame, url: 'chrome-extension://dynamic-id/src/popup/index.html' }, 'ours')).toBe(false);
  });
});

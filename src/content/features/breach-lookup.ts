import { sendToBackground } from '../orphan-guard.ts';
import { breachCount, MAX_RANGE_LINES, splitSha1 } from '../../model/breach-range.ts';
import type { BreachStatus } from '../../model/password-policy.ts';

/** Typing pauses this long before the prefix is asked for: one request per pause, not per key. */
export const BREACH_LOOKUP_DELAY_MS = 600;
/**
 * Shorter passwords are never looked up: they fail the length rule anyway, and a prefix sent for
 * every few keystrokes would narrow down what is being typed.
 */
export const BREACH_LOOKUP_MIN_LENGTH = 8;

export interface BreachLookup {
  /** What is known of this password now (the page's current value). */
  status(password: string): BreachStatus;
  /** The field changed: look the new value up once typing pauses. */
  typed(password: string): void;
}

type Suffixes = ReadonlyMap<string, number>;

/** The background's answer, checked: it is a message, and messages are validated. */
function suffixesFrom(reply: unknown): Suffixes | null {
  if (typeof reply !== 'object' || reply === null || (reply as { ok?: unknown }).ok !== true) return null;
  const list = (reply as { suffixes?: unknown }).suffixes;
  if (!Array.isArray(list) || list.length > MAX_RANGE_LINES) return null;
  const map = new Map<string, number>();
  for (const entry of list) {
    if (!Array.isArray(entry) || typeof entry[0] !== 'string' || !/^[0-9A-F]{35}$/.test(entry[0])) return null;
    if (typeof entry[1] !== 'number' || !Number.isSafeInteger(entry[1]) || entry[1] < 1) return null;
    map.set(entry[0], entry[1]);
  }
  return map;
}

async function sha1Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-1', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * The known-breach rule's lookup, in the page: the password is hashed here (WebCrypto), only the
 * first 5 hex digits of its SHA-1 go to the background (which asks IT's range service), and the
 * answer's suffixes come back to be compared here. `changed` redraws the panel when an answer for
 * the current value arrives.
 */
export function createBreachLookup(changed: () => void, signal: AbortSignal): BreachLookup {
  const ranges = new Map<string, Promise<Suffixes | null>>();
  let current: { password: string; status: BreachStatus } = { password: '', status: { state: 'waiting' } };
  let timer: ReturnType<typeof setTimeout> | undefined;
  signal.addEventListener('abort', () => clearTimeout(timer), { once: true });

  const range = (prefix: string) => {
    let pending = ranges.get(prefix);
    if (!pending) {
      pending = sendToBackground({ type: 'breach-range', prefix }).then(suffixesFrom, () => null);
      // A failure is not remembered: the next pause asks again.
      void pending.then((found) => found === null && ranges.delete(prefix));
      ranges.set(prefix, pending);
    }
    return pending;
  };

  const lookUp = async (password: string) => {
    const { prefix, suffix } = splitSha1(await sha1Hex(password));
    const suffixes = await range(prefix);
    if (signal.aborted || current.password !== password) return;
    const count = suffixes ? breachCount(suffixes, suffix) : null;
    current = { password, status: count === null ? { state: 'unavailable' } : count > 0 ? { state: 'seen', count } : { state: 'notSeen' } };
    changed();
  };

  return {
    status: (password) => (password === current.password ? current.status : { state: 'waiting' }),
    typed(password) {
      clearTimeout(timer);
      if (password === current.password) return;
      current = { password, status: { state: 'waiting' } };
      if ([...password].length < BREACH_LOOKUP_MIN_LENGTH) return;
      timer = setTimeout(() => void lookUp(password), BREACH_LOOKUP_DELAY_MS);
    },
  };
}

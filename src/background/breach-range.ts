import { MAX_RANGE_BYTES, parseRangeResponse, rangeUrl } from '../model/breach-range.ts';

/** Past this the lookup says "not checked": a slow service must never keep the panel waiting long. */
export const RANGE_TIMEOUT_MS = 5_000;

export type RangeReply =
  { ok: true; suffixes: [string, number][] } | { ok: false; reason: 'off' | 'network' | 'status' | 'tooBig' | 'notRangeFile' };

/**
 * Fetches one range for the password nudge: only the 5-digit prefix is in the request. From the
 * background (host permissions), so a self-hosted range mirror needs no CORS headers; without
 * cookies, without following redirects (an endpoint that moved is a configuration to fix, and a
 * redirect could leak the prefix to another host), with padding asked for.
 */
export async function fetchRange(endpoint: string, prefix: string, timeoutMs = RANGE_TIMEOUT_MS): Promise<RangeReply> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const response = await fetch(rangeUrl(endpoint, prefix), {
      credentials: 'omit',
      redirect: 'error',
      referrerPolicy: 'no-referrer',
      headers: { 'Add-Padding': 'true' },
      signal: controller.signal,
    });
    if (!response.ok) return { ok: false, reason: 'status' };
    const body = await readCapped(response, MAX_RANGE_BYTES);
    if (body === null) return { ok: false, reason: 'tooBig' };
    const suffixes = parseRangeResponse(body);
    return suffixes ? { ok: true, suffixes: [...suffixes] } : { ok: false, reason: 'notRangeFile' };
  } catch {
    return { ok: false, reason: 'network' };
  } finally {
    clearTimeout(timer);
  }
}

/** The body as text, or null past `maxBytes` (read no further: a huge body costs nothing more). */
async function readCapped(response: Response, maxBytes: number): Promise<string | null> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) return null;
  if (!response.body) return (await response.text()).slice(0, maxBytes + 1);
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  const all = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    all.set(chunk, at);
    at += chunk.byteLength;
  }
  return new TextDecoder().decode(all);
}

/** The ids a policy names: Chromium's from the manifest key, Firefox's from the manifest. */
import { createHash } from 'node:crypto';
import { CHROMIUM_PUBLIC_KEY, GECKO_ID } from '../../manifest.config.ts';

/** Chromium's rule: SHA-256 of the DER public key, first 32 hex digits, each 0-f written a-p. */
export function chromiumExtensionId(base64Der: string): string {
  const hex = createHash('sha256').update(Buffer.from(base64Der, 'base64')).digest('hex').slice(0, 32);
  return [...hex].map((c) => String.fromCharCode(97 + parseInt(c, 16))).join('');
}

export const CHROMIUM_ID = chromiumExtensionId(CHROMIUM_PUBLIC_KEY);
export { GECKO_ID };

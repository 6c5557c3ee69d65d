import { PBKDF2_ITERATIONS, SALT_BYTES } from '../model/password-reuse.ts';

/**
 * The password's fingerprint: PBKDF2-SHA-256 through WebCrypto (the same in content scripts, the
 * background, and Node for the tests), with the installation's random salt. The password is only
 * ever held in the variables of this call and of the field the page already has.
 */
export async function fingerprint(password: string, saltBase64: string, iterations: number = PBKDF2_ITERATIONS): Promise<string> {
  const subtle = globalThis.crypto.subtle;
  const key = await subtle.importKey('raw', new TextEncoder().encode(password), 'PBKDF2', false, ['deriveBits']);
  const bits = await subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt: fromBase64(saltBase64), iterations }, key, 256);
  return toBase64(new Uint8Array(bits));
}

export function newSalt(): string {
  return toBase64(globalThis.crypto.getRandomValues(new Uint8Array(SALT_BYTES)));
}

export function toBase64(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) text += String.fromCharCode(byte);
  return btoa(text);
}

export function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

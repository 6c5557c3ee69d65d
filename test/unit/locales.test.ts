import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

type Catalogue = Record<string, { message: string; description?: string; placeholders?: Record<string, { content: string }> }>;

const dir = resolve(import.meta.dirname, '../../public/_locales');
const load = (lang: string): Catalogue => JSON.parse(readFileSync(join(dir, lang, 'messages.json'), 'utf8'));
const en = load('en');
const fr = load('fr');

/** `$WEBMAIL$`-style references used in a message, and `$1`-style ones in placeholder contents. */
const references = (entry: Catalogue[string]) => [...entry.message.matchAll(/\$([A-Za-z0-9_]+)\$/g)].map((m) => m[1]!.toLowerCase()).sort();

describe('_locales', () => {
  it('ships exactly English and French', () => {
    expect(readdirSync(dir).sort()).toEqual(['en', 'fr']);
  });

  it('French and English have the same keys', () => {
    expect(Object.keys(fr).sort()).toEqual(Object.keys(en).sort());
  });

  it.each(Object.keys(en))('%s has the same placeholders in both languages, each one defined and used', (key) => {
    for (const entry of [en[key]!, fr[key]!]) {
      const used = references(entry);
      const defined = Object.keys(entry.placeholders ?? {})
        .map((p) => p.toLowerCase())
        .sort();
      expect(used).toEqual([...new Set(used)].sort());
      expect(new Set(used)).toEqual(new Set(defined));
    }
    expect(references(fr[key]!)).toEqual(references(en[key]!));
    const contents = (c: Catalogue[string]) =>
      Object.entries(c.placeholders ?? {})
        .map(([k, v]) => `${k.toLowerCase()}=${v.content}`)
        .sort();
    expect(contents(fr[key]!)).toEqual(contents(en[key]!));
  });

  it('no message is empty or left untranslated by mistake', () => {
    for (const key of Object.keys(en)) {
      expect(en[key]!.message.trim(), key).not.toBe('');
      expect(fr[key]!.message.trim(), key).not.toBe('');
    }
  });

  it('every key the code uses exists', () => {
    const src = resolve(import.meta.dirname, '../../src');
    const files: string[] = [];
    const walk = (d: string) => {
      for (const e of readdirSync(d, { withFileTypes: true })) {
        if (e.isDirectory()) walk(join(d, e.name));
        else if (/\.tsx?$/.test(e.name)) files.push(join(d, e.name));
      }
    };
    walk(src);
    const used = new Set<string>();
    for (const f of files) for (const m of readFileSync(f, 'utf8').matchAll(/\bt\(\s*'([A-Za-z0-9_]+)'/g)) used.add(m[1]!);
    expect(used.size).toBeGreaterThan(3);
    for (const key of used) expect(Object.keys(en), key).toContain(key);
  });
});

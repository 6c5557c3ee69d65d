// @vitest-environment happy-dom
/**
 * Every adapter of the registry against every page saved from the real servers (test/fixtures/<id>/,
 * listed from the folders, never by hand): each adapter takes its own pages and no other's. A new
 * webmail's adapter and fixtures join this test by being there.
 */
import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadFixture } from './load-fixture.ts';
import { ADAPTERS, isWebmailId } from '../../src/content/adapters/index.ts';

const FIXTURES = resolve(import.meta.dirname, '../fixtures');
const PAGE_URL = 'https://mail.example.test/';
const pagesOf = (id: string) => readdirSync(resolve(FIXTURES, id)).filter((name) => name.endsWith('.html'));
/** The generic adapter has no look of its own: it takes any page at an address IT listed, none elsewhere. */
const LISTED = { generic: [new URL(PAGE_URL).origin] } as Record<string, string[]>;

describe('the adapter registry', () => {
  it('has one adapter per id, a fixture folder for each, and generic last', () => {
    const ids = ADAPTERS.map((a) => a.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.at(-1)).toBe('generic');
    for (const id of ids) expect(pagesOf(id).length, `test/fixtures/${id}/ holds no saved page`).toBeGreaterThan(0);
    // Every folder of fixtures is some adapter's: a webmail's pages without its adapter are a mistake.
    const folders = readdirSync(FIXTURES, { withFileTypes: true }).filter((d) => d.isDirectory());
    for (const folder of folders) expect(isWebmailId(folder.name), `test/fixtures/${folder.name}/ has no adapter`).toBe(true);
  });

  for (const owner of ADAPTERS) {
    describe(`${owner.id}'s pages`, () => {
      for (const name of pagesOf(owner.id)) {
        it(`${name}: recognised by ${owner.id}, by no other adapter`, () => {
          const doc = loadFixture(`${owner.id}/${name}`, PAGE_URL);
          const own = owner.detect(doc, location, LISTED[owner.id] ?? []);
          expect(own, `${owner.id}'s detect missed ${owner.id}/${name}: widen ${owner.id}'s detect, or re-save the page`).not.toBeNull();
          expect(own!.id).toBe(owner.id);
          for (const other of ADAPTERS) {
            if (other === owner) continue;
            // Nothing listed: a page is a webmail by its look alone (generic takes none).
            const taken = other.detect(doc, location, []);
            expect(
              taken,
              `${other.id}'s detect matched ${owner.id}/${name}: tighten ${other.id}'s detect, or the page is not ${owner.id}'s`,
            ).toBeNull();
          }
        });
      }
    });
  }
});

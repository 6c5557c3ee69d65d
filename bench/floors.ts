/**
 * The reference extensions every page-cost row is measured against, built from the same build as
 * ours (a copy of it, changed in one place each), so that the manifest, the extension id (the
 * manifest's `key`), the permissions and the background are the same:
 *   noContentScript     the manifest's `content_scripts` removed: what an installed extension with our
 *                       background costs a page it never enters;
 *   emptyContentScript  the content script replaced by an empty file, still declared on every http(s)
 *                       page at document_idle: Chromium's own price for any extension that has a
 *                       content script on every page (the isolated world, the injection, its IPC);
 *   readsOnly           (ordinary pages only, to explain the difference) a content script that does
 *                       only the two reads ours needs before it can say "not a webmail": one storage
 *                       read and one DOM read (`document.body.className`).
 * "ours" is the build itself. What a floor does not hold is ours by definition: our content script's
 * code, its storage read, the nudges it starts, the messages it sends and what they wake up.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const CONTENT_PATH = 'src/content/index.js';

/** The page-cost columns, in the order the tables show them. */
export const PAGE_VARIANTS = ['none', 'noContentScript', 'emptyContentScript', 'ours'] as const;
export type PageVariant = (typeof PAGE_VARIANTS)[number];

export const VARIANT_LABEL: Record<PageVariant | 'readsOnly', string> = {
  none: 'none (no extension)',
  noContentScript: 'floor: no content script',
  emptyContentScript: 'floor: empty content script',
  ours: 'ours',
  readsOnly: 'reference: storage + DOM read only',
};

export interface ReferenceBuilds {
  noContentScript: string;
  emptyContentScript: string;
  readsOnly: string;
  remove(): void;
}

interface Manifest {
  content_scripts?: { js?: string[] }[];
  [key: string]: unknown;
}

function copyOf(extensionDir: string, name: string): string {
  const dir = mkdtempSync(join(tmpdir(), `sobre-bench-${name}-`));
  cpSync(extensionDir, dir, { recursive: true });
  return dir;
}

export function buildReferences(extensionDir: string): ReferenceBuilds {
  const manifest = JSON.parse(readFileSync(join(extensionDir, 'manifest.json'), 'utf8')) as Manifest;
  const declared = manifest.content_scripts?.flatMap((c) => c.js ?? []) ?? [];
  // The floors replace exactly one file; a build that declares more would make them lie.
  if (declared.length !== 1 || declared[0] !== CONTENT_PATH)
    throw new Error(`Expected one content script, ${CONTENT_PATH}; the manifest declares ${JSON.stringify(declared)}`);

  const noContentScript = copyOf(extensionDir, 'no-content-script');
  const { content_scripts: _dropped, ...rest } = manifest;
  writeFileSync(join(noContentScript, 'manifest.json'), JSON.stringify(rest, null, 2));

  const emptyContentScript = copyOf(extensionDir, 'empty-content-script');
  writeFileSync(join(emptyContentScript, CONTENT_PATH), '');

  const readsOnly = copyOf(extensionDir, 'reads-only');
  writeFileSync(
    join(readsOnly, CONTENT_PATH),
    `(function(){var e=globalThis.browser??globalThis.chrome;globalThis.__c=document.body.className;e.storage.local.get('pageSettings').then(function(){})})();\n`,
  );
  return {
    noContentScript,
    emptyContentScript,
    readsOnly,
    remove() {
      for (const dir of [noContentScript, emptyContentScript, readsOnly]) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The build a variant loads; null = no extension. */
export function dirOf(variant: PageVariant | 'readsOnly', ours: string, refs: ReferenceBuilds): string | null {
  switch (variant) {
    case 'none':
      return null;
    case 'ours':
      return ours;
    default:
      return refs[variant];
  }
}

/**
 * The nudge registry (src/content/features/index.ts) is the one list of nudges: each lazy nudge's
 * trigger there pairs, by its id, with its file in src/content/nudges/, which the build turns into
 * the script the background injects (scripts/vite-plugin-lazy-nudges.ts). These keep the pairing whole.
 */
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isLazyFeatureId, LAZY_TRIGGERS } from '../../src/content/features/index.ts';
import { kebabCase, lazyScriptFile } from '../../src/content/lazy/script-file.ts';
import { nudgeFiles } from '../../scripts/vite-plugin-lazy-nudges.ts';
import { parseMessage } from '../../src/shared/messages.ts';

const ROOT = join(import.meta.dirname, '../..');
const fileNames = nudgeFiles(ROOT).map((file) => basename(file, '.ts'));

describe('the nudge registry', () => {
  it('has one file in src/content/nudges/ per lazy nudge, named after its id, and no other', () => {
    expect(LAZY_TRIGGERS.map((trigger) => kebabCase(trigger.id)).sort()).toEqual(fileNames);
    expect(new Set(LAZY_TRIGGERS.map((trigger) => trigger.id)).size).toBe(LAZY_TRIGGERS.length);
  });

  it('gives each nudge file what the injected script starts: its feature (same id) or its own run', async () => {
    for (const trigger of LAZY_TRIGGERS) {
      const nudge = (await import(join(ROOT, 'src/content/nudges', `${kebabCase(trigger.id)}.ts`))) as Record<string, unknown>;
      const feature = nudge.feature as { id: string; alwaysOn?: boolean } | undefined;
      if (feature) {
        expect(feature.id, trigger.id).toBe(trigger.id);
        // An always-on nudge has no setting to wait for, on either side.
        expect(Boolean(feature.alwaysOn), trigger.id).toBe(Boolean(trigger.alwaysOn));
      } else expect(typeof nudge.runInjected, trigger.id).toBe('function');
    }
  });

  it('the background finds each nudge’s script by its id, where the build puts it', () => {
    expect(lazyScriptFile('outOfOfficeNudge')).toBe('src/content/lazy/out-of-office-nudge.iife.js');
    for (const name of fileNames)
      expect(LAZY_TRIGGERS.some((trigger) => lazyScriptFile(trigger.id) === `src/content/lazy/${name}.iife.js`)).toBe(true);
  });

  it('lets the background inject only the registry’s lazy nudges', () => {
    for (const trigger of LAZY_TRIGGERS) {
      expect(isLazyFeatureId(trigger.id)).toBe(true);
      expect(parseMessage({ type: 'inject-feature', feature: trigger.id })).toEqual({ type: 'inject-feature', feature: trigger.id });
    }
    // An eager nudge is in the content script already.
    expect(isLazyFeatureId('quotaNudge')).toBe(false);
  });
});

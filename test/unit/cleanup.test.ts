/**
 * Clean-up in one click (issue 16, item 5): the popup → background message is checked like every
 * other, what comes back from the page (the previous sort order) is checked before it is kept, and
 * every webmail declares what it supports.
 */
import { describe, expect, it } from 'vitest';
import { parseMessage, isLazyFeatureId } from '../../src/shared/messages.ts';
import { isCleanupResult, parseSortRestore } from '../../src/shared/cleanup.ts';
import { adapterOf } from '../../src/content/adapters/index.ts';

describe('cleanup-view message', () => {
  it('accepts an origin and a known view, in the exact shape', () => {
    for (const view of ['largest', 'oldAttachments', 'restoreSort']) {
      const message = { type: 'cleanup-view', origin: 'https://webmail.example.org', view };
      expect(parseMessage(message)).toEqual(message);
    }
  });

  it('refuses other views, a URL that is not an origin, other schemes and extra fields', () => {
    for (const bad of [
      { type: 'cleanup-view', origin: 'https://webmail.example.org', view: 'deleteAll' },
      { type: 'cleanup-view', origin: 'https://webmail.example.org/?_task=mail', view: 'largest' },
      { type: 'cleanup-view', origin: 'javascript:alert(1)', view: 'largest' },
      { type: 'cleanup-view', origin: 'https://webmail.example.org', view: 'largest', sort: 'size_DESC' },
      { type: 'cleanup-view', view: 'largest' },
    ]) {
      expect(parseMessage(bad), JSON.stringify(bad)).toBeNull();
    }
  });

  it('the clear-text warning is a lazy feature the background may inject', () => {
    expect(parseMessage({ type: 'inject-feature', feature: 'clearTextWarning' })).toEqual({
      type: 'inject-feature',
      feature: 'clearTextWarning',
    });
    expect(isLazyFeatureId('clearTextWarning')).toBe(true);
  });
});

describe('sort order kept for restoring', () => {
  it('keeps only what Roundcube could have: a short lower-case column (or none) and ASC or DESC', () => {
    expect(parseSortRestore({ origin: 'https://webmail.example.org', column: 'date', order: 'DESC' })).toEqual({
      origin: 'https://webmail.example.org',
      column: 'date',
      order: 'DESC',
    });
    expect(parseSortRestore({ origin: 'http://127.0.0.1:8080', column: '', order: 'ASC' })).toEqual({
      origin: 'http://127.0.0.1:8080',
      column: '',
      order: 'ASC',
    });
    for (const bad of [
      { origin: 'https://webmail.example.org', column: 'date; DROP', order: 'DESC' },
      { origin: 'https://webmail.example.org', column: 'date', order: 'desc' },
      { origin: 'https://webmail.example.org/path', column: 'date', order: 'DESC' },
      { origin: 'https://webmail.example.org', column: 'x'.repeat(21), order: 'DESC' },
      null,
      'date_DESC',
    ]) {
      expect(parseSortRestore(bad), JSON.stringify(bad)).toBeNull();
    }
  });

  it('the background’s answer is checked too', () => {
    expect(isCleanupResult({ ok: true })).toBe(true);
    expect(isCleanupResult({ ok: false, reason: 'signed-out' })).toBe(true);
    expect(isCleanupResult({ ok: false, reason: 'because' })).toBe(false);
    expect(isCleanupResult(undefined)).toBe(false);
  });
});

describe('what each webmail supports', () => {
  it('Roundcube: largest first and old messages with attachments; the generic adapter: nothing', () => {
    expect(adapterOf('roundcube').cleanupViews).toEqual(['largest', 'oldAttachments']);
    expect(adapterOf('generic').cleanupViews).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  AttachmentLedger,
  attachmentLevel,
  attachmentsFillMailbox,
  mimeEncodedBytes,
  recipientsForEstimate,
  NEAR_LIMIT_SHARE,
  type ListItem,
} from '../../src/model/attachments.ts';

const MiB = 1024 * 1024;

const uploading = (id: string, name = 'Uploading files...'): ListItem => ({ id, name, uploading: true, shownBytes: null });
const done = (id: string, name: string, shownBytes: number | null = null): ListItem => ({ id, name, uploading: false, shownBytes });

describe('AttachmentLedger with Roundcube’s list (app.js file_upload / add2attachment_list)', () => {
  it('counts a picked file at its exact size once its item replaces the uploading one', () => {
    const ledger = new AttachmentLedger();
    ledger.addBatch([{ name: 'report.pdf', bytes: 6_291_456 }]);
    expect(ledger.reconcile([uploading('upload1', 'report.pdf')])).toEqual({ added: [], removed: [] });
    expect(ledger.totalBytes).toBe(0); // an upload in progress is not an attachment yet
    const { added } = ledger.reconcile([done('rcmfile1', 'report.pdf', 6 * MiB)]);
    expect(added).toEqual([{ id: 'rcmfile1', name: 'report.pdf', bytes: 6_291_456, exact: true }]);
    expect(ledger.totalBytes).toBe(6_291_456);
    expect(ledger.pendingFiles).toBe(0);
  });

  it('projects a picked file from the pick, through its upload, to its attachment; a refused or failed one leaves the projection', () => {
    const ledger = new AttachmentLedger();
    const refused = ledger.addBatch([{ name: 'huge.iso', bytes: 60 * MiB }]);
    expect(ledger.projectedBytes).toBe(60 * MiB);
    ledger.reconcile([]);
    ledger.expireUnbound(refused);
    expect(ledger.projectedBytes).toBe(0);

    ledger.addBatch([{ name: 'report.pdf', bytes: 6_291_456 }]);
    expect(ledger.projectedBytes).toBe(6_291_456); // from the pick
    ledger.reconcile([uploading('upload1', 'report.pdf')]);
    expect(ledger.projectedBytes).toBe(6_291_456); // while it uploads
    ledger.reconcile([done('rcmfile1', 'report.pdf', 6 * MiB)]);
    expect(ledger.projectedBytes).toBe(6_291_456); // attached: the same figure, now in totalBytes
    expect(ledger.totalBytes).toBe(6_291_456);

    ledger.addBatch([{ name: 'b.bin', bytes: 8 * MiB }]);
    ledger.reconcile([done('rcmfile1', 'report.pdf', 6 * MiB), uploading('upload2')]);
    expect(ledger.projectedBytes).toBe(6_291_456 + 8 * MiB);
    ledger.reconcile([done('rcmfile1', 'report.pdf', 6 * MiB)]); // the upload failed
    expect(ledger.projectedBytes).toBe(6_291_456);
  });

  it('counts every file of a batch (one uploading item, one item per file after)', () => {
    const ledger = new AttachmentLedger();
    ledger.addBatch([
      { name: 'a.bin', bytes: 3 * MiB },
      { name: 'b.bin', bytes: 4 * MiB + 7 },
    ]);
    ledger.reconcile([uploading('upload1')]);
    ledger.reconcile([done('rcmfile1', 'a.bin'), done('rcmfile2', 'b.bin')]);
    expect(ledger.totalBytes).toBe(7 * MiB + 7);
    expect(ledger.exact).toBe(true);
  });

  it('forgets a batch Roundcube refused before uploading (too big: no item ever appears)', () => {
    const ledger = new AttachmentLedger();
    const batch = ledger.addBatch([{ name: 'huge.iso', bytes: 60 * MiB }]);
    ledger.reconcile([]);
    ledger.expireUnbound(batch);
    expect(ledger.pendingFiles).toBe(0);
    expect(ledger.totalBytes).toBe(0);
  });

  it('does not count a failed or cancelled upload (the uploading item is removed)', () => {
    const ledger = new AttachmentLedger();
    ledger.addBatch([{ name: 'a.bin', bytes: 8 * MiB }]);
    ledger.reconcile([uploading('upload1')]);
    expect(ledger.reconcile([])).toEqual({ added: [], removed: [] });
    expect(ledger.pendingFiles).toBe(0);
    expect(ledger.totalBytes).toBe(0);
  });

  it('lowers the total when an attachment is removed from the list', () => {
    const ledger = new AttachmentLedger();
    ledger.addBatch([{ name: 'a.bin', bytes: 8 * MiB }]);
    ledger.reconcile([uploading('upload1')]);
    ledger.reconcile([done('rcmfile1', 'a.bin')]);
    const { removed } = ledger.reconcile([]);
    expect(removed).toEqual([{ id: 'rcmfile1', name: 'a.bin', bytes: 8 * MiB, exact: true }]);
    expect(ledger.totalBytes).toBe(0);
  });

  it('counts attachments it did not see arrive (forward, draft) at the size the page prints, as approximate', () => {
    const ledger = new AttachmentLedger();
    ledger.reconcile([done('rcmfile9', 'forwarded.pdf', 12 * MiB)]);
    expect(ledger.totalBytes).toBe(12 * MiB);
    expect(ledger.exact).toBe(false);
  });

  it('matches decomposed (macOS) file names to the composed names the list shows', () => {
    const ledger = new AttachmentLedger();
    ledger.addBatch([{ name: 'Re\u0301sume\u0301.pdf', bytes: 5 * MiB + 1 }]);
    ledger.reconcile([uploading('upload1')]);
    ledger.reconcile([done('rcmfile1', 'Résumé.pdf')]);
    expect(ledger.totalBytes).toBe(5 * MiB + 1);
    expect(ledger.exact).toBe(true);
  });

  it('gives namesakes the size closest to the one printed', () => {
    const ledger = new AttachmentLedger();
    ledger.addBatch([
      { name: 'scan.pdf', bytes: 2 * MiB },
      { name: 'scan.pdf', bytes: 9 * MiB },
    ]);
    ledger.reconcile([uploading('upload1')]);
    ledger.reconcile([done('rcmfile1', 'scan.pdf', 9 * MiB)]);
    expect(ledger.attachments.map((a) => a.bytes)).toEqual([9 * MiB]);
  });

  it('webmails without a list: a file input holds what is attached from it', () => {
    const ledger = new AttachmentLedger();
    ledger.setDirect('input1', [
      { name: 'a', bytes: 3 },
      { name: 'b', bytes: 4 },
    ]);
    ledger.setDirect('input2', [{ name: 'c', bytes: 5 }]);
    expect(ledger.totalBytes).toBe(12);
    const { removed } = ledger.setDirect('input1', [{ name: 'd', bytes: 1 }]);
    expect(removed.map((a) => a.name)).toEqual(['a', 'b']);
    expect(ledger.totalBytes).toBe(6);
    // A list reconcile (none here) leaves them alone.
    ledger.reconcile([]);
    expect(ledger.totalBytes).toBe(6);
  });

  /**
   * Roundcube, simulated: picks and drops start batches (refused over max_filesize), uploads end
   * with all, some or none of their files accepted, attachments get removed, several uploads run
   * at once, and names repeat. After every step the ledger's total must be the true size of what
   * the list holds.
   */
  it('always totals exactly what the list holds, whatever the order of uploads, failures and removals', () => {
    type Step =
      | { kind: 'pick'; files: Array<{ name: string; bytes: number }> }
      | { kind: 'finish'; which: number; accept: boolean[] }
      | { kind: 'remove'; which: number };
    const file = fc.record({ name: fc.constantFrom('a.pdf', 'b.zip', 'photo.jpg', 'x'), bytes: fc.integer({ min: 0, max: 30 * MiB }) });
    const step: fc.Arbitrary<Step> = fc.oneof(
      fc.record({ kind: fc.constant('pick' as const), files: fc.array(file, { minLength: 1, maxLength: 3 }) }),
      fc.record({ kind: fc.constant('finish' as const), which: fc.nat(), accept: fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }) }),
      fc.record({ kind: fc.constant('remove' as const), which: fc.nat() }),
    );
    const MAX_FILESIZE = 50 * MiB;
    let inexact = 0;
    fc.assert(
      fc.property(fc.array(step, { maxLength: 25 }), (steps) => {
        const ledger = new AttachmentLedger();
        type Item = { id: string; name: string; uploading: boolean; bytes: number; files?: Array<{ name: string; bytes: number }> };
        let list: Item[] = [];
        let n = 0;
        const view = (): ListItem[] =>
          // Roundcube prints sizes rounded to one decimal: that is all the ledger gets from the page.
          list.map((i) => ({
            id: i.id,
            name: i.uploading ? 'Uploading...' : i.name,
            uploading: i.uploading,
            shownBytes: i.uploading ? null : Math.round(i.bytes / (MiB / 10)) * (MiB / 10),
          }));
        for (const s of steps) {
          if (s.kind === 'pick') {
            const batch = ledger.addBatch(s.files);
            // Roundcube's own handler of the same event: one uploading item, or an error and nothing.
            if (s.files.reduce((sum, f) => sum + f.bytes, 0) <= MAX_FILESIZE)
              list.push({ id: `upload${n++}`, name: '', uploading: true, bytes: 0, files: s.files });
            ledger.reconcile(view());
            ledger.expireUnbound(batch);
          } else if (s.kind === 'finish') {
            const ups = list.filter((i) => i.uploading);
            if (ups.length === 0) continue;
            const up = ups[s.which % ups.length]!;
            const accepted = up.files!.filter((_, i) => s.accept[i]);
            const at = list.indexOf(up);
            const items = accepted.map((f) => ({ id: `rcmfile${n++}`, name: f.name, uploading: false, bytes: f.bytes }));
            // The first accepted file replaces the uploading item, the others are appended; none: removed.
            list = [...list.slice(0, at), ...items.slice(0, 1), ...list.slice(at + 1), ...items.slice(1)];
            ledger.reconcile(view());
          } else {
            const files = list.filter((i) => !i.uploading);
            if (files.length === 0) continue;
            const gone = files[s.which % files.length]!;
            list = list.filter((i) => i !== gone);
            ledger.reconcile(view());
          }
          const truth = list.filter((i) => !i.uploading).reduce((sum, i) => sum + i.bytes, 0);
          // Exact, unless two same-named files of sizes the page prints alike raced (then it says
          // so, and is off by no more than the display's rounding).
          if (!ledger.exact) inexact += 1;
          if (ledger.exact) expect(ledger.totalBytes).toBe(truth);
          else expect(Math.abs(ledger.totalBytes - truth)).toBeLessThanOrEqual(truth * 0.05 + 0.05 * MiB * list.length);
        }
      }),
      { numRuns: 300 },
    );
    // The exception stays an exception: most steps of most runs are exact.
    expect(inexact).toBeLessThan(300);
  });

  it('says it is not exact when two same-named files print alike and the server keeps one', () => {
    const ledger = new AttachmentLedger();
    ledger.addBatch([
      { name: 'b.zip', bytes: 12_845_056 },
      { name: 'b.zip', bytes: 12_845_057 },
    ]);
    ledger.reconcile([{ id: 'upload1', name: 'Uploading...', uploading: true, shownBytes: null }]);
    ledger.reconcile([{ id: 'rcmfile1', name: 'b.zip', uploading: false, shownBytes: 12_897_485 }]);
    expect(ledger.exact).toBe(false);
    expect([12_845_056, 12_845_057]).toContain(ledger.totalBytes);
  });
});

describe('attachmentLevel', () => {
  it('stays quiet up to the threshold and speaks above it (the product says "above the threshold")', () => {
    expect(attachmentLevel(0, 5, null)).toBe('quiet');
    expect(attachmentLevel(5 * MiB, 5, null)).toBe('quiet');
    expect(attachmentLevel(5 * MiB + 1, 5, null)).toBe('over');
    expect(attachmentLevel(1 * MiB, 0.5, null)).toBe('over');
  });

  it('warns near the webmail’s own limit, whatever the threshold', () => {
    const limit = 50 * MiB;
    expect(attachmentLevel(limit * NEAR_LIMIT_SHARE - 1, 5, limit)).toBe('over');
    expect(attachmentLevel(limit * NEAR_LIMIT_SHARE, 5, limit)).toBe('near-limit');
    expect(attachmentLevel(45 * MiB, 100, limit)).toBe('near-limit');
    expect(attachmentLevel(45 * MiB, 100, null)).toBe('quiet');
  });

  it('never speaks for nothing, and is monotonic in size', () => {
    fc.assert(
      fc.property(
        fc.nat({ max: 2 ** 40 }),
        fc.nat({ max: 2 ** 40 }),
        fc.double({ min: 0.1, max: 10_000, noNaN: true }),
        fc.option(fc.integer({ min: 1024, max: 2 ** 40 })),
        (a, b, threshold, limit) => {
          const rank = { quiet: 0, over: 1, 'near-limit': 2 } as const;
          const [small, big] = a <= b ? [a, b] : [b, a];
          expect(rank[attachmentLevel(small, threshold, limit)]).toBeLessThanOrEqual(rank[attachmentLevel(big, threshold, limit)]);
        },
      ),
    );
  });
});

describe('recipientsForEstimate', () => {
  it('counts at least one recipient: a message goes to someone', () => {
    expect(recipientsForEstimate(0)).toBe(1);
    expect(recipientsForEstimate(3)).toBe(3);
    expect(recipientsForEstimate(Number.NaN)).toBe(1);
  });
});

describe('attachments saved in a draft (SOGo saves one on every upload)', () => {
  it('weigh their MIME base64 size: 4 characters per 3 bytes, CRLF after every 76 (RFC 2045 §6.8)', () => {
    expect(mimeEncodedBytes(0)).toBe(0);
    expect(mimeEncodedBytes(3)).toBe(4 + 2);
    expect(mimeEncodedBytes(57)).toBe(76 + 2);
    expect(mimeEncodedBytes(58)).toBe(80 + 4);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 40 }), (bytes) => {
        const encoded = mimeEncodedBytes(bytes);
        // Never less than the base64 text, never more than its 4/3 plus line ends and one group of padding.
        expect(encoded).toBeGreaterThanOrEqual((bytes * 4) / 3);
        expect(encoded).toBeLessThanOrEqual(((bytes + 3) * 4) / 3 + (((bytes + 3) * 4) / 3 / 76 + 1) * 2);
      }),
    );
  });

  it('fill the mailbox when their saved size needs more than the room left; unknown room says nothing', () => {
    expect(attachmentsFillMailbox(6 * MiB, 3 * MiB)).toBe(true);
    expect(attachmentsFillMailbox(6 * MiB, 9 * MiB)).toBe(false);
    // 6 MiB of file is 8 MiB of base64 plus 2 bytes per line: about 8.2 MiB in the draft.
    expect(attachmentsFillMailbox(6 * MiB, 8 * MiB)).toBe(true);
    expect(attachmentsFillMailbox(6 * MiB, mimeEncodedBytes(6 * MiB))).toBe(false);
    expect(attachmentsFillMailbox(6 * MiB, null)).toBe(false);
    expect(attachmentsFillMailbox(0, 0)).toBe(false);
    fc.assert(
      fc.property(fc.nat(2 ** 40), fc.nat(2 ** 40), (bytes, room) => {
        expect(attachmentsFillMailbox(bytes, room)).toBe(bytes > 0 && mimeEncodedBytes(bytes) > room);
      }),
    );
  });
});

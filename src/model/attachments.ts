/**
 * The attachments of one message being written: what the user picked or dropped, what the
 * webmail's list shows, and the total they add up to.
 *
 * PURE: no DOM, no browser API. The content script hands in plain facts (files as name + size,
 * the list as id + name + state) and reads back totals and decisions.
 *
 * Why two sources: only the File objects give exact sizes (the list shows "(6.0 MB)", rounded),
 * and only the list says what really became an attachment. Roundcube (1.6, both skins,
 * program/js/app.js `file_upload`, `add2attachment_list`):
 * - a batch of files picked or dropped shows one `li#upload<ts>.uploading` while it uploads;
 * - each file that the server accepted then appears as `li#rcmfile<N>` with its name in
 *   `span.attachment-name` (the first one replaces the uploading item);
 * - a refused batch (too big for `max_filesize`, checked before any request) shows nothing;
 *   a failed or cancelled upload removes the uploading item; removing an attachment removes its item.
 * So files wait in a batch until an item with their name appears, and are forgotten when their
 * batch ends without one.
 */

export interface PickedFile {
  name: string;
  bytes: number;
}

/** One item of the webmail's attachment list, as the page shows it. */
export interface ListItem {
  id: string;
  /** The file name shown (while uploading: the uploading label, often the file name). */
  name: string;
  uploading: boolean;
  /** The size printed beside the item, in bytes, when there is one (rounded by the webmail). */
  shownBytes: number | null;
}

export interface Attachment {
  /** The list item's id, or `<source>#<index>` for webmails without a list. */
  id: string;
  name: string;
  bytes: number;
  /** True when the size is the file's own; false when read back from the webmail's rounded text. */
  exact: boolean;
}

export interface ReconcileResult {
  added: Attachment[];
  removed: Attachment[];
}

interface Batch {
  id: number;
  files: PickedFile[];
  /** The `upload<ts>` item this batch shows as, once the webmail created it. */
  uploadId: string | null;
}

/**
 * How far a printed size can be from the true one: Roundcube's show_bytes() keeps one decimal
 * under 10 units and none above (1.6.5), so at most half a unit in 10, 5 %, and at most half of
 * 0.1 MB while sizes print in MB with a decimal.
 */
const DISPLAY_ROUNDING = 0.05;
const DISPLAY_ROUNDING_FLOOR = 0.05 * 1024 * 1024;

/** File names compared as the user sees them: macOS hands out decomposed (NFD) names. */
const sameName = (a: string, b: string) => a.normalize('NFC').trim() === b.normalize('NFC').trim();

export class AttachmentLedger {
  #batches: Batch[] = [];
  /** Files left waiting after a choice between same-named files the page prints alike. */
  #guessed = new WeakSet<PickedFile>();
  #nextBatch = 1;
  #attached = new Map<string, Attachment>();

  /** Files the user just picked or dropped; returns the batch id (see `expireUnbound`). */
  addBatch(files: readonly PickedFile[]): number {
    const usable = files.filter((f) => Number.isFinite(f.bytes) && f.bytes >= 0);
    const id = this.#nextBatch++;
    if (usable.length > 0) this.#batches.push({ id, files: usable.map((f) => ({ ...f })), uploadId: null });
    return id;
  }

  /**
   * Called once the webmail had its chance to start the upload (after the event that brought the
   * files): a batch that never got an uploading item was refused before any request.
   */
  expireUnbound(batchId: number): void {
    this.#batches = this.#batches.filter((b) => b.id !== batchId || b.uploadId !== null);
  }

  /**
   * Webmails without an attachment list (generic adapter): what a file input holds is what is
   * attached from it. Picking again in the same input replaces its files.
   */
  setDirect(source: string, files: readonly PickedFile[]): ReconcileResult {
    const prefix = `${source}#`;
    const removed = [...this.#attached.values()].filter((a) => a.id.startsWith(prefix));
    for (const a of removed) this.#attached.delete(a.id);
    const added = files
      .filter((f) => Number.isFinite(f.bytes) && f.bytes >= 0)
      .map((f, i): Attachment => ({ id: `${prefix}${i}`, name: f.name, bytes: f.bytes, exact: true }));
    for (const a of added) this.#attached.set(a.id, a);
    return { added, removed };
  }

  /** Brings the ledger in line with the list the page shows now. */
  reconcile(items: readonly ListItem[]): ReconcileResult {
    const uploading = new Set(items.filter((i) => i.uploading).map((i) => i.id));
    // New uploading items belong to the oldest batch still waiting for one.
    for (const id of uploading) {
      if (this.#batches.some((b) => b.uploadId === id)) continue;
      const waiting = this.#batches.find((b) => b.uploadId === null);
      if (waiting) waiting.uploadId = id;
    }

    // Batches whose uploading item just went: the new items are theirs (Roundcube swaps them in
    // the same task), so their files are the first candidates.
    const ended = new Set(this.#batches.filter((b) => b.uploadId !== null && !uploading.has(b.uploadId)).map((b) => b.id));
    const added: Attachment[] = [];
    const done = items.filter((i) => !i.uploading);
    for (const item of done) {
      if (this.#attached.has(item.id)) continue;
      const taken = this.#takeFile(item, ended);
      const file = taken?.file;
      const attachment: Attachment = file
        ? { id: item.id, name: item.name, bytes: file.bytes, exact: !taken.ambiguous }
        : // Not from this page's picker or drops (a forwarded message, a reopened draft): the size
          // the webmail prints is all there is, rounded to its display precision.
          { id: item.id, name: item.name, bytes: item.shownBytes ?? 0, exact: false };
      this.#attached.set(item.id, attachment);
      added.push(attachment);
    }

    const present = new Set(done.map((i) => i.id));
    const removed: Attachment[] = [];
    for (const [id, attachment] of this.#attached) {
      if (id.includes('#')) continue; // direct entries are not in any list
      if (!present.has(id)) {
        this.#attached.delete(id);
        removed.push(attachment);
      }
    }

    // A batch whose uploading item is gone has finished: files not matched by now failed.
    this.#batches = this.#batches.filter((b) => b.uploadId === null || uploading.has(b.uploadId));
    return { added, removed };
  }

  /**
   * The waiting file with this item's name: from a batch that just ended if there is one, then the
   * one whose size is closest to the size the webmail prints, then the oldest. `ambiguous` when
   * another file of that name, of another size, fits the printed size as well (within its
   * rounding): two "b.zip" of 12.25 and 12.26 MB both print "(12 MB)", and when the server keeps
   * only one, nothing on the page says which.
   */
  #takeFile(item: ListItem, ended: ReadonlySet<number>): { file: PickedFile; ambiguous: boolean } | null {
    type Candidate = { batch: Batch; index: number; rank: [number, number]; bytes: number };
    const candidates: Candidate[] = [];
    for (const batch of this.#batches) {
      batch.files.forEach((file, index) => {
        if (!sameName(file.name, item.name)) return;
        candidates.push({
          batch,
          index,
          bytes: file.bytes,
          rank: [ended.has(batch.id) ? 0 : 1, item.shownBytes === null ? 0 : Math.abs(file.bytes - item.shownBytes)],
        });
      });
    }
    const better = (a: [number, number], b: [number, number]) => a[0] < b[0] || (a[0] === b[0] && a[1] < b[1]);
    let best: Candidate | null = null;
    for (const candidate of candidates) if (!best || better(candidate.rank, best.rank)) best = candidate;
    if (!best) return null;
    const chosen: Candidate = best;
    const fits = (c: Candidate) =>
      item.shownBytes === null || c.rank[1] <= Math.max(item.shownBytes * DISPLAY_ROUNDING, DISPLAY_ROUNDING_FLOOR);
    const rivals = candidates.filter(
      (c) => c !== chosen && c.rank[0] === chosen.rank[0] && c.bytes !== chosen.bytes && fits(c) && fits(chosen),
    );
    // The files left behind by a guess are guesses too: the next item may well be the one we took.
    for (const rival of rivals) this.#guessed.add(rival.batch.files[rival.index]!);
    const file = chosen.batch.files.splice(chosen.index, 1)[0];
    return file ? { file, ambiguous: rivals.length > 0 || this.#guessed.has(file) } : null;
  }

  get totalBytes(): number {
    let total = 0;
    for (const a of this.#attached.values()) total += a.bytes;
    return total;
  }

  /** False when some size was read back from the webmail's rounded display. */
  get exact(): boolean {
    return [...this.#attached.values()].every((a) => a.exact);
  }

  get attachments(): Attachment[] {
    return [...this.#attached.values()];
  }

  /** Files picked or dropped that did not become attachments yet. */
  get pendingFiles(): number {
    return this.#batches.reduce((n, b) => n + b.files.length, 0);
  }

  /**
   * What the message will carry once the uploads in progress end: the attachments plus the files
   * still on their way. The user decides at the pick, so the nudge speaks from the pick, before the
   * upload (every webmail here starts it on the same `change`); a batch the webmail refused or that
   * failed leaves the count with its batch (`expireUnbound`, `reconcile`).
   */
  get projectedBytes(): number {
    let total = this.totalBytes;
    for (const batch of this.#batches) for (const file of batch.files) total += file.bytes;
    return total;
  }
}

// ---------------------------------------------------------------------------------------------
// Decisions
// ---------------------------------------------------------------------------------------------

/** Binary, like the ADEME model (co2.ts BYTES_PER_MB) and Roundcube's display. */
export const BYTES_PER_MB = 1024 * 1024;

/**
 * Share of the webmail's limit from which we warn that the message may be refused. Roundcube
 * also checks the running total ×1.33 (base64) against `max_message_size` on the server, so a
 * message can fail before the hint's figure: a fifth of margin leaves room for that.
 */
export const NEAR_LIMIT_SHARE = 0.8;

/** quiet: say nothing; over: above IT's threshold; near-limit: close to what the webmail accepts. */
export type AttachmentLevel = 'quiet' | 'over' | 'near-limit';

export function attachmentLevel(totalBytes: number, thresholdMB: number, limitBytes: number | null): AttachmentLevel {
  if (!(totalBytes > 0)) return 'quiet';
  if (limitBytes !== null && limitBytes > 0 && totalBytes >= limitBytes * NEAR_LIMIT_SHARE) return 'near-limit';
  // The product speaks "above the threshold": a message of exactly 5 MB under a 5 MB threshold stays quiet.
  if (totalBytes > thresholdMB * BYTES_PER_MB) return 'over';
  return 'quiet';
}

/**
 * What attachments weigh inside a saved message: MIME's base64 turns 3 bytes into 4 characters,
 * in lines of at most 76 characters each ended by CRLF (RFC 2045 §6.8).
 */
export function mimeEncodedBytes(attachmentBytes: number): number {
  const characters = Math.ceil(attachmentBytes / 3) * 4;
  return characters + Math.ceil(characters / 76) * 2;
}

/**
 * True when the attachments, saved in a draft as the webmail does on each upload (SOGo), need more
 * room than the mailbox had left when the message was opened.
 */
export function attachmentsFillMailbox(attachmentBytes: number, roomBytes: number | null): boolean {
  return roomBytes !== null && attachmentBytes > 0 && mimeEncodedBytes(attachmentBytes) > roomBytes;
}

/** The recipients the estimate counts: a message goes to at least one person. */
export function recipientsForEstimate(counted: number): number {
  return Number.isFinite(counted) && counted >= 1 ? Math.floor(counted) : 1;
}

/**
 * One queue for every read-modify-write of extension storage in this JavaScript context (the
 * background, or one extension page). Two messages handled at the same moment would otherwise both
 * read the old value and the second write would erase the first; with a single queue, a task that
 * touches two keys cannot interleave with one that touches either.
 */
let tail: Promise<unknown> = Promise.resolve();

/** Runs `task` once every task queued before it has settled; a failed task does not stop the queue. */
export function inStorageQueue<T>(task: () => Promise<T>): Promise<T> {
  const next = tail.then(task);
  tail = next.catch(() => undefined);
  return next;
}

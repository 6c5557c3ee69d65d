/**
 * The clean-up help's actions (issue 16, item 5): buttons that make the webmail show what to delete,
 * where its adapter declared it can (`cleanupViews`). The background drives the tab; this popup
 * usually closes as that tab comes forward, so what it says is for when the webmail could not.
 */
import { useLayoutEffect, useState } from 'preact/hooks';
import browser from 'webextension-polyfill';
import { t, type MessageKey } from '../shared/i18n.ts';
import { adapterOf } from '../content/adapters/index.ts';
import { isCleanupResult, readSortRestore, type CleanupView, type SortRestore } from '../shared/cleanup.ts';
import type { PopupAccount } from '../shared/popup-state.ts';

const LABEL: Record<CleanupView, MessageKey> = {
  largest: 'popupShowLargest',
  oldAttachments: 'popupShowOldAttachments',
  restoreSort: 'popupRestoreSort',
};

export function CleanupActions({ account }: { account: PopupAccount }) {
  const [restore, setRestore] = useState<SortRestore | null>(null);
  const [said, setSaid] = useState('');
  const [busy, setBusy] = useState(false);
  useLayoutEffect(() => {
    void readSortRestore().then(setRestore);
  }, []);
  const views: CleanupView[] = [
    ...adapterOf(account.webmail).cleanupViews,
    ...(restore?.origin === account.origin ? (['restoreSort'] as const) : []),
  ];
  if (views.length === 0) return null;
  const run = (view: CleanupView) => {
    setBusy(true);
    setSaid('');
    void browser.runtime
      .sendMessage({ type: 'cleanup-view', origin: account.origin, view })
      .then((answer: unknown) => {
        if (!isCleanupResult(answer)) return setSaid(t('popupCleanupUnavailable'));
        if (answer.ok) {
          if (view === 'restoreSort') setRestore(null);
          return setSaid(t(view === 'restoreSort' ? 'popupSortRestored' : 'popupCleanupShown'));
        }
        setSaid(t(answer.reason === 'signed-out' ? 'popupCleanupSignedOut' : 'popupCleanupUnavailable'));
      })
      .catch(() => setSaid(t('popupCleanupUnavailable')))
      .finally(() => setBusy(false));
  };
  return (
    <div class="cleanup-actions">
      {views.map((view) => (
        <button
          key={view}
          type="button"
          class={view === 'restoreSort' ? 'restore-sort' : `cleanup-${view}`}
          disabled={busy}
          onClick={() => run(view)}
        >
          {t(LABEL[view])}
        </button>
      ))}
      <p class="muted" role="status" aria-live="polite">
        {said}
      </p>
    </div>
  );
}

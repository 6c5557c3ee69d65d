import { useEffect, useState } from 'preact/hooks';
import browser from 'webextension-polyfill';
import { t } from '../shared/i18n.ts';
import type { PageStatus } from '../shared/messages.ts';
import { activeTabStatus } from './page-status.ts';

export function PageStatusLine({ status }: { status: PageStatus | null | undefined }) {
  if (status === undefined) return null;
  if (status === null || status.webmail === null) return <p class="status">{t('popupNotWebmail')}</p>;
  const webmail = t(status.webmail === 'roundcube' ? 'webmailRoundcube' : 'webmailGeneric');
  return (
    <p class="status">
      <span>{t('popupRecognised', webmail)}</span>{' '}
      <span>{status.account ? t('popupSignedInAs', status.account) : t('popupNotSignedIn')}</span>
    </p>
  );
}

export function Popup() {
  // undefined while asking, null when the tab did not answer.
  const [status, setStatus] = useState<PageStatus | null | undefined>(undefined);
  useEffect(() => {
    void activeTabStatus().then(setStatus);
  }, []);
  return (
    <main>
      <h1>{t('extensionName')}</h1>
      <PageStatusLine status={status} />
      <footer>
        <button type="button" class="link" onClick={() => void browser.runtime.openOptionsPage()}>
          {t('popupOpenOptions')}
        </button>
      </footer>
    </main>
  );
}

/**
 * The popup's side of the clear-text warning (model/clear-connection.ts): the tab the popup speaks
 * about shows the webmail over http. Same words as the in-page warning, same link.
 */
import browser from 'webextension-polyfill';
import { t } from '../shared/i18n.ts';
import { secureWebmailAddress, warnsClearText } from '../model/clear-connection.ts';
import type { PageStatus } from '../shared/messages.ts';

export interface ClearTextFacts {
  /** The target tab's address, as the browser reports it (never as the page claims it). */
  tabUrl: string;
  webmailSecureUrl: string;
}

/** Only for a tab whose content script recognised a webmail: any other http page is not ours to judge. */
export function clearTextShown(status: PageStatus | null | undefined, facts: ClearTextFacts | null): boolean {
  return !!status?.webmail && !!facts && warnsClearText(facts.tabUrl, status.trustedOrigins);
}

export function ClearTextNotice({ status, facts }: { status: PageStatus; facts: ClearTextFacts }) {
  const secure = secureWebmailAddress(facts.tabUrl, status.trustedOrigins, facts.webmailSecureUrl);
  return (
    <div class="status clear-text" role="alert">
      <p>
        <strong>{t('clearTextTitle')}</strong>
      </p>
      <p>{t('clearTextBody', new URL(facts.tabUrl).host)}</p>
      {secure ? (
        <p>
          {t('clearTextUseSecure')}{' '}
          <a
            href={secure}
            onClick={(event) => {
              // A link in the popup would open inside the popup; the address belongs in a tab.
              event.preventDefault();
              void browser.tabs.create({ url: secure }).then(() => window.close());
            }}
          >
            {secure}
          </a>
        </p>
      ) : (
        <p>{t('clearTextAskIt')}</p>
      )}
    </div>
  );
}

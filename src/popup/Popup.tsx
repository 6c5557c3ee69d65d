import { useLayoutEffect, useState } from 'preact/hooks';
import { adapterOf } from '../content/adapters/index.ts';
import browser from 'webextension-polyfill';
import { quotaLevel, type QuotaLevel } from '../model/quota.ts';
import { formatAge, formatBytes, formatDistance, formatGrams } from '../shared/format.ts';
import { t, uiLocale } from '../shared/i18n.ts';
import type { PageStatus } from '../shared/messages.ts';
import { isPopupState, type PopupAccount, type PopupState } from '../shared/popup-state.ts';
import { activeTabStatus, targetTab } from './page-status.ts';
import { ClearTextNotice, clearTextShown, type ClearTextFacts } from './ClearTextNotice.tsx';
import { MailAppCard } from './MailAppCard.tsx';
import { CleanupActions } from './CleanupActions.tsx';
import type { MailServerSetting } from '../model/mail-client-settings.ts';
import { readPublishedSettings } from '../shared/settings-store.ts';
import { acceptTrustProposal, declineTrustProposal, readTrustProposal, type TrustProposal } from '../shared/trust-proposal.ts';

export function PageStatusLine({ status }: { status: PageStatus | null | undefined }) {
  if (status === undefined) return null;
  if (status === null || status.webmail === null) return <p class="status">{t('popupNotWebmail')}</p>;
  if (status.trust === 'untrusted') {
    // Never "this tab shows Roundcube" about a look-alike: that would vouch for it.
    return (
      <div class="status lookalike" role="alert">
        <p>
          <strong>{t('popupLookalikeTitle')}</strong>
        </p>
        <p>{t('popupLookalikeBody', status.trustedOrigins.slice(0, 3).join(', '))}</p>
      </div>
    );
  }
  const webmail = adapterOf(status.webmail).productName ?? t('webmailGeneric');
  return (
    <p class="status">
      <span>{t('popupRecognised', webmail)}</span>{' '}
      <span>{status.account ? t('popupSignedInAs', status.account) : t('popupNotSignedIn')}</span>
    </p>
  );
}

/** A half-ring people read at a glance; the number is in the text beside it for everyone else. */
export function Gauge({ percent, level }: { percent: number; level: QuotaLevel }) {
  const clamped = Math.min(100, Math.max(0, percent));
  const radius = 40;
  const length = Math.PI * radius;
  return (
    <div
      class={`gauge level-${level}`}
      role="meter"
      aria-label={t('popupGaugeLabel')}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={clamped}
      aria-valuetext={t('popupQuotaPercent', String(clamped))}
    >
      <svg viewBox="0 0 100 56" aria-hidden="true">
        <path class="track" d="M10 50 A40 40 0 0 1 90 50" pathLength={length} />
        <path class="value" d="M10 50 A40 40 0 0 1 90 50" pathLength={length} stroke-dasharray={`${(clamped / 100) * length} ${length}`} />
      </svg>
      <span class="gauge-number">{clamped}%</span>
    </div>
  );
}

function SourceLine({ source }: { source: { kind: string; label: string } }) {
  return (
    <p class="source">
      {source.kind === 'organisation' ? t('popupSourceOrganisation', source.label) : t('popupSource', source.label)}
      {' · '}
      {t('popupCarSource')}
    </p>
  );
}

function CleanupSteps({ account, openable }: { account: PopupAccount; openable: boolean }) {
  const steps = adapterOf(account.webmail).cleanupViews.includes('largest')
    ? ['popupCleanupSortBySize', 'popupCleanupTrash', 'popupCleanupSearchOld', 'popupCleanupKeptElsewhere']
    : ['popupCleanupKeptElsewhere'];
  return (
    <section class="cleanup" aria-labelledby="cleanup-heading">
      <h3 id="cleanup-heading">{t('popupCleanupHeading')}</h3>
      <ol>
        {steps.map((key) => (
          <li key={key}>{t(key as Parameters<typeof t>[0])}</li>
        ))}
      </ol>
      {/* Only an address the organisation trusts: a reading's origin alone could be a look-alike's. */}
      {openable ? <CleanupActions account={account} /> : null}
      {openable ? (
        <button
          type="button"
          class="primary"
          onClick={() => {
            void browser.tabs
              .create({ url: new URL(adapterOf(account.webmail).mailViewPath, account.baseUrl).href })
              .then(() => window.close());
          }}
        >
          {t('popupOpenWebmail')}
        </button>
      ) : null}
    </section>
  );
}

export function AccountCard({ account, state, now }: { account: PopupAccount; state: PopupState; now: number }) {
  const locale = uiLocale();
  const { reading } = account;
  const readAt = <p class="muted">{t('popupQuotaReadAt', formatAge(account.readAt, now, locale))}</p>;
  if (reading.state === 'unlimited')
    return (
      <div class="account">
        <p>{t('popupQuotaUnlimited')}</p>
        {readAt}
      </div>
    );
  if (reading.state === 'none')
    return (
      <div class="account">
        <p>{t('popupQuotaNone')}</p>
        {readAt}
      </div>
    );
  const level = quotaLevel(reading.percent, state.thresholds);
  const sizes = reading.usedBytes !== null && reading.totalBytes !== null;
  return (
    <div class="account">
      <div class="quota">
        <Gauge percent={reading.percent} level={level} />
        <div>
          <p class="quota-used">
            {sizes
              ? t('popupQuotaUsed', [formatBytes(reading.usedBytes!, locale), formatBytes(reading.totalBytes!, locale)])
              : t('popupQuotaPercent', String(reading.percent))}
          </p>
          {!sizes && <p class="muted">{t('popupQuotaSizesUnknown')}</p>}
          {level === 'warning' && <p class="level-text warning">{t('popupLevelWarning')}</p>}
          {level === 'critical' && <p class="level-text critical">{t('popupLevelCritical')}</p>}
          {readAt}
        </div>
      </div>
      {account.storage && reading.usedBytes !== null && (
        <div class="co2">
          <p>
            {t('popupStorageCo2', [
              formatBytes(reading.usedBytes, locale),
              formatGrams(account.storage.gramsPerYear, locale),
              formatDistance(account.storage.carMetres, locale),
            ])}
          </p>
          <SourceLine source={account.storage.source} />
        </div>
      )}
    </div>
  );
}

function ForgetButton({ account, onForget }: { account: PopupAccount; onForget: (key: string) => void }) {
  return (
    <button type="button" class="link forget" aria-label={t('popupForgetLabel', account.account)} onClick={() => onForget(account.key)}>
      {t('popupForget')}
    </button>
  );
}

export interface ProposalActions {
  proposal: TrustProposal | null;
  accept(): void;
  decline(): void;
  /** Said once the user answered. */
  done: string;
}

/** How often and how long the popup asks a tab that has not answered yet: 8 × 500 ms. */
const STATUS_RETRIES = 8;
const STATUS_RETRY_MS = 500;

export function PopupView({
  status,
  state,
  now,
  proposal,
  mailServers = [],
  clearText = null,
  onForget,
}: {
  mailServers?: readonly MailServerSetting[];
  clearText?: ClearTextFacts | null;
  /** Removes an account's stored reading (the popup lists what is kept, so it offers to remove it). */
  onForget?: (key: string) => void;
  status: PageStatus | null | undefined;
  state: PopupState | null | undefined;
  now: number;
  proposal?: ProposalActions;
}) {
  const locale = uiLocale();
  const [main, ...others] = state?.accounts ?? [];
  const inClear = clearTextShown(status, clearText);
  return (
    <main>
      <h1>{t('extensionName')}</h1>
      {/* The http twin of a listed https address is the real webmail over the wrong scheme, not a look-alike. */}
      {inClear && status?.trust === 'untrusted' ? null : <PageStatusLine status={status} />}
      {inClear && status ? <ClearTextNotice status={status} facts={clearText!} /> : null}
      {proposal?.proposal && state && state.trustedOrigins.length === 0 ? (
        <section class="trust-proposal" aria-live="polite">
          <p>{t('trustProposalText', proposal.proposal.origin)}</p>
          <button type="button" class="primary" onClick={proposal.accept}>
            {t('trustProposalAccept')}
          </button>{' '}
          <button type="button" onClick={proposal.decline}>
            {t('trustProposalDecline')}
          </button>
        </section>
      ) : proposal?.done ? (
        <p class="status" role="status">
          {proposal.done}
        </p>
      ) : null}
      {state && state.quotaNudge && (
        <section aria-labelledby="quota-heading">
          <h2 id="quota-heading">
            {t('popupQuotaHeading')}
            {main ? <span class="account-name"> · {main.account}</span> : null}
          </h2>
          {main ? <p class="muted account-address">{t('popupAccountAddress', new URL(main.origin).host)}</p> : null}
          {main ? <AccountCard account={main} state={state} now={now} /> : <p class="muted">{t('popupQuotaNoReading')}</p>}
          {main && <CleanupSteps account={main} openable={state.trustedOrigins.includes(main.origin)} />}
          {main && onForget ? <ForgetButton account={main} onForget={onForget} /> : null}
        </section>
      )}
      {state?.savings && state.savings.count > 0 && (
        <p class="savings">{t('popupSavings', [formatBytes(state.savings.bytes, locale), formatGrams(state.savings.grams, locale)])}</p>
      )}
      {state && others.length > 0 && (
        <section aria-labelledby="accounts-heading">
          <h2 id="accounts-heading">{t('popupAccountsHeading')}</h2>
          <ul class="accounts">
            {others.map((account) => (
              <li key={`${account.origin} ${account.account}`}>
                <span class="account-name">{account.account}</span> <span class="muted">{new URL(account.origin).host}</span>
                <AccountCard account={account} state={state} now={now} />
                {onForget ? <ForgetButton account={account} onForget={onForget} /> : null}
              </li>
            ))}
          </ul>
        </section>
      )}
      <MailAppCard servers={mailServers} />
      <footer>
        <button type="button" class="link" onClick={() => void browser.runtime.openOptionsPage()}>
          {t('popupOpenOptions')}
        </button>
      </footer>
    </main>
  );
}

export function Popup() {
  // undefined while asking, null when the tab or the background did not answer.
  const [status, setStatus] = useState<PageStatus | null | undefined>(undefined);
  const [state, setState] = useState<PopupState | null | undefined>(undefined);
  const [proposal, setProposal] = useState<TrustProposal | null>(null);
  const [done, setDone] = useState('');
  const [mailServers, setMailServers] = useState<readonly MailServerSetting[]>([]);
  const [webmailSecureUrl, setWebmailSecureUrl] = useState('');
  const [tabUrl, setTabUrl] = useState<string | null>(null);
  const refreshState = () =>
    browser.runtime
      .sendMessage({ type: 'get-popup-state' })
      .then((answer: unknown) => setState(isPopupState(answer) ? answer : null))
      .catch(() => setState(null));
  const actions: ProposalActions = {
    proposal,
    done,
    accept() {
      if (!proposal) return;
      // The popup has no view of IT's locks; the list is only proposed while IT lists nothing.
      void acceptTrustProposal(proposal, []).then(() => {
        setDone(t('trustProposalAccepted', proposal.origin));
        setProposal(null);
        void refreshState();
      });
    },
    decline() {
      if (!proposal) return;
      void declineTrustProposal(proposal).then(() => setProposal(null));
    },
  };
  // Asked right after the first render: preact runs a plain effect only after the next animation frame.
  useLayoutEffect(() => {
    void readTrustProposal().then(setProposal);
    // The published settings (re-parsed on read): the card needs no message to the background.
    void readPublishedSettings().then(
      (settings) => {
        setMailServers(settings.mailClientSettings);
        setWebmailSecureUrl(settings.webmailSecureUrl);
      },
      () => undefined,
    );
    void targetTab().then(
      (tab) => setTabUrl(tab?.url ?? null),
      () => undefined,
    );
    // The tab's content script starts at document_idle: a popup opened while the page is still
    // loading (seen right after a sign-in) gets no answer yet, so it asks again a few times.
    const askStatus = (triesLeft: number) =>
      void activeTabStatus().then((answer) => {
        setStatus(answer);
        if (!answer && triesLeft > 0) setTimeout(() => askStatus(triesLeft - 1), STATUS_RETRY_MS);
      });
    askStatus(STATUS_RETRIES);
    void browser.runtime
      .sendMessage({ type: 'get-popup-state' })
      .then((answer: unknown) => setState(isPopupState(answer) ? answer : null))
      .catch(() => setState(null));
  }, []);
  const forget = (key: string) => {
    void browser.runtime
      .sendMessage({ type: 'forget-quota-reading', key })
      .catch(() => undefined)
      .then(refreshState);
  };
  return (
    <PopupView
      status={status}
      state={state}
      now={Date.now()}
      proposal={actions}
      mailServers={mailServers}
      clearText={tabUrl ? { tabUrl, webmailSecureUrl } : null}
      onForget={forget}
    />
  );
}

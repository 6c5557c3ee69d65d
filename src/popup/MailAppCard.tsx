/**
 * The mail-app settings card (popup and options page): the organisation's servers as staff type
 * them into Thunderbird, Outlook or a phone, with copy buttons, and the provider's "not recommended"
 * mark on plain ports. Read-only: the values come from policy only (MANAGED_ONLY_KEYS), and the card
 * is not drawn at all while IT sets none. The advice itself is the pure model's (adviseMailServer).
 */
import { useState } from 'preact/hooks';
import {
  adviseMailServer,
  type MailProtocol,
  type MailSecurity,
  type MailServerSetting,
  type NotRecommendedReason,
} from '../model/mail-client-settings.ts';
import { t, type MessageKey } from '../shared/i18n.ts';

const PROTOCOL: Record<MailProtocol, MessageKey> = {
  imap: 'mailAppProtocolImap',
  pop3: 'mailAppProtocolPop3',
  smtp: 'mailAppProtocolSmtp',
};
const SECURITY: Record<MailSecurity, MessageKey> = {
  tls: 'mailAppSecurityTls',
  starttls: 'mailAppSecurityStarttls',
  none: 'mailAppSecurityNone',
};
const REASON: Record<NotRecommendedReason, MessageKey> = { noEncryption: 'mailAppReasonNoEncryption', plainPort: 'mailAppReasonPlainPort' };

/** The clipboard is asked only on a click (a user gesture), which both browsers require without a permission. */
async function copy(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

export function MailAppCard({ servers, headingLevel = 2 }: { servers: readonly MailServerSetting[]; headingLevel?: 2 | 3 }) {
  // One polite line for every copy, so a screen reader hears what landed on the clipboard.
  const [said, setSaid] = useState('');
  if (servers.length === 0) return null;
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  const copyButton = (text: string, what: MessageKey, label: string) => (
    <button
      type="button"
      class="copy"
      aria-label={t('mailAppCopyLabel', [t(what), label])}
      onClick={() => void copy(text).then((done) => setSaid(done ? t('mailAppCopied', text) : t('mailAppCopyFailed', text)))}
    >
      {t('mailAppCopy')}
    </button>
  );
  return (
    <section class="mail-app" aria-labelledby="mail-app-heading">
      <Heading id="mail-app-heading">{t('mailAppHeading')}</Heading>
      <p class="muted">{t('mailAppIntro')}</p>
      <ul class="mail-servers">
        {servers.map((server, index) => {
          const advice = adviseMailServer(server);
          const name = t(PROTOCOL[server.protocol]);
          return (
            <li key={index} class={advice.recommended ? 'recommended' : 'not-recommended'} data-protocol={server.protocol}>
              <p class="server-name">
                <strong>{name}</strong> <span class="security">{t(SECURITY[server.security])}</span>
              </p>
              <p>
                <span class="label">{t('mailAppHost')}</span> <code class="host">{server.host}</code>{' '}
                {copyButton(server.host, 'mailAppHost', name)}
              </p>
              <p>
                <span class="label">{t('mailAppPort')}</span> <code class="port">{String(server.port)}</code>{' '}
                {copyButton(String(server.port), 'mailAppPort', name)}
              </p>
              {advice.reason ? (
                <p class="not-recommended-mark">
                  <strong>{t('mailAppNotRecommended')}</strong> {t(REASON[advice.reason], String(server.port))}
                </p>
              ) : null}
            </li>
          );
        })}
      </ul>
      <p class="muted" role="status" aria-live="polite">
        {said}
      </p>
    </section>
  );
}

import browser from 'webextension-polyfill';
import { badgeText, quotaLevel, type QuotaLevel } from '../model/quota.ts';
import { formatAge, formatBytes } from '../shared/format.ts';
import { t, uiLocale } from '../shared/i18n.ts';
import type { Settings } from '../shared/settings.ts';
import { fullestAccount, readQuotaReadings, trustedReadings } from './quota-store.ts';

/**
 * Badge colours by level. Neutral grey below IT's first threshold, then blue, amber, red;
 * white text on each keeps a contrast of at least 4.5:1.
 */
export const BADGE_COLOURS: Record<QuotaLevel, string> = {
  none: '#57606a',
  shown: '#0969da',
  warning: '#9a6700',
  critical: '#cf222e',
};

/** Sets the global badge (every tab) from the stored readings: called on each reading and at every start. */
export async function refreshBadge(settings: Settings): Promise<void> {
  const fullest = settings.quotaNudge ? fullestAccount(trustedReadings(await readQuotaReadings(), settings.webmailOrigins)) : null;
  if (!fullest || fullest.reading.state !== 'limited') {
    await browser.action.setBadgeText({ text: '' });
    await browser.action.setTitle({ title: t('extensionName') });
    return;
  }
  const { reading } = fullest;
  const level = quotaLevel(reading.percent, {
    shown: settings.quotaShownPercent,
    warning: settings.quotaWarningPercent,
    critical: settings.quotaCriticalPercent,
  });
  await browser.action.setBadgeText({ text: badgeText(reading) });
  await browser.action.setBadgeBackgroundColor({ color: BADGE_COLOURS[level] });
  // Firefox picks a text colour itself; Chrome 110+ honours this.
  await browser.action.setBadgeTextColor?.({ color: '#ffffff' });
  const locale = uiLocale();
  const age = formatAge(fullest.readAt, Date.now(), locale);
  const title =
    reading.usedBytes !== null && reading.totalBytes !== null
      ? t('badgeTitle', [String(reading.percent), formatBytes(reading.usedBytes, locale), formatBytes(reading.totalBytes, locale), age])
      : t('badgeTitlePercentOnly', [String(reading.percent), age]);
  await browser.action.setTitle({ title: `${title}\n${fullest.account}` });
}

import type { MessageKey } from '../shared/i18n.ts';

/**
 * The privacy page, as data: the page renders it, and a unit test checks that docs/privacy.md says
 * every one of these English sentences, so the page and the document cannot drift apart.
 */
export interface PrivacySection {
  id: string;
  heading: MessageKey;
  intro?: MessageKey;
  items?: MessageKey[];
  outro?: MessageKey;
}

export const PRIVACY_SUMMARY: MessageKey = 'optionsPrivacySummary';

export const PRIVACY_SECTIONS: PrivacySection[] = [
  {
    id: 'reads',
    heading: 'optionsPrivacyReadsHeading',
    intro: 'optionsPrivacyReadsIntro',
    items: [
      'optionsPrivacyReadsQuota',
      'optionsPrivacyReadsPassword',
      'optionsPrivacyReadsSignIn',
      'optionsPrivacyReadsAttachments',
      'optionsPrivacyReadsOutOfOffice',
      'optionsPrivacyReadsAccount',
    ],
    outro: 'optionsPrivacyReadsOtherPages',
  },
  {
    id: 'stores',
    heading: 'optionsPrivacyStoresHeading',
    intro: 'optionsPrivacyStoresIntro',
    items: [
      'optionsPrivacyStoresSettings',
      'optionsPrivacyStoresQuota',
      'optionsPrivacyStoresWebmailRules',
      'optionsPrivacyStoresFingerprint',
      'optionsPrivacyStoresSavings',
    ],
    outro: 'optionsPrivacyStoresNever',
  },
  {
    id: 'network',
    heading: 'optionsPrivacyNetworkHeading',
    intro: 'optionsPrivacyNetwork',
  },
  {
    id: 'permissions',
    heading: 'optionsPrivacyPermissionsHeading',
    items: ['optionsPrivacyPermissionStorage', 'optionsPrivacyPermissionScripting', 'optionsPrivacyPermissionHosts'],
  },
  {
    id: 'policy',
    heading: 'optionsPrivacyPolicyHeading',
    intro: 'optionsPrivacyPolicy',
  },
];

/** Every message key the page shows, in order (title first). */
export function privacyMessageKeys(): MessageKey[] {
  return [
    'optionsPrivacyTitle',
    PRIVACY_SUMMARY,
    ...PRIVACY_SECTIONS.flatMap((s) => [s.heading, ...(s.intro ? [s.intro] : []), ...(s.items ?? []), ...(s.outro ? [s.outro] : [])]),
  ];
}

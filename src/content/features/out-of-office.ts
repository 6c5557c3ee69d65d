import type { Feature } from './types.ts';
import { whileShown } from './when-present.ts';
import type { OutOfOfficeFormLocators } from '../adapters/types.ts';
import { reviewOutOfOffice, type OutOfOfficeFinding, type OutOfOfficeFindingKind } from '../../model/out-of-office.ts';
import { t, type MessageKey } from '../../shared/i18n.ts';
import type { Settings } from '../../shared/settings.ts';
import { openNudgeFrame } from '../ui/frame-host.ts';

const FINDING_TEXT: Record<OutOfOfficeFindingKind, MessageKey> = {
  phone: 'outOfOfficeFindingPhone',
  personalEmail: 'outOfOfficeFindingPersonalEmail',
  postalAddress: 'outOfOfficeFindingPostalAddress',
  privateReason: 'outOfOfficeFindingPrivateReason',
  travelDates: 'outOfOfficeFindingTravelDates',
  attachmentOrImage: 'outOfOfficeFindingAttachmentOrImage',
};

/** A quote long enough to find in the reply, short enough for one line. */
const MAX_QUOTE = 60;

/** Typing pauses this long before the reply is read again: a pasted letter is reviewed once. */
const REVIEW_DELAY_MS = 150;

/**
 * The out-of-office nudge: advice on the vacation reply while it is written, before it is switched
 * on. The reply answers every sender, so it should not carry a phone number, a personal address,
 * private reasons or travel dates, and should answer each sender once in a while. Advice only.
 */
export const outOfOffice: Feature = {
  id: 'outOfOfficeNudge',
  appliesTo: (page) => page.outOfOfficeForm() !== null || page.viewsAppearLater,
  start({ page, settings, signal }) {
    whileShown(
      page,
      () => page.outOfOfficeForm() !== null,
      (viewSignal) => reviewWhileWritten(page.outOfOfficeForm(), settings, viewSignal),
      signal,
    );
  },
};

/**
 * Reviews the reply on every pause in typing and shows the advice under the form, in our extension
 * frame (frame-host.ts), whose document is the extension's: the page gets an empty host element
 * and no text of ours, so `window.find` and selections find none of the advice, quotes of the
 * reply included. What the page can still tell: that the nudge runs (the host is added after the
 * form), and from the host's height whether there is advice and roughly how many lines, also for
 * a reply its own script wrote into the form (docs/privacy.md).
 */
function reviewWhileWritten(form: OutOfOfficeFormLocators | null, settings: Settings, signal: AbortSignal): void {
  if (!form) return;
  const heading = t('outOfOfficePanelHeading');
  const frame = openNudgeFrame({ placement: { after: form.anchor }, title: heading, signal });
  const review = () => {
    const items = adviceLines(form, settings);
    frame.show({
      kind: 'advice',
      heading,
      summary: items.length > 0 ? t('outOfOfficeIntro') : t('outOfOfficeAllGood'),
      items,
      labels: { item: t('outOfOfficeAdvice') },
    });
  };
  let timer: ReturnType<typeof setTimeout> | undefined;
  // Only the user's own edits start a review: a page script setting the reply and firing events
  // would otherwise try texts on the review and measure the frame to learn the organisation's settings.
  const later = (event: Event) => {
    if (!event.isTrusted) return;
    clearTimeout(timer);
    timer = setTimeout(review, REVIEW_DELAY_MS);
  };
  signal.addEventListener('abort', () => clearTimeout(timer), { once: true });
  for (const field of form.fields) {
    field.addEventListener('input', later, { signal });
    field.addEventListener('change', later, { signal });
  }
  // A reply saved earlier is shown in the form: review it at once.
  review();
}

/** The reply as the form holds it now, reviewed under the organisation's settings. */
export function reviewOutOfOfficeForm(
  form: OutOfOfficeFormLocators,
  settings: Pick<Settings, 'organisationDomains' | 'outOfOfficeIntervalDays'>,
): ReturnType<typeof reviewOutOfOffice> {
  return reviewOutOfOffice({
    subject: form.subject?.value ?? '',
    body: form.body.value,
    intervalDays: form.intervalDays(),
    repliesToExternalSenders: form.repliesToExternalSenders,
    organisationDomains: settings.organisationDomains,
    recommendedIntervalDays: settings.outOfOfficeIntervalDays,
  });
}

function adviceLines(form: OutOfOfficeFormLocators, settings: Settings): string[] {
  const subject = form.subject?.value ?? '';
  const body = form.body.value;
  const advice = reviewOutOfOfficeForm(form, settings);
  const quote = (finding: OutOfOfficeFinding) => {
    const text = (finding.field === 'subject' ? subject : body).slice(finding.start, finding.end).replace(/\s+/g, ' ').trim();
    return text.length > MAX_QUOTE ? `${text.slice(0, MAX_QUOTE - 1)}…` : text;
  };
  // One line per kind of problem, quoting its first occurrence: the user fixes the kind, not each copy.
  const lines = new Map<OutOfOfficeFindingKind, string>();
  for (const finding of advice.findings) {
    if (!lines.has(finding.kind)) lines.set(finding.kind, t(FINDING_TEXT[finding.kind], quote(finding)));
  }
  const out = [...lines.values()];
  if (advice.intervalTooShort) out.push(t('outOfOfficeIntervalTooShort', String(settings.outOfOfficeIntervalDays)));
  return out;
}

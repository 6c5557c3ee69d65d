import type { ComposeLocators, PasswordFormLocators, SignInLocators, WebmailAdapter, WebmailPage } from './types.ts';

/**
 * Any other webmail, recognised only where IT listed its address (`webmailOrigins`): guessing that an
 * arbitrary site is a webmail would put our nudges on pages nobody asked us to touch.
 * Locators are generic: `autocomplete="new-password"` and French/English labels, `input[type=file]`.
 */

const NEW_PASSWORD_WORDS = /(new|nouveau|nouvelle).{0,12}(pass|mot de passe|mdp)|newpass|new_pass|new-pass|nouveaumdp|password.?new/i;
const CONFIRM_WORDS = /confirm|again|repeat|retype|verify|v[ée]rif|r[ée]p[ée]t|ressaisi|encore/i;
const LOGIN_WORDS = /log.?in|sign.?in|connexion|se connecter|identifi/i;

function describeField(input: HTMLInputElement): string {
  const doc = input.ownerDocument;
  const labels = [...(input.labels ?? [])].map((l) => l.textContent ?? '');
  const labelledBy = (input.getAttribute('aria-labelledby') ?? '')
    .split(/\s+/)
    .filter(Boolean)
    .map((id) => doc.getElementById(id)?.textContent ?? '');
  return [input.name, input.id, input.placeholder, input.getAttribute('aria-label') ?? '', ...labels, ...labelledBy]
    .join(' ')
    .toLowerCase();
}

/** A login form has one password field and says so; we never judge the password someone signs in with. */
function isLoginForm(form: HTMLFormElement | null, passwordInputs: HTMLInputElement[]): boolean {
  if (passwordInputs.some((i) => i.autocomplete === 'current-password') && passwordInputs.length === 1) return true;
  if (!form) return false;
  const words = [form.id, form.name, form.action, form.getAttribute('aria-label') ?? ''].join(' ');
  return passwordInputs.length === 1 && LOGIN_WORDS.test(words);
}

/** Pure-ish field classification, exported for the DOM tests. */
export function findNewPasswordForms(doc: Document): PasswordFormLocators[] {
  const all = [...doc.querySelectorAll<HTMLInputElement>('input[type="password"]')];
  const byForm = new Map<HTMLFormElement | null, HTMLInputElement[]>();
  for (const input of all) {
    const list = byForm.get(input.form) ?? [];
    list.push(input);
    byForm.set(input.form, list);
  }
  const found: PasswordFormLocators[] = [];
  for (const [form, inputs] of byForm) {
    if (isLoginForm(form, inputs)) continue;
    const newPassword =
      inputs.find((i) => i.autocomplete === 'new-password' && !CONFIRM_WORDS.test(describeField(i))) ??
      inputs.find((i) => NEW_PASSWORD_WORDS.test(describeField(i)) && !CONFIRM_WORDS.test(describeField(i)));
    if (!newPassword) continue;
    const confirmation =
      inputs.find((i) => i !== newPassword && CONFIRM_WORDS.test(describeField(i))) ??
      inputs.find((i) => i !== newPassword && i.autocomplete === 'new-password') ??
      null;
    const saveButtons = form
      ? [...form.querySelectorAll<HTMLElement>('button:not([type="button"]):not([type="reset"]), input[type="submit"]')]
      : [];
    // A generic page states no rules we could recognise; its server still has the last word.
    found.push({ newPassword, confirmation, anchor: confirmation ?? newPassword, saveButtons, form, webmailRuleTexts: [] });
  }
  return found;
}

/** A sign-in form on a listed webmail: one password field, and its form (or the page) says it signs in. */
export function findSignInForm(doc: Document): SignInLocators | null {
  const fields = [...doc.querySelectorAll<HTMLInputElement>('input[type="password"]')].slice(0, 50);
  for (const password of fields) {
    const form = password.form;
    const inForm = fields.filter((f) => f.form === form);
    if (!isLoginForm(form, inForm)) continue;
    const user = form?.querySelector<HTMLInputElement>('input[type="email"], input[type="text"], input:not([type])') ?? null;
    const submitButtons = form
      ? [...form.querySelectorAll<HTMLElement>('button:not([type="button"]):not([type="reset"]), input[type="submit"]')]
      : [];
    return { form, user, password, submitButtons };
  }
  return null;
}

function genericCompose(doc: Document): ComposeLocators {
  return {
    isAttachmentInput: (target) => target instanceof HTMLInputElement && target.type === 'file',
    isDropTarget: () => false,
    attachmentList: () => null,
    // No list: what the file input holds is what counts.
    listShowsPickWithinMs: 0,
    // Unknown: said only where the webmail is known to do it.
    uploadsFillMailbox: false,
    // No list we know: what a file input holds is what is attached from it.
    attachmentItems: () => null,
    bannerAnchor: () => doc.querySelector('input[type="file"]'),
    recipientFields: () => [
      ...doc.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>('input[type="email"], [name="to" i], [name="cc" i], [name="bcc" i]'),
    ],
    isSendButton: () => false,
    maxUploadHint: () => null,
  };
}

export const genericAdapter: WebmailAdapter<'generic'> = {
  id: 'generic',
  productName: null,
  mailViewPath: './',
  // Known only by its origin: the address IT listed.
  defaultBasePath: '/',
  // It knows no webmail's message list.
  cleanupViews: [],
  detect(doc, location, webmailOrigins) {
    // `location` only when IT listed addresses: on every other page, each DOM object touched costs.
    if (webmailOrigins.length === 0 || !webmailOrigins.includes(location.origin)) return null;
    const page: WebmailPage<'generic'> = {
      id: 'generic',
      skin: null,
      account: () => null,
      displayName: () => null,
      isQuotaView: () => false,
      quotaElement: () => null,
      quotaFacts: () => null,
      webmailBaseUrl: () => `${location.origin}/`,
      viewsAppearLater: true,
      passwordForms: () => findNewPasswordForms(doc),
      // A compose context: a file input next to recipient fields.
      // No generic rule recognises an out-of-office form: its wording varies too much to guess.
      outOfOfficeForm: () => null,
      isCompose: () => doc.querySelector('input[type="file"]') !== null && genericCompose(doc).recipientFields().length > 0,
      compose: () => (page.isCompose() ? genericCompose(doc) : null),
      signIn: () => findSignInForm(doc),
      // Unknown for a webmail we only know by its address: the warning then points at its address.
      passwordChangeUrl: () => null,
      passwordChangeSaved: () => false,
    };
    return page;
  },
};

import { sendToBackground } from '../orphan-guard.ts';
import type { PasswordFormLocators } from '../adapters/types.ts';
import { blockingFailure, passesEveryPageRule } from '../../model/password-policy.ts';
import { parseWebmailPasswordRules } from '../../model/webmail-password-rules.ts';
import { t } from '../../shared/i18n.ts';
import type { Settings } from '../../shared/settings.ts';
import { openNudgeFrame } from '../ui/frame-host.ts';
import type { FrameRuleLine, PasswordFrameView } from '../../shared/frame-messages.ts';
import { describeRule, PASSWORD_MESSAGES } from './password-rules-text.ts';
import { createPasswordChecker, policyFromSettings, type PasswordChecker } from './password-checker.ts';
import { createBreachLookup } from './breach-lookup.ts';
import type { Feature } from './types.ts';
import { whenPasswordInputAdded } from './when-present.ts';

/**
 * The password-change nudge, injected only into pages with a new-password field. Everything about
 * the password stays in this isolated world: it is read from the field, checked here, and never put
 * in a message, in storage, in the console or in our DOM. Only the verdict is shown.
 */
export const passwordChange: Feature = {
  id: 'passwordNudge',
  messages: PASSWORD_MESSAGES,
  appliesTo: (page) => page.passwordForms().length > 0 || page.viewsAppearLater,
  start(ctx) {
    const { page, settings, signal } = ctx;
    const policy = policyFromSettings(settings);
    const context = {
      email: page.account(),
      displayName: page.displayName(),
      organisationNames: settings.organisationNames,
      organisationDomains: settings.organisationDomains,
    };
    const attached = new WeakSet<HTMLInputElement>();
    const attachAll = () => {
      for (const form of page.passwordForms()) {
        if (attached.has(form.newPassword)) continue;
        attached.add(form.newPassword);
        // Each form with the rules its webmail states beside it (the word lists load once per page).
        const webmailRules = parseWebmailPasswordRules(form.webmailRuleTexts);
        const checker = createPasswordChecker(policy, context, webmailRules);
        attachToForm(form, checker, settings, signal);
        // The options page compares them with the organisation's settings. Rules only, no password.
        if (webmailRules.length > 0) void sendToBackground({ type: 'webmail-password-rules', rules: webmailRules }).catch(() => undefined);
      }
    };
    attachAll();
    // A webmail that draws its views after load may draw another form (SOGo's preferences again).
    if (page.viewsAppearLater)
      whenPasswordInputAdded(() => {
        attachAll();
        return false;
      }, signal);
  },
};

function attachToForm(form: PasswordFormLocators, checker: PasswordChecker, settings: Settings, signal: AbortSignal): void {
  const { newPassword, confirmation } = form;
  let lastFailure: string | null = t('passwordEmpty');
  let suggested: string | null = null;
  /**
   * What the user typed in each field, as of their last trusted input event. The verdict judges
   * these, never a value a page script put in the field and announced with a synthetic event: a
   * page must not be able to try candidate words (its guess at the organisation's name) on us.
   */
  const typed = new Map<HTMLInputElement, string>();
  const valueOf = (field: HTMLInputElement) => typed.get(field) ?? '';
  const takeFieldValues = () => {
    for (const field of [newPassword, confirmation]) if (field) typed.set(field, field.value);
  };
  const labels = {
    suggest: t('passwordSuggest'),
    use: t('passwordUsePassphrase'),
    another: t('passwordAnotherPassphrase'),
    passphraseIntro: t('passwordPassphraseIntro'),
    passed: t('passwordRulePassed'),
    failed: t('passwordRuleFailed'),
    unchecked: t('passwordRuleNotChecked'),
  };
  let view: PasswordFrameView | null = null;
  // Made at once, or taken over from the trigger, which started it before this nudge was injected (early-frame.ts).
  const frame = openNudgeFrame({
    placement: { after: form.anchor },
    title: t('passwordPanelHeading'),
    signal,
    onAction(action) {
      if (action === 'suggest' || action === 'another') {
        suggested = checker.passphrase();
        if (view) frame.show((view = { ...view, passphrase: suggested }));
      } else if (action === 'use' && suggested) {
        // Filled in only because the user asked; input events let the webmail's own code see it.
        for (const field of [newPassword, confirmation]) {
          if (!field) continue;
          field.value = suggested;
          typed.set(field, suggested);
          field.dispatchEvent(new Event('input', { bubbles: true }));
        }
        newPassword.focus();
        update();
      }
    },
  });
  const show = (next: Omit<PasswordFrameView, 'kind' | 'heading' | 'labels' | 'passphrase'>) => {
    view = { kind: 'password', heading: t('passwordPanelHeading'), labels, passphrase: view?.passphrase ?? null, ...next };
    frame.show(view);
  };

  // Only when IT turned it on and named a range service: the one rule that asks the network.
  const breach = settings.breachCheck && settings.breachRangeEndpoint ? createBreachLookup(() => update(), signal) : null;

  /** The verdict now; what blocks Save is kept even before the panel shows. */
  const evaluate = () => {
    const password = valueOf(newPassword);
    const { verdict, display, length } = checker.check(password, confirmation ? valueOf(confirmation) : null, breach?.status(password));
    const firstFailure = blockingFailure(verdict);
    lastFailure = password === '' ? t('passwordEmpty') : firstFailure ? describeRule(firstFailure, display, length) : null;
    return { verdict, display, length };
  };
  const update = () => {
    const { verdict, display, length } = evaluate();
    const lines: FrameRuleLine[] = verdict.rules.map((rule) => ({
      state: rule.id === 'webmailChecked' ? 'unchecked' : rule.ok ? 'ok' : 'fail',
      text: describeRule(rule, display, length),
    }));
    // "Meets every rule" only when no rule is left to the webmail's server.
    const summary =
      valueOf(newPassword) === ''
        ? t('passwordStartTyping')
        : verdict.ok
          ? t('passwordAllPassed')
          : passesEveryPageRule(verdict)
            ? t('passwordPageRulesPassed')
            : t('passwordSomeFail');
    shown = true;
    show({ summary, lines, alert: null });
  };
  let shown = false;
  for (const field of [newPassword, confirmation]) {
    field?.addEventListener(
      'input',
      (event) => {
        // Synthetic events (a page script's) are not the user typing: nothing is judged for them.
        if (!event.isTrusted) return;
        typed.set(field, field.value);
        // Before the verdict: the breach lookup learns the value that is about to be shown.
        if (field === newPassword) breach?.typed(field.value);
        update();
      },
      { signal, capture: true },
    );
  }
  // The first view at once, with the known-word rules pending until the dictionaries are indexed,
  // then again. It used to wait up to 300 ms for them so that the page laid the panel out once; the
  // panel is now laid out in our frame's document, not on the page's main thread, and that wait had
  // become most of the time before anything showed. The dictionaries load once that first view is
  // on screen (or the user typed before: the checker then asks for them itself).
  update();
  void frame.shown.then(() => !signal.aborted && checker.loadWords());
  void checker.ready.then(() => !signal.aborted && shown && update());

  if (settings.passwordMode === 'block') {
    // Roundcube saves with form.submit() from a type="button" Save: no submit event ever fires, so
    // the click itself is stopped, in the capture phase, before the page's own handler runs.
    const stop = (event: Event) => {
      event.preventDefault();
      event.stopImmediatePropagation();
      if (!view) update();
      if (view) show({ summary: view.summary, lines: view.lines, alert: t('passwordSaveBlocked', lastFailure!) });
      newPassword.focus();
    };
    document.addEventListener(
      'click',
      (event) => {
        const target = event.target;
        const isSave = target instanceof Element && form.saveButtons.some((button) => button === target || button.contains(target));
        if (!isSave) return;
        // The user's own Save judges the fields as they are now, which is what Save sends: a password
        // manager may have filled them without an input event. A page's synthetic click does not
        // (it would make Save an oracle for values the page put there itself).
        if (event.isTrusted) takeFieldValues();
        evaluate();
        if (lastFailure !== null) stop(event);
      },
      { capture: true, signal },
    );
    // Generic forms that do submit normally (Enter in a field, a submit button).
    form.form?.addEventListener(
      'submit',
      (event) => {
        if (event.isTrusted) takeFieldValues();
        evaluate();
        if (lastFailure !== null) stop(event);
      },
      { capture: true, signal },
    );
  }
}

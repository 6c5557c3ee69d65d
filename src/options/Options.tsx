import type { ComponentChildren } from 'preact';
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { ext } from '../shared/ext.ts';
import { t, uiLocale, type MessageKey } from '../shared/i18n.ts';
import { MailAppCard } from '../popup/MailAppCard.tsx';
import { PolicyCheck } from './PolicyCheck.tsx';
import {
  isSettingKey,
  mergeSettings,
  DEFAULT_SETTINGS,
  parseSetting,
  type Co2Override,
  type EffectiveSettings,
  type InvalidSetting,
  type SettingKey,
  type Settings,
} from '../shared/settings.ts';
import {
  onSettingSourcesChanged,
  readManagedSettings,
  readPublishedEffectiveSettings,
  readUserSettings,
  resetUserSetting,
  saveUserSettings,
} from '../shared/settings-store.ts';
import { acceptTrustProposal, declineTrustProposal, readTrustProposal, type TrustProposal } from '../shared/trust-proposal.ts';
import { parseReuseStore, PASSWORD_REUSE_KEY, PBKDF2_ITERATIONS } from '../model/password-reuse.ts';
import { newSalt } from '../shared/fingerprint.ts';
import { readWebmailPasswordRulesSeen, type WebmailPasswordRulesSeen } from '../shared/webmail-password-rules-seen.ts';
import { webmailMinLength } from '../model/webmail-password-rules.ts';
import { describeWebmailCharacters } from '../content/features/password-rules-text.ts';
import {
  CO2_FIGURE_MAX,
  CO2_LABEL_MAX,
  FIELDS,
  GROUPS,
  describeRaw,
  fieldProblem,
  invalidSettingProblem,
  linesToList,
  quotaOrderProblem,
  textToNumber,
  toText,
  type Co2Field,
  type FieldSpec,
  type Group,
  type Problem,
} from './fields.ts';

/** Where the page comes from: the three layers, and the raw policy so IT can see what was ignored. */
export interface OptionsState {
  effective: EffectiveSettings;
  /** The user's own layer as stored: which settings staff changed. */
  user: Record<string, unknown>;
  /** The policy as the browser handed it over. */
  managed: Record<string, unknown>;
  /** The address proposed at the first sign-in while none is listed (never trusted silently). */
  proposal?: TrustProposal | null;
  /** Whose password fingerprint is kept (never the fingerprint itself). */
  fingerprints?: { account: string; origin: string }[];
  /** The rules the webmail's own password page stated, last time the password nudge saw it. */
  webmailRules?: WebmailPasswordRulesSeen | null;
}

/** Which fingerprints are kept, for the page: accounts and addresses only. */
async function readFingerprintAccounts(): Promise<{ account: string; origin: string }[]> {
  try {
    const store = parseReuseStore((await ext.storage.local.get(PASSWORD_REUSE_KEY))[PASSWORD_REUSE_KEY]);
    return (store?.entries ?? []).map((e) => ({ account: e.account, origin: e.origin }));
  } catch {
    return [];
  }
}

/** Forgets every fingerprint, and draws a new salt so nothing derived from the old one matches again. */
export async function forgetFingerprints(): Promise<void> {
  await ext.storage.local.set({ [PASSWORD_REUSE_KEY]: { salt: newSalt(), iterations: PBKDF2_ITERATIONS, entries: [] } });
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Reads the layers itself rather than the copy the background publishes: an extension page can read
 * storage.managed (only content scripts cannot), and the raw policy is what the admin needs to see.
 */
export async function loadOptionsState(): Promise<OptionsState> {
  const [user, managed, webmailRules, proposal, fingerprints] = await Promise.all([
    readUserSettings(),
    readManagedSettings(),
    readWebmailPasswordRulesSeen(),
    readTrustProposal(),
    readFingerprintAccounts(),
  ]);
  return { effective: mergeSettings(user, managed), user, managed: isRecord(managed) ? managed : {}, webmailRules, proposal, fingerprints };
}

/**
 * What the page can show before the managed-storage read answers: the copy the background published
 * (its own merge of the user's layer and the policy, with the locked keys), or, before the first
 * publication, the user's layer over the defaults. Local reads only: a few ms.
 * The raw policy is not in it: an ignored policy value is listed at once, and what was received
 * appears beside it when the managed read arrives.
 */
export async function loadPublishedOptionsState(): Promise<OptionsState> {
  const [{ user, effective }, webmailRules, proposal, fingerprints] = await Promise.all([
    readPublishedEffectiveSettings(),
    readWebmailPasswordRulesSeen(),
    readTrustProposal(),
    readFingerprintAccounts(),
  ]);
  return { effective: effective ?? mergeSettings(user, {}), user, managed: {}, webmailRules, proposal, fingerprints };
}

export interface OptionsActions {
  save(key: SettingKey, value: Settings[SettingKey]): Promise<void>;
  reset(key: SettingKey): Promise<void>;
  acceptProposal?(proposal: TrustProposal): Promise<void>;
  declineProposal?(proposal: TrustProposal): Promise<void>;
  forgetFingerprints?(): Promise<void>;
}

/** The first-sign-in proposal: shown while no address is listed, answered by the user, never assumed. */
function TrustProposalBox({ proposal, onAccept, onDecline }: { proposal: TrustProposal; onAccept: () => void; onDecline: () => void }) {
  return (
    <section class="trust-proposal" aria-labelledby="trust-heading">
      <h2 id="trust-heading">{t('optionsTrustHeading')}</h2>
      <p>{t('trustProposalText', proposal.origin)}</p>
      <button type="button" class="primary" onClick={onAccept}>
        {t('trustProposalAccept')}
      </button>{' '}
      <button type="button" onClick={onDecline}>
        {t('trustProposalDecline')}
      </button>
    </section>
  );
}

function FingerprintBox({
  accounts,
  lockedOn,
  onForget,
}: {
  accounts: { account: string; origin: string }[];
  lockedOn: boolean;
  onForget: () => void;
}) {
  return (
    <section class="fingerprints" aria-labelledby="fingerprint-heading">
      <h2 id="fingerprint-heading">{t('optionsFingerprintHeading')}</h2>
      {accounts.length === 0 ? (
        <p>{t('optionsFingerprintNone')}</p>
      ) : (
        <ul>
          {accounts.map((a) => (
            <li key={`${a.origin} ${a.account}`}>{t('optionsFingerprintKept', [a.account, a.origin])}</li>
          ))}
        </ul>
      )}
      {lockedOn ? (
        <p class="locked-note">{t('optionsFingerprintLocked')}</p>
      ) : accounts.length > 0 ? (
        <button type="button" id="forget-fingerprints" onClick={onForget}>
          {t('optionsFingerprintForget')}
        </button>
      ) : null}
    </section>
  );
}

const CO2_FIELDS: { field: Co2Field; label: MessageKey; numeric: boolean }[] = [
  { field: 'gramsPerMbSent', label: 'optionsFieldCo2Sent', numeric: true },
  { field: 'gramsPerMbStoredPerYear', label: 'optionsFieldCo2Stored', numeric: true },
  { field: 'label', label: 'optionsFieldCo2Label', numeric: false },
];

const co2Id = (field: Co2Field) => `co2Override-${field}`;

/**
 * Numbers in the page's language. Setting up Intl.NumberFormat for the first time in a fresh
 * extension process costs ≈ 110 ms of CPU on the bench machine (a CPU profile of the options page's
 * first load), and the first render shows only small whole numbers (the defaults), which English
 * and French write as they are: those skip it, and Intl is set up when a number first needs it.
 */
function useNumberFormat() {
  const locale = uiLocale();
  const plain = /^(en|fr)(-|$)/i.test(locale);
  return (n: number) => (plain && Number.isInteger(n) && Math.abs(n) < 1000 ? String(n) : numberFormat(locale).format(n));
}

let numberFormatCache: { locale: string; format: Intl.NumberFormat } | null = null;
function numberFormat(locale: string): Intl.NumberFormat {
  if (numberFormatCache?.locale !== locale)
    numberFormatCache = { locale, format: new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }) };
  return numberFormatCache.format;
}

function say(problem: Problem): string {
  return t(problem.message, problem.substitutions);
}

/** What the default is, in words, so staff know what "Reset" brings back. */
function defaultText(key: SettingKey, format: (n: number) => string): string | null {
  const spec = FIELDS[key];
  const value = DEFAULT_SETTINGS[key];
  switch (spec.kind) {
    case 'boolean':
      return t(value ? 'optionsValueOn' : 'optionsValueOff');
    case 'integer':
    case 'decimal':
      return format(value as number);
    case 'choice':
      return t(spec.choices.find((c) => c.value === value)?.label ?? 'optionsValueNone');
    case 'list':
      return (value as string[]).length ? (value as string[]).join(', ') : t('optionsValueNone');
    case 'url':
      return (value as string) || t('optionsValueNone');
    case 'co2':
    case 'mailServers':
      return null;
  }
}

interface FieldProps {
  settingKey: SettingKey;
  spec: FieldSpec;
  locked: boolean;
  error: string | undefined;
  resettable: boolean;
  onReset: () => void;
  format: (n: number) => string;
  children: (describedBy: string) => ComponentChildren;
  /** Checkboxes put their label after the box. */
  inline?: boolean;
  /** The CO2 figures are a fieldset of their own: the legend is their label. */
  fieldset?: boolean;
}

function FieldRow({ settingKey, spec, locked, error, resettable, onReset, format, children, inline, fieldset }: FieldProps) {
  const ids = {
    help: `${settingKey}-help`,
    locked: `${settingKey}-locked`,
    error: `${settingKey}-error`,
  };
  const describedBy = [
    spec.help || defaultText(settingKey, format) !== null ? ids.help : '',
    locked ? ids.locked : '',
    error ? ids.error : '',
  ]
    .filter(Boolean)
    .join(' ');
  const label = t(spec.label);
  const badge = locked ? (
    <span class="locked-badge" id={ids.locked}>
      {t('optionsLockedBadge')}
    </span>
  ) : null;
  const defaultValue = defaultText(settingKey, format);
  const help =
    spec.help || defaultValue !== null ? (
      <p class="help" id={ids.help}>
        {spec.help ? t(spec.help) : null}
        {spec.help && defaultValue !== null ? ' ' : null}
        {defaultValue !== null ? t('optionsDefault', defaultValue) : null}
      </p>
    ) : null;
  const after = (
    <>
      {help}
      {error ? (
        <p class="error" id={ids.error} role="alert">
          {error}
        </p>
      ) : null}
      {resettable ? (
        <button type="button" class="reset" aria-label={t('optionsResetField', label)} onClick={onReset}>
          {t('optionsReset')}
        </button>
      ) : null}
    </>
  );
  if (fieldset) {
    return (
      <fieldset class={`field co2${locked ? ' is-locked' : ''}`} data-setting={settingKey} aria-describedby={describedBy || undefined}>
        <legend>
          {label} {badge}
        </legend>
        {children(describedBy)}
        {after}
      </fieldset>
    );
  }
  return (
    <div class={`field${inline ? ' inline' : ''}${locked ? ' is-locked' : ''}`} data-setting={settingKey}>
      {inline ? (
        <div class="check">
          {children(describedBy)}
          <label for={settingKey}>{label}</label> {badge}
        </div>
      ) : (
        <>
          <div class="label-line">
            <label for={settingKey}>{label}</label> {badge}
          </div>
          {children(describedBy)}
        </>
      )}
      {after}
    </div>
  );
}

/** One ignored policy value, said so IT can fix it: the setting, why, and what was received. */
function explainInvalid(
  entry: InvalidSetting,
  managed: Record<string, unknown>,
  format: (n: number) => string,
): { name: string; why: string } {
  const why = say(invalidSettingProblem(entry, managed[entry.key], format));
  if (entry.key === '*') return { name: t('optionsInvalidWholePolicy'), why };
  if (!isSettingKey(entry.key)) return { name: entry.key, why };
  return { name: t(FIELDS[entry.key].label), why };
}

function InvalidPolicy({
  effective,
  managed,
  format,
}: {
  effective: EffectiveSettings;
  managed: Record<string, unknown>;
  format: (n: number) => string;
}) {
  if (effective.invalidManaged.length === 0) return null;
  return (
    <section class="invalid-policy" aria-labelledby="invalid-heading">
      <h2 id="invalid-heading">{t('optionsInvalidHeading')}</h2>
      <p>{t('optionsInvalidIntro')}</p>
      <ul>
        {effective.invalidManaged.map((entry, position) => {
          const { name, why } = explainInvalid(entry, managed, format);
          // One entry of a list: the rest of the list applies, so show only that entry as received.
          const received =
            entry.index !== undefined ? describeRaw(entry.item) : entry.key in managed ? describeRaw(managed[entry.key]) : null;
          return (
            <li key={`${entry.key}-${entry.index ?? position}`} data-setting={entry.key} data-index={entry.index}>
              <strong>{name}</strong>
              {name !== entry.key ? (
                <>
                  {' '}
                  <code>{entry.key}</code>
                </>
              ) : null}
              {/* Separate lines rather than punctuation, which French and English write differently. */}
              <div>{why}</div>
              {received !== null ? (
                <div>
                  {entry.index !== undefined ? t('optionsInvalidReceivedItem', String(entry.index)) : t('optionsInvalidReceived')}{' '}
                  <code>{received}</code>
                </div>
              ) : null}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

/**
 * The webmail's own password rules beside the organisation's: the panel checks both, and where they
 * differ the stricter one applies, which IT should know when it sets the minimum length.
 */
function WebmailRulesNote({ seen, values, format }: { seen: WebmailPasswordRulesSeen; values: Settings; format: (n: number) => string }) {
  const date = new Intl.DateTimeFormat(uiLocale(), { dateStyle: 'medium' }).format(seen.seenAt);
  const webmailMin = webmailMinLength(seen.rules);
  const set = values.passwordMinLength;
  const items: string[] = [];
  if (webmailMin > 0) {
    const [wm, it] = [format(webmailMin), format(set)];
    items.push(
      webmailMin > set
        ? t('optionsWebmailRuleLengthStricter', [wm, it])
        : webmailMin < set
          ? t('optionsWebmailRuleLengthLooser', [wm, it])
          : t('optionsWebmailRuleLengthSame', wm),
    );
  }
  for (const rule of seen.rules) {
    if (rule.kind === 'digitAndPunctuation') items.push(t('optionsWebmailRuleDigitAndPunctuation'));
    if (rule.kind === 'minCharacters') items.push(t('optionsWebmailRuleCharacters', describeWebmailCharacters(rule.characters, rule.min)));
    if (rule.kind === 'checkedByWebmail') items.push(t('optionsWebmailRuleChecked', rule.text));
  }
  return (
    <div class="webmail-rules" id="webmail-password-rules">
      <p class="help">{t('optionsWebmailRulesIntro', [seen.origin, date])}</p>
      <ul>
        {items.map((text) => (
          <li key={text}>{text}</li>
        ))}
      </ul>
    </div>
  );
}

/** The page itself, from a state and two actions: what the DOM tests render. */
export function OptionsView({ state, actions, busy = false }: { state: OptionsState; actions: OptionsActions; busy?: boolean }) {
  const format = useNumberFormat();
  const { effective, user, managed } = state;
  const values = effective.values;
  // What a person typed and has not been saved yet (being typed, or refused): shown instead of the stored value.
  const [drafts, setDrafts] = useState<Record<string, string>>({});
  const [errors, setErrors] = useState<Partial<Record<SettingKey, string>>>({});
  const [status, setStatus] = useState('');
  const isLocked = (key: SettingKey) => effective.locked.includes(key);

  const setDraft = (id: string, text: string | undefined) =>
    setDrafts((d) => {
      const next = { ...d };
      if (text === undefined) delete next[id];
      else next[id] = text;
      return next;
    });
  const setError = (key: SettingKey, message: string | undefined) =>
    setErrors((e) => {
      const next = { ...e };
      if (message === undefined) delete next[key];
      else next[key] = message;
      return next;
    });

  /** Checks a value as the parser will, saves it to the user layer, or says what is wrong. */
  async function commit(key: SettingKey, raw: unknown, draftIds: string[]) {
    if (isLocked(key)) return;
    const problem = fieldProblem(key, raw, format) ?? quotaOrderProblem(key, raw, values);
    if (problem) {
      setError(key, say(problem));
      return;
    }
    const parsed = parseSetting(key, raw);
    if (!parsed.ok) return;
    try {
      await actions.save(key, parsed.value);
      setError(key, undefined);
      for (const id of draftIds) setDraft(id, undefined);
      setStatus(t('optionsSaved', t(FIELDS[key].label)));
    } catch {
      setStatus(t('optionsSaveFailed', t(FIELDS[key].label)));
    }
  }

  async function reset(key: SettingKey) {
    try {
      await actions.reset(key);
      setError(key, undefined);
      for (const id of Object.keys(drafts)) if (id === key || id.startsWith(`${key}-`)) setDraft(id, undefined);
      setStatus(t('optionsResetDone', t(FIELDS[key].label)));
    } catch {
      setStatus(t('optionsSaveFailed', t(FIELDS[key].label)));
    }
  }

  function renderField(key: SettingKey) {
    const spec = FIELDS[key];
    const locked = isLocked(key);
    const error = locked ? undefined : errors[key];
    const common = {
      settingKey: key,
      spec,
      locked,
      error,
      resettable: !locked && key in user,
      onReset: () => void reset(key),
      format,
    };
    const draftOr = (id: string, stored: string) => (!locked && id in drafts ? drafts[id]! : stored);
    switch (spec.kind) {
      case 'boolean':
        return (
          <FieldRow key={key} {...common} inline>
            {(describedBy) => (
              <input
                type="checkbox"
                id={key}
                checked={values[key] as boolean}
                disabled={locked}
                aria-describedby={describedBy || undefined}
                onChange={(e) => void commit(key, e.currentTarget.checked, [])}
              />
            )}
          </FieldRow>
        );
      case 'choice':
        return (
          <FieldRow key={key} {...common}>
            {(describedBy) => (
              <select
                id={key}
                value={values[key] as string}
                disabled={locked}
                aria-describedby={describedBy || undefined}
                onChange={(e) => void commit(key, e.currentTarget.value, [])}
              >
                {spec.choices.map((choice) => (
                  <option key={choice.value} value={choice.value}>
                    {t(choice.label)}
                  </option>
                ))}
              </select>
            )}
          </FieldRow>
        );
      case 'integer':
      case 'decimal':
        return (
          <FieldRow key={key} {...common}>
            {(describedBy) => (
              <input
                type="number"
                id={key}
                min={spec.min}
                max={spec.max}
                step={spec.kind === 'integer' ? 1 : 'any'}
                inputMode={spec.kind === 'integer' ? 'numeric' : 'decimal'}
                value={draftOr(key, String(values[key]))}
                disabled={locked}
                aria-invalid={error ? true : undefined}
                aria-describedby={describedBy || undefined}
                onInput={(e) => setDraft(key, e.currentTarget.value)}
                onChange={(e) => void commit(key, textToNumber(e.currentTarget.value), [key])}
              />
            )}
          </FieldRow>
        );
      case 'url':
        return (
          <FieldRow key={key} {...common}>
            {(describedBy) => (
              <input
                type="url"
                id={key}
                spellcheck={false}
                autocomplete="off"
                value={draftOr(key, String(values[key]))}
                disabled={locked}
                aria-invalid={error ? true : undefined}
                aria-describedby={describedBy || undefined}
                onInput={(e) => setDraft(key, e.currentTarget.value)}
                onChange={(e) => void commit(key, e.currentTarget.value.trim(), [key])}
              />
            )}
          </FieldRow>
        );
      case 'list':
        return (
          <FieldRow key={key} {...common}>
            {(describedBy) => (
              <textarea
                id={key}
                rows={4}
                spellcheck={false}
                autocomplete="off"
                value={draftOr(key, toText(values[key]))}
                disabled={locked}
                aria-invalid={error ? true : undefined}
                aria-describedby={describedBy || undefined}
                onInput={(e) => setDraft(key, e.currentTarget.value)}
                onChange={(e) => void commit(key, linesToList(e.currentTarget.value), [key])}
              />
            )}
          </FieldRow>
        );
      case 'co2': {
        const stored = values.co2Override;
        const current = (field: Co2Field) => draftOr(co2Id(field), String(stored[field]));
        const compose = (): Record<string, unknown> => {
          const next: Record<string, unknown> = {};
          for (const { field, numeric } of CO2_FIELDS) next[field] = numeric ? textToNumber(current(field)) : current(field);
          return next;
        };
        return (
          <FieldRow key={key} {...common} fieldset>
            {(describedBy) => (
              <div class="co2-fields">
                {CO2_FIELDS.map(({ field, label, numeric }) => (
                  <div class="field" key={field}>
                    <label for={co2Id(field)}>{t(label)}</label>
                    <input
                      id={co2Id(field)}
                      type={numeric ? 'number' : 'text'}
                      min={numeric ? 0 : undefined}
                      max={numeric ? CO2_FIGURE_MAX : undefined}
                      step={numeric ? 'any' : undefined}
                      inputMode={numeric ? 'decimal' : undefined}
                      maxLength={numeric ? undefined : CO2_LABEL_MAX}
                      value={current(field)}
                      disabled={locked}
                      aria-invalid={error ? true : undefined}
                      aria-describedby={describedBy || undefined}
                      onInput={(e) => setDraft(co2Id(field), e.currentTarget.value)}
                      onChange={(e) => {
                        const raw = { ...compose(), [field]: numeric ? textToNumber(e.currentTarget.value) : e.currentTarget.value };
                        void commit(
                          key,
                          raw as unknown as Co2Override,
                          CO2_FIELDS.map((f) => co2Id(f.field)),
                        );
                      }}
                    />
                  </div>
                ))}
              </div>
            )}
          </FieldRow>
        );
      }
      case 'mailServers':
        // Never a field: the read-only card below the form shows it (managed only).
        return null;
    }
  }

  function renderGroup(group: Group) {
    const helpId = `group-${group.id}-help`;
    return (
      <fieldset class="group" key={group.id} id={`group-${group.id}`} aria-describedby={group.help ? helpId : undefined}>
        <legend>{t(group.legend)}</legend>
        {group.help ? (
          <p class="help" id={helpId}>
            {t(group.help)}
          </p>
        ) : null}
        {group.items.map((item) => {
          if (typeof item === 'string') return renderField(item);
          const subHelp = `sub-${item.legend}-help`;
          return (
            <fieldset class="subgroup" key={item.legend} aria-describedby={subHelp}>
              <legend>{t(item.legend)}</legend>
              <p class="help" id={subHelp}>
                {t(item.help)}
              </p>
              {item.keys.map(renderField)}
            </fieldset>
          );
        })}
        {group.id === 'password' && state.webmailRules ? (
          <WebmailRulesNote seen={state.webmailRules} values={values} format={format} />
        ) : null}
      </fieldset>
    );
  }

  return (
    // aria-busy until the policy read is applied: assistive technology may announce what changes then.
    <main aria-busy={busy ? 'true' : undefined}>
      <header>
        <h1>{t('optionsTitle')}</h1>
        <p>{t('optionsIntro')}</p>
        {effective.locked.length > 0 ? <p class="locked-note">{t('optionsLockedNote', t('optionsLockedBadge'))}</p> : null}
        <p>
          <a href={ext.runtime.getURL('src/privacy/index.html')}>{t('optionsPrivacyLink')}</a>
        </p>
      </header>
      <InvalidPolicy effective={effective} managed={managed} format={format} />
      {state.proposal &&
      values.webmailOrigins.length === 0 &&
      !isLocked('webmailOrigins') &&
      actions.acceptProposal &&
      actions.declineProposal ? (
        <TrustProposalBox
          proposal={state.proposal}
          onAccept={() =>
            void actions.acceptProposal!(state.proposal!).then(
              () => setStatus(t('trustProposalAccepted', state.proposal!.origin)),
              () => setStatus(t('optionsSaveFailed', t('optionsFieldWebmailOrigins'))),
            )
          }
          onDecline={() => void actions.declineProposal!(state.proposal!)}
        />
      ) : null}
      <form onSubmit={(e) => e.preventDefault()} noValidate>
        {GROUPS.map(renderGroup)}
      </form>
      {values.mailClientSettings.length > 0 ? (
        <div class="mail-app-options">
          <MailAppCard servers={values.mailClientSettings} />
          <p class="muted">{t('optionsMailAppManagedNote')}</p>
        </div>
      ) : null}
      {actions.forgetFingerprints ? (
        <FingerprintBox
          accounts={state.fingerprints ?? []}
          lockedOn={isLocked('passwordReuseAlert') && values.passwordReuseAlert}
          onForget={() => void actions.forgetFingerprints!().then(() => setStatus(t('optionsFingerprintForgotten')))}
        />
      ) : null}
      <PolicyCheck format={format} />
      <p class="status" role="status">
        {status}
      </p>
    </main>
  );
}

/**
 * The options page. It renders once from local storage (loadPublishedOptionsState: the published
 * settings, a few ms), then from the three layers when the managed-storage read answers (≈ 3 s on a
 * fresh Chromium profile: bench "options: policy read applied"), and again whenever IT or the user
 * changes one. Until local storage answers it renders nothing, so its first paint already holds the
 * settings: no blank page with a title, and no layout jump when the same settings arrive again.
 */
export function Options() {
  const [state, setState] = useState<OptionsState | null>(null);
  const [policyKnown, setPolicyKnown] = useState(false);
  // The first full read: a save waits for it, so that it knows which keys IT locked.
  const fullRead = useRef<Promise<OptionsState> | null>(null);
  // A layout effect runs right after the first (empty) render; preact runs a plain effect only after
  // the next animation frame, and the reads would start that much later.
  useLayoutEffect(() => {
    const controller = new AbortController();
    let latest = 0;
    const reload = async () => {
      const ticket = ++latest;
      const read = loadOptionsState();
      fullRead.current ??= read;
      const next = await read;
      // A slower, older read must not overwrite a newer one.
      if (ticket === latest && !controller.signal.aborted) {
        setState(next);
        setPolicyKnown(true);
      }
    };
    void reload();
    // Never over a full read that came first (Firefox answers without a policy at once).
    void loadPublishedOptionsState().then((early) => !controller.signal.aborted && setState((current) => current ?? early));
    onSettingSourcesChanged(() => void reload(), controller.signal);
    return () => controller.abort();
  }, []);

  if (!state) return null;
  const locks = async () => (policyKnown || !fullRead.current ? state.effective.locked : (await fullRead.current).effective.locked);
  // Every action ends with a full read: the page then shows the policy as well.
  const reloaded = async () => {
    setState(await loadOptionsState());
    setPolicyKnown(true);
  };
  const actions: OptionsActions = {
    async save(key, value) {
      await saveUserSettings({ [key]: value }, await locks());
      await reloaded();
    },
    async reset(key) {
      await resetUserSetting(key);
      await reloaded();
    },
    async acceptProposal(proposal) {
      await acceptTrustProposal(proposal, await locks());
      await reloaded();
    },
    async declineProposal(proposal) {
      await declineTrustProposal(proposal);
      await reloaded();
    },
    async forgetFingerprints() {
      await forgetFingerprints();
      await reloaded();
    },
  };
  return <OptionsView state={state} actions={actions} busy={!policyKnown} />;
}

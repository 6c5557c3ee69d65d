/**
 * CO2e estimates for the big-attachment nudge and the mailbox-size popup.
 *
 * PURE: no DOM, no browser API, no i18n. Plain numbers in, plain numbers out; the UI formats
 * and translates. Method, sources and every figure: docs/co2-method.md.
 *
 * Why a rules engine and not constants: the design asks that every figure comes from ADEME's
 * current open model (npm `@incubateur-ademe/publicodes-acv-numerique`, MIT), run by the
 * `publicodes` engine, so that a model update changes our figures without anyone re-typing
 * factors. We only choose the situation (size, recipients, years) and the rules to read.
 *
 * Why this is safe in an extension background: publicodes 1.10.3 is plain JavaScript without
 * `eval`/`new Function` (checked in its dist/), so it runs under the default MV3 CSP
 * (`script-src 'self'`).
 */
import Engine, { serializeUnit, type RawPublicodes } from 'publicodes';
import type { RuleName as AdemeRuleName, Situation as AdemeSituation } from '@incubateur-ademe/publicodes-acv-numerique';
// The package's own entry re-exports this JSON with an `import … assert { type: 'json' }`
// (a syntax Node 22+ and some bundlers reject), so we import the model file itself.
import ademeRules from '@incubateur-ademe/publicodes-acv-numerique/publicodes-acv-numerique.model.json';
import { version as ademeModelVersion } from '@incubateur-ademe/publicodes-acv-numerique/package.json';

// ---------------------------------------------------------------------------------------------
// Units and bounds
// ---------------------------------------------------------------------------------------------

/**
 * Bytes in the model's "Mo". The ADEME model converts `taille / 1024 Mo/Go` (rule
 * `email . taille en Go`), i.e. binary units, so a "Mo" here is 2^20 bytes. Roundcube's quota
 * display is binary too (`rcmail_action::show_bytes` divides by 1024 and 1048576; checked on Roundcube 1.6.5).
 */
export const BYTES_PER_MB = 1024 * 1024;
/** Bytes in the model's "Go" (rule `fichier . taille` is in Go; same binary convention). */
export const BYTES_PER_GB = 1024 * BYTES_PER_MB;

/**
 * Upper bounds: inputs come from page text and managed settings, so they can be anything.
 * Clamping keeps every result finite; the bounds are far above any real mailbox or mail.
 */
export const LIMITS = {
  /** 1 PiB: larger than any mailbox quota, small enough that grams stay finite. */
  maxBytes: 2 ** 50,
  /** A mail to a large list; beyond this the estimate is meaningless anyway. */
  maxRecipients: 100_000,
  /** A century of retention. */
  maxYearsKept: 100,
} as const;

// ---------------------------------------------------------------------------------------------
// Sources
// ---------------------------------------------------------------------------------------------

export type Co2SourceKind = 'ademe' | 'organisation';

/** Where a figure comes from. The UI shows `label` (a proper name, not translated). */
export interface Co2Source {
  readonly kind: Co2SourceKind;
  readonly label: string;
}

/** Name and version of the ADEME model package actually bundled (read from its package.json). */
export const ADEME_MODEL = {
  packageName: '@incubateur-ademe/publicodes-acv-numerique',
  version: ademeModelVersion,
} as const;

/** Shared by every estimate, hence frozen. */
export const ADEME_SOURCE: Co2Source = Object.freeze({
  kind: 'ademe',
  label: `ADEME, ACV numérique (publicodes-acv-numerique ${ademeModelVersion})`,
});

/**
 * Car equivalence. The ADEME ACV numérique model has no transport rule, so this one factor is
 * not computed: it is ADEME's Impact CO2 figure for "Voiture thermique" (one occupant), as in
 * the impactco2 repository, src/data/categories/deplacement.ts (slug `voiturethermique`,
 * source "Modélisation de l'empreinte carbone de la voiture – 2025"):
 *   fuel (ecv 6) 0.1105577600556303 kgCO2e/km + construction (ecv 5) 0.03169565217391306 kgCO2e/km.
 * Kept as its two published terms so the sum can be checked against the source.
 */
export const CAR_FACTOR = {
  gramsPerKm: (0.1105577600556303 + 0.03169565217391306) * 1000,
  source: {
    kind: 'ademe',
    label: 'ADEME Impact CO2, voiture thermique (2025)',
  } satisfies Co2Source,
} as const;

// ---------------------------------------------------------------------------------------------
// Organisation override (IT's managed setting `co2Override`)
// ---------------------------------------------------------------------------------------------

/**
 * Factors IT may impose instead of ADEME's model (managed setting `co2Override`), e.g. the
 * provider's "1 MB = a letter Paris–Lyon ≈ 19 g" (ADEME 2011). Checked once, by the settings
 * parser (bounds, label length, a storage figure only with a sent figure), then passed here as
 * they are: the model does not check them again.
 */
export interface OrganisationFactors {
  /** g CO2e per MB sent, per recipient (covers the whole life of the mail unless the next is set). */
  gramsPerMbSent: number;
  /** g CO2e per MB stored, per stored copy and per year. Absent: storage is not counted apart. */
  gramsPerMbStoredPerYear?: number;
  /** Shown as the source ("set by your organisation: <label>"). */
  label: string;
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function organisationSource(factors: OrganisationFactors): Co2Source {
  return { kind: 'organisation', label: factors.label };
}

// ---------------------------------------------------------------------------------------------
// The engine (built once, lazily)
// ---------------------------------------------------------------------------------------------

let engine: Engine<AdemeRuleName> | undefined;

/**
 * Parsing the model takes ~150 ms (Node 20 on the dev machine), so do it on first use only,
 * then keep it: the background calls this for every big attachment and quota reading. (Each
 * estimate still costs tens of ms: see evaluateGrams.)
 */
function getEngine(): Engine<AdemeRuleName> {
  engine ??= new Engine<AdemeRuleName>(ademeRules as unknown as RawPublicodes<AdemeRuleName>);
  return engine;
}

/** Situation keys we set; typed from the package so a renamed rule fails to compile. */
type NumericKey = keyof Pick<
  AdemeSituation,
  'email . taille' | 'email . destinataires' | 'email . durée stockage mail' | 'fichier . taille'
>;
type NumericSituation = Partial<Record<NumericKey, number>>;

/**
 * publicodes 1.10.3 parses situation values as expressions, and a JS number it receives is
 * read from its string form: 9.5e-7 (a 1-byte attachment in MB) becomes "9.5" followed by an
 * unknown unit "e-7", i.e. 9.5 MB, with only a console warning; 1e21 becomes 1. So numbers that
 * JS would print in exponent notation are given as plain decimal strings.
 */
function toSituationValue(value: number): number | string {
  const magnitude = Math.abs(value);
  if (value === 0 || (magnitude >= 1e-6 && magnitude < 1e21)) return value;
  if (magnitude >= 1e21) throw new Error(`value out of range for the ADEME model: ${value}`);
  // ~17 significant digits after the leading zeros; toFixed accepts at most 100 digits, and
  // below 1e-80 the value is 0 for any figure we show.
  const digits = Math.min(100, 17 - Math.floor(Math.log10(magnitude)));
  return value.toFixed(digits);
}

function toPublicodesSituation(situation: NumericSituation): Record<string, number | string> {
  return Object.fromEntries(Object.entries(situation).map(([key, value]) => [key, toSituationValue(value)]));
}

/**
 * Evaluate rules that must give grams of CO2e, all in one situation. Each new situation drops
 * the engine's caches and the model's many `contexte` sub-engines, so the first evaluation in
 * it costs ~15–30 ms: callers group the rules they need per situation. Evaluations are synchronous: no other call can change the shared engine's
 * situation in between.
 * Throws only on a model mismatch (a rule renamed or its unit changed by a package update):
 * better a failing test than a wrong number shown to users.
 */
function evaluateGrams<const R extends readonly AdemeRuleName[]>(situation: NumericSituation, rules: R): { [K in keyof R]: number } {
  const e = getEngine();
  e.setSituation(toPublicodesSituation(situation));
  return rules.map((rule) => {
    const node = e.evaluate(rule);
    const unit = serializeUnit(node.unit);
    if (!isFiniteNumber(node.nodeValue) || unit !== 'gCO2e') {
      throw new Error(`ADEME model: rule "${rule}" gave ${String(node.nodeValue)} ${unit ?? ''}`);
    }
    return node.nodeValue;
  }) as { [K in keyof R]: number };
}

const total = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0);

/** The parts of rule `email` (its own value is 0 when `taille` is 0, so we sum them). */
const EMAIL_PARTS = ['email . terminaux', 'email . transmission', 'email . data center'] as const;
/**
 * One mailbox's copy of a mail in the data centre: server share + storage (with the model's
 * backup redundancies). The sender side and the recipient side use the same formulas.
 */
const ONE_MAILBOX_DATA_CENTRE = ['email . data center . construction . émetteur', 'email . data center . usage . émetteur'] as const;

/** ADEME model defaults we expose, read from the model rather than copied. */
export interface AdemeDefaults {
  /** `email . durée stockage mail` (years each copy of a mail is kept). */
  yearsKept: number;
}

let defaults: AdemeDefaults | undefined;

export function ademeDefaults(): AdemeDefaults {
  if (!defaults) {
    const e = getEngine();
    e.setSituation({});
    const years = e.evaluate('email . durée stockage mail').nodeValue;
    if (!isFiniteNumber(years)) throw new Error('ADEME model: no default storage duration');
    defaults = { yearsKept: years };
  }
  return { ...defaults };
}

// ---------------------------------------------------------------------------------------------
// Input normalisation
// ---------------------------------------------------------------------------------------------

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

/** Invalid (not a finite number) → `fallback`; out of range → nearest bound. */
function normaliseNumber(value: unknown, fallback: number, min: number, max: number): number {
  return isFiniteNumber(value) ? clamp(value, min, max) : fallback;
}

function normaliseBytes(value: unknown): number {
  return Math.floor(normaliseNumber(value, 0, 0, LIMITS.maxBytes));
}

// ---------------------------------------------------------------------------------------------
// Attachment
// ---------------------------------------------------------------------------------------------

export interface AttachmentEstimateInput {
  /** Size of the attachment(s) in bytes. Invalid → 0; clamped to [0, LIMITS.maxBytes]. */
  attachmentBytes: number;
  /** To + Cc + Bcc. Each keeps a copy. Invalid → 1; rounded down; clamped to [1, maxRecipients]. */
  recipients: number;
  /** Years every copy is kept. Invalid → ADEME default (10); clamped to [0, maxYearsKept]. */
  yearsKept: number;
  /** IT's factors, as the settings parser checked them; null/absent → ADEME's model. */
  override?: OrganisationFactors | null;
}

/** The input after normalisation: what the figures were actually computed for. */
export interface AttachmentInputUsed {
  attachmentBytes: number;
  recipients: number;
  yearsKept: number;
}

/** ADEME's figures, always computed (also under an override) for the method page and tests. */
export interface AdemeAttachmentBreakdown {
  /** Rule `email`: the whole mail, devices included (≈ 2.9 g for 1 MB, 1 recipient, 10 years). */
  mailGrams: number;
  /** The same mail without the attachment (devices, per-mail server share): `email` parts at size 0. */
  mailWithoutAttachmentGrams: number;
  /** mailGrams − mailWithoutAttachmentGrams: what the attachment adds. */
  attachmentGrams: number;
  /** Part of attachmentGrams spent once: networks to sender, recipients and backups. */
  attachmentSendGrams: number;
  /** Part of attachmentGrams from keeping every copy (sender + recipients) for yearsKept. */
  attachmentStorageGrams: number;
  /** Rule `fichier` × (1 + recipients): one upload, one download per recipient. */
  shareLinkTransferGrams: number;
  /** One copy on the sharing server for yearsKept (sender-side storage of rule `email`). */
  shareLinkStorageGrams: number;
}

export interface AttachmentEstimate {
  input: AttachmentInputUsed;
  /** g CO2e the attachment adds: sent to every recipient, every copy kept yearsKept years. */
  grams: number;
  /** `grams` as metres driven in a thermal car (CAR_FACTOR). */
  carMetres: number;
  /** Source of `grams`: ADEME's model, or the organisation's factors. */
  source: Co2Source;
  /** g CO2e of sharing the same file by link instead (upload once, each recipient downloads). */
  shareLinkGrams: number;
  /** Always ADEME: organisation factors say nothing about share links. */
  shareLinkSource: Co2Source;
  ademe: AdemeAttachmentBreakdown;
  /** Version of the ADEME model package the figures come from. */
  modelVersion: string;
}

export function normaliseAttachmentInput(input: AttachmentEstimateInput): AttachmentInputUsed {
  const recipients = normaliseNumber(input.recipients, 1, 1, LIMITS.maxRecipients);
  return {
    attachmentBytes: normaliseBytes(input.attachmentBytes),
    recipients: Math.floor(recipients),
    yearsKept: normaliseNumber(input.yearsKept, ademeDefaults().yearsKept, 0, LIMITS.maxYearsKept),
  };
}

function ademeAttachment(used: AttachmentInputUsed): AdemeAttachmentBreakdown {
  const mb = used.attachmentBytes / BYTES_PER_MB;
  const base = { 'email . destinataires': used.recipients, 'email . durée stockage mail': used.yearsKept };

  // Rule `email` is 0 for an empty mail (its `taille > 0` condition), hence its parts here.
  const mailWithoutAttachmentGrams = total(evaluateGrams({ ...base, 'email . taille': 0 }, EMAIL_PARTS));
  if (mb <= 0) {
    return {
      mailGrams: mailWithoutAttachmentGrams,
      mailWithoutAttachmentGrams,
      attachmentGrams: 0,
      attachmentSendGrams: 0,
      attachmentStorageGrams: 0,
      shareLinkTransferGrams: 0,
      shareLinkStorageGrams: 0,
    };
  }

  // `fichier . taille` is in Go. The rule is one transfer (network + data centre) and leaves
  // out devices and storage (ADEME's notes on rules `fichier` and
  // `fichier . data center . construction`). It shares no input with `email`, so it is
  // evaluated in the same situation to save a costly setSituation.
  const [mailGrams, oneTransfer, ...oneCopyKept] = evaluateGrams(
    { ...base, 'email . taille': mb, 'fichier . taille': used.attachmentBytes / BYTES_PER_GB },
    ['email', 'fichier', ...ONE_MAILBOX_DATA_CENTRE],
  );
  // The same mail kept 0 years: the difference is storage, the rest is sending.
  const [mailGramsNotKept, ...oneCopyNotKept] = evaluateGrams({ ...base, 'email . taille': mb, 'email . durée stockage mail': 0 }, [
    'email',
    ...ONE_MAILBOX_DATA_CENTRE,
  ]);

  // Differences of engine results can be −1e-16 instead of 0; a cost is never negative.
  const positive = (x: number) => Math.max(0, x);
  return {
    mailGrams,
    mailWithoutAttachmentGrams,
    attachmentGrams: positive(mailGrams - mailWithoutAttachmentGrams),
    attachmentSendGrams: positive(mailGramsNotKept - mailWithoutAttachmentGrams),
    attachmentStorageGrams: positive(mailGrams - mailGramsNotKept),
    shareLinkTransferGrams: oneTransfer * (1 + used.recipients),
    // ADEME leaves storage out of `fichier` because a shared file is read by many. A link to a
    // few recipients is one copy stored for one person, so we add that copy for the same
    // years, as a mailbox copy (sender side): without it the link would look better than it is.
    shareLinkStorageGrams: positive(total(oneCopyKept) - total(oneCopyNotKept)),
  };
}

/**
 * Storage of one mailbox copy of `mb` MB for `years` years per ADEME's `email` rules: the
 * sender-side data-centre rules kept `years` minus kept 0 years (which leaves the per-mail
 * server share, not storage). These rules do not depend on the number of recipients.
 */
function oneMailboxStorageGrams(mb: number, years: number): number {
  if (mb <= 0 || years <= 0) return 0;
  const situation = { 'email . taille': mb, 'email . destinataires': 1 };
  const kept = total(evaluateGrams({ ...situation, 'email . durée stockage mail': years }, ONE_MAILBOX_DATA_CENTRE));
  const notKept = total(evaluateGrams({ ...situation, 'email . durée stockage mail': 0 }, ONE_MAILBOX_DATA_CENTRE));
  return Math.max(0, kept - notKept);
}

export function gramsToCarMetres(grams: number): number {
  return (grams / CAR_FACTOR.gramsPerKm) * 1000;
}

/**
 * CO2e of attaching a file rather than sharing a link. Never throws on bad input (see
 * AttachmentEstimateInput for how each field is repaired).
 */
export function estimateAttachment(input: AttachmentEstimateInput): AttachmentEstimate {
  const used = normaliseAttachmentInput(input);
  const ademe = ademeAttachment(used);
  const override = input.override ?? null;

  let grams = ademe.attachmentGrams;
  let source = ADEME_SOURCE;
  if (override) {
    const mb = used.attachmentBytes / BYTES_PER_MB;
    // One copy sent per recipient; stored copies are the recipients' plus the sender's Sent
    // folder, as in ADEME's model (rules `… récepteur` and `… émetteur`).
    const sent = mb * used.recipients * override.gramsPerMbSent;
    const stored = mb * (used.recipients + 1) * used.yearsKept * (override.gramsPerMbStoredPerYear ?? 0);
    grams = sent + stored;
    source = organisationSource(override);
  }

  return {
    input: used,
    grams,
    carMetres: gramsToCarMetres(grams),
    source,
    shareLinkGrams: ademe.shareLinkTransferGrams + ademe.shareLinkStorageGrams,
    shareLinkSource: ADEME_SOURCE,
    ademe,
    modelVersion: ADEME_MODEL.version,
  };
}

// ---------------------------------------------------------------------------------------------
// Mailbox storage
// ---------------------------------------------------------------------------------------------

export interface StorageEstimateInput {
  /** Bytes used in the mailbox. Invalid → 0; clamped to [0, LIMITS.maxBytes]. */
  storedBytes: number;
  override?: OrganisationFactors | null;
}

export interface StorageEstimate {
  /** The bytes the figure was computed for (after normalisation). */
  storedBytes: number;
  /** g CO2e per year of keeping these bytes (data-centre storage, with backups). */
  gramsPerYear: number;
  carMetres: number;
  /** Organisation only when IT set `gramsPerMbStoredPerYear`; otherwise ADEME. */
  source: Co2Source;
  modelVersion: string;
}

/**
 * CO2e per year of the mailbox's content. ADEME: the storage part of one mailbox copy in rule
 * `email` (sender side: 3 backup copies, storage 50 % full), for the whole mailbox size and
 * one year. Never throws on bad input.
 */
export function estimateStorage(input: StorageEstimateInput): StorageEstimate {
  const storedBytes = normaliseBytes(input.storedBytes);
  const mb = storedBytes / BYTES_PER_MB;
  const override = input.override ?? null;

  let gramsPerYear: number;
  let source: Co2Source;
  if (override?.gramsPerMbStoredPerYear !== undefined) {
    gramsPerYear = mb * override.gramsPerMbStoredPerYear;
    source = organisationSource(override);
  } else {
    gramsPerYear = oneMailboxStorageGrams(mb, 1);
    source = ADEME_SOURCE;
  }
  return {
    storedBytes,
    gramsPerYear,
    carMetres: gramsToCarMetres(gramsPerYear),
    source,
    modelVersion: ADEME_MODEL.version,
  };
}

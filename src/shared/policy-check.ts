/**
 * Checks a policy before it ships: finds this extension's part in a policy file (Chromium JSON,
 * Firefox policies.json, a Windows .reg, a macOS .mobileconfig, or the settings object alone), then
 * checks it the two ways a browser does:
 *
 * 1. against managed_schema.json, as Chrome and Edge do before the extension sees anything: what
 *    breaks the schema is dropped without a message (chrome://policy shows "Not set."), so this is
 *    the only place a wrong type, an enum typo, an integer out of range or an unknown key is seen;
 * 2. with the extension's own parser (settings.ts), as the extension does with what it receives.
 *
 * A hand-written schema walk rather than a JSON-schema library: the options page runs this too,
 * and extension pages forbid the code generation (`new Function`) such validators rely on; Chromium
 * also applies only a subset of JSON schema (type, properties, items, enum, minimum, maximum).
 *
 * Pure and browser-safe: `npm run check-policy` (scripts/check-policy.ts) and the options page share it.
 */
import { mergeSettings, isSettingKey, type InvalidSetting } from './settings.ts';
import { PolicySyntaxError, parseJsonWithPosition, parsePlist, parseReg, readRegistryPolicy, type SchemaNode } from './policy-formats.ts';

export type PolicyFormat = 'chromium-json' | 'firefox-json' | 'settings-json' | 'reg' | 'mobileconfig';

export type CheckCode =
  | 'json-syntax'
  | 'json-trailing-comma'
  | 'reg-syntax'
  | 'plist-syntax'
  | 'no-extension-part'
  | 'other-extension-id'
  | 'firefox-lowercase-extensions'
  | 'chromium-capital-extensions'
  | 'firefox-policies-disabled'
  | 'install-entry'
  | 'schema-type'
  | 'schema-enum'
  | 'schema-range'
  | 'schema-unknown-key';

export interface PolicyProblem {
  /** Where in the file: `3rdparty.extensions.<id>`, a registry key, a profile payload. */
  where: string;
  /** The setting (or policy) at fault; empty for the file as a whole. */
  key: string;
  /** `schema`: Chrome and Edge drop it silently; `extension`: the extension ignores it; `file`: the file itself. */
  source: 'file' | 'schema' | 'extension';
  code: CheckCode | InvalidSetting['code'];
  /** The value received (or the list entry, with `index` from 1). */
  value?: unknown;
  index?: number;
  /** Facts for the message: line and column, expected type, bounds, ids… */
  details?: string[];
}

export interface PolicyPart {
  where: string;
  /** Which browsers read it this way: the schema check applies only where Chromium reads it. */
  reader: 'chromium' | 'firefox' | 'any';
  settings: Record<string, unknown>;
}

export interface CheckResult {
  format: PolicyFormat | null;
  parts: PolicyPart[];
  problems: PolicyProblem[];
}

export interface CheckOptions {
  /** Chromium ids this extension may have (the key's id, a store's id). */
  chromiumIds: readonly string[];
  geckoId: string;
  schema: SchemaNode;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const CHROMIUM_ID = /^[a-p]{32}$/;

/** Checks one policy file's text. Never throws: a file it cannot read is a problem like any other. */
export function checkPolicyText(text: string, options: CheckOptions): CheckResult {
  const trimmed = text.replace(/^\uFEFF/, '').trimStart();
  if (trimmed.startsWith('Windows Registry Editor')) return checkReg(trimmed, options);
  if (trimmed.startsWith('<')) return checkPlist(trimmed, options);
  const parsed = parseJsonWithPosition(text.replace(/^\uFEFF/, ''));
  if (!parsed.ok) {
    const { line, column, near, trailingComma } = parsed.syntax;
    return {
      format: null,
      parts: [],
      problems: [
        {
          where: '',
          key: '',
          source: 'file',
          code: trailingComma ? 'json-trailing-comma' : 'json-syntax',
          details: [String(line), String(column), near],
        },
      ],
    };
  }
  return checkJson(parsed.value, options);
}

function checkJson(value: unknown, options: CheckOptions): CheckResult {
  const problems: PolicyProblem[] = [];
  const parts: PolicyPart[] = [];
  if (!isRecord(value)) return { format: null, parts, problems: [noPart(options)] };
  if (isRecord(value.policies)) {
    const policies = value.policies;
    const third = isRecord(policies['3rdparty']) ? policies['3rdparty'] : {};
    if (isRecord(third.extensions) && !isRecord(third.Extensions)) {
      problems.push({ where: 'policies.3rdparty', key: 'extensions', source: 'file', code: 'firefox-lowercase-extensions' });
    }
    const extensions = isRecord(third.Extensions) ? third.Extensions : isRecord(third.extensions) ? third.extensions : {};
    for (const id of Object.keys(extensions)) {
      if (id === options.geckoId)
        parts.push({ where: `policies.3rdparty.Extensions.${id}`, reader: 'firefox', settings: asSettings(extensions[id]) });
      else
        problems.push({
          where: 'policies.3rdparty.Extensions',
          key: id,
          source: 'file',
          code: 'other-extension-id',
          details: [id, options.geckoId],
        });
    }
    const install = checkInstall(policies.ExtensionSettings, [options.geckoId], 'policies.ExtensionSettings', 'install_url', problems);
    if (!parts.length && !install) problems.push(noPart(options));
    return finish('firefox-json', parts, problems, options);
  }
  if ('3rdparty' in value || 'ExtensionSettings' in value) {
    const third = isRecord(value['3rdparty']) ? value['3rdparty'] : {};
    if (isRecord(third.Extensions) && !isRecord(third.extensions)) {
      problems.push({ where: '3rdparty', key: 'Extensions', source: 'file', code: 'chromium-capital-extensions' });
    }
    const extensions = isRecord(third.extensions) ? third.extensions : isRecord(third.Extensions) ? third.Extensions : {};
    for (const id of Object.keys(extensions)) {
      if (options.chromiumIds.includes(id))
        parts.push({ where: `3rdparty.extensions.${id}`, reader: 'chromium', settings: asSettings(extensions[id]) });
      else
        problems.push({
          where: '3rdparty.extensions',
          key: id,
          source: 'file',
          code: 'other-extension-id',
          details: [id, options.chromiumIds.join(', ')],
        });
    }
    const install = checkInstall(value.ExtensionSettings, options.chromiumIds, 'ExtensionSettings', 'update_url', problems);
    if (!parts.length && !install) problems.push(noPart(options));
    return finish('chromium-json', parts, problems, options);
  }
  // The settings object alone (what the options page's field is most often given).
  if (Object.keys(value).some(isSettingKey))
    return finish('settings-json', [{ where: '', reader: 'any', settings: value }], problems, options);
  return { format: null, parts, problems: [noPart(options)] };
}

function checkReg(text: string, options: CheckOptions): CheckResult {
  let keys;
  try {
    keys = parseReg(text);
  } catch (e) {
    if (!(e instanceof PolicySyntaxError)) throw e;
    return {
      format: 'reg',
      parts: [],
      problems: [{ where: '', key: '', source: 'file', code: 'reg-syntax', details: [String(e.line), e.text] }],
    };
  }
  const problems: PolicyProblem[] = [];
  const parts: PolicyPart[] = [];
  let install = false;
  for (const { path, values } of keys.values()) {
    const policy = /^(.*)\\3rdparty\\extensions\\([^\\]+)\\policy$/i.exec(path);
    if (policy) {
      const id = policy[2]!;
      if (options.chromiumIds.includes(id))
        parts.push({ where: path, reader: 'chromium', settings: readRegistryPolicy(keys, path, options.schema) });
      else
        problems.push({ where: path, key: id, source: 'file', code: 'other-extension-id', details: [id, options.chromiumIds.join(', ')] });
    }
    const settings = values.get('ExtensionSettings');
    if (settings) {
      const json = parseJsonWithPosition(String(settings.data));
      if (!json.ok)
        problems.push({
          where: path,
          key: 'ExtensionSettings',
          source: 'file',
          code: json.syntax.trailingComma ? 'json-trailing-comma' : 'json-syntax',
          details: [String(json.syntax.line), String(json.syntax.column), json.syntax.near],
        });
      else install = checkInstall(json.value, options.chromiumIds, `${path}\\ExtensionSettings`, 'update_url', problems) || install;
    }
  }
  if (!parts.length && !install) problems.push(noPart(options));
  return finish('reg', parts, problems, options);
}

function checkPlist(text: string, options: CheckOptions): CheckResult {
  let root: unknown;
  try {
    root = parsePlist(text);
  } catch (e) {
    if (!(e instanceof PolicySyntaxError)) throw e;
    return {
      format: 'mobileconfig',
      parts: [],
      problems: [{ where: '', key: '', source: 'file', code: 'plist-syntax', details: [String(e.line), e.text] }],
    };
  }
  const problems: PolicyProblem[] = [];
  const parts: PolicyPart[] = [];
  let install = false;
  const payloads =
    isRecord(root) && Array.isArray(root.PayloadContent) ? root.PayloadContent.filter(isRecord) : isRecord(root) ? [root] : [];
  const withoutPayloadKeys = (p: Record<string, unknown>) =>
    Object.fromEntries(Object.entries(p).filter(([k]) => !k.startsWith('Payload')));
  for (const payload of payloads) {
    const type = typeof payload.PayloadType === 'string' ? payload.PayloadType : '';
    const extension = /^(com\.google\.Chrome|com\.microsoft\.Edge|org\.chromium\.Chromium)\.extensions\.(.+)$/.exec(type);
    if (extension) {
      const id = extension[2]!;
      if (options.chromiumIds.includes(id)) parts.push({ where: type, reader: 'chromium', settings: withoutPayloadKeys(payload) });
      else
        problems.push({ where: type, key: id, source: 'file', code: 'other-extension-id', details: [id, options.chromiumIds.join(', ')] });
    } else if (type === 'org.mozilla.firefox') {
      // Firefox on macOS reads a profile's policies only when it says so.
      if (payload.EnterprisePoliciesEnabled !== true)
        problems.push({
          where: type,
          key: 'EnterprisePoliciesEnabled',
          source: 'file',
          code: 'firefox-policies-disabled',
          value: payload.EnterprisePoliciesEnabled,
        });
      const third = isRecord(payload['3rdparty']) ? payload['3rdparty'] : {};
      const extensions = isRecord(third.Extensions) ? third.Extensions : {};
      for (const id of Object.keys(extensions)) {
        if (id === options.geckoId)
          parts.push({ where: `${type} 3rdparty.Extensions.${id}`, reader: 'firefox', settings: asSettings(extensions[id]) });
        else
          problems.push({
            where: `${type} 3rdparty.Extensions`,
            key: id,
            source: 'file',
            code: 'other-extension-id',
            details: [id, options.geckoId],
          });
      }
      install = checkInstall(payload.ExtensionSettings, [options.geckoId], `${type} ExtensionSettings`, 'install_url', problems) || install;
    } else if (/^(com\.google\.Chrome|com\.microsoft\.Edge|org\.chromium\.Chromium)$/.test(type)) {
      install =
        checkInstall(payload.ExtensionSettings, options.chromiumIds, `${type} ExtensionSettings`, 'update_url', problems) || install;
    } else if (!type && Object.keys(payload).some(isSettingKey)) {
      // A plain managed-preferences property list: the settings themselves.
      parts.push({ where: '', reader: 'chromium', settings: payload });
    }
  }
  if (!parts.length && !install) problems.push(noPart(options));
  return finish('mobileconfig', parts, problems, options);
}

/** The entry for this extension in an ExtensionSettings policy: true when there is one. */
function checkInstall(
  value: unknown,
  ids: readonly string[],
  where: string,
  urlKey: 'update_url' | 'install_url',
  problems: PolicyProblem[],
): boolean {
  if (!isRecord(value)) return false;
  let found = false;
  for (const [id, entry] of Object.entries(value)) {
    if (!ids.includes(id)) {
      // Another extension's entry is the organisation's business; only a stale id of ours is worth saying.
      if (
        CHROMIUM_ID.test(id) &&
        isRecord(entry) &&
        entry.installation_mode === 'force_installed' &&
        urlKey === 'update_url' &&
        /sobre/i.test(String(entry[urlKey] ?? ''))
      ) {
        problems.push({ where, key: id, source: 'file', code: 'other-extension-id', details: [id, ids.join(', ')] });
      }
      continue;
    }
    found = true;
    if (!isRecord(entry)) {
      problems.push({ where, key: id, source: 'file', code: 'install-entry', value: entry, details: [urlKey] });
      continue;
    }
    const mode = entry.installation_mode;
    const installs = mode === 'force_installed' || mode === 'normal_installed';
    const url = entry[urlKey];
    if (installs && (typeof url !== 'string' || !/^https?:\/\//.test(url)))
      problems.push({ where: `${where}.${id}`, key: urlKey, source: 'file', code: 'install-entry', value: url, details: [urlKey] });
  }
  return found;
}

function noPart(options: CheckOptions): PolicyProblem {
  return { where: '', key: '', source: 'file', code: 'no-extension-part', details: [[...options.chromiumIds, options.geckoId].join(', ')] };
}

function asSettings(value: unknown): Record<string, unknown> {
  return isRecord(value) ? value : { '*': value };
}

function finish(format: PolicyFormat, parts: PolicyPart[], problems: PolicyProblem[], options: CheckOptions): CheckResult {
  for (const part of parts) problems.push(...checkSettings(part, options.schema));
  return { format, parts, problems };
}

/**
 * One extension part: the schema first where Chromium reads it (what fails there never reaches the
 * extension), then the extension's parser on what is left, cross-setting rules included.
 */
export function checkSettings(part: PolicyPart, schema: SchemaNode): PolicyProblem[] {
  const problems: PolicyProblem[] = [];
  if ('*' in part.settings && Object.keys(part.settings).length === 1) {
    return [{ where: part.where, key: '*', source: 'extension', code: 'not-object', value: part.settings['*'] }];
  }
  const reaching: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(part.settings)) {
    const found = part.reader === 'firefox' ? [] : schemaProblems(schema.properties?.[key], value, key, part.where);
    if (found.length) problems.push(...found);
    else reaching[key] = value;
  }
  for (const entry of mergeSettings(undefined, reaching).invalidManaged) {
    problems.push({
      where: part.where,
      key: entry.key,
      source: 'extension',
      code: entry.code,
      value: entry.index !== undefined ? entry.item : reaching[entry.key],
      ...(entry.index !== undefined ? { index: entry.index } : {}),
    });
  }
  return problems;
}

/** Chromium's schema check for one value (its SchemaNode subset); empty when it passes. */
export function schemaProblems(node: SchemaNode | undefined, value: unknown, key: string, where: string, index?: number): PolicyProblem[] {
  const at = { where, key, source: 'schema' as const, value, ...(index !== undefined ? { index } : {}) };
  if (!node) return [{ ...at, code: 'schema-unknown-key' }];
  const typeFail = [{ ...at, code: 'schema-type' as const, details: [node.type] }];
  switch (node.type) {
    case 'boolean':
      return typeof value === 'boolean' ? [] : typeFail;
    case 'string':
      if (typeof value !== 'string') return typeFail;
      return !node.enum || node.enum.includes(value) ? [] : [{ ...at, code: 'schema-enum', details: [node.enum.join(', ')] }];
    case 'integer':
      if (typeof value !== 'number' || !Number.isInteger(value)) return typeFail;
      if ((node.minimum !== undefined && value < node.minimum) || (node.maximum !== undefined && value > node.maximum)) {
        return [{ ...at, code: 'schema-range', details: [String(node.minimum ?? '−∞'), String(node.maximum ?? '∞')] }];
      }
      return [];
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? [] : typeFail;
    case 'array':
      if (!Array.isArray(value)) return typeFail;
      return value.flatMap((item, i) => schemaProblems(node.items, item, key, where, i + 1));
    case 'object':
      if (!isRecord(value)) return typeFail;
      return Object.entries(value).flatMap(([k, v]) =>
        node.properties?.[k]
          ? schemaProblems(node.properties[k], v, `${key}.${k}`, where, index)
          : [{ ...at, key: `${key}.${k}`, value: v, code: 'schema-unknown-key' as const }],
      );
    default:
      return typeFail;
  }
}

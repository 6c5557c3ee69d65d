/**
 * A policy check's problems (shared/policy-check.ts) as messages: the options page shows them with
 * `t()`, `npm run check-policy` with the same catalogue read from public/_locales. No DOM, no browser API.
 */
import type { MessageKey } from '../shared/i18n.ts';
import type { PolicyProblem } from '../shared/policy-check.ts';
import { describeRaw, invalidSettingProblem, type Problem } from './fields.ts';

export function policyProblemMessage(problem: PolicyProblem, format: (n: number) => string = String): Problem {
  const d = problem.details ?? [];
  const simple: Partial<Record<PolicyProblem['code'], MessageKey>> = {
    'json-syntax': 'checkJsonSyntax',
    'json-trailing-comma': 'checkJsonTrailingComma',
    'reg-syntax': 'checkRegSyntax',
    'plist-syntax': 'checkPlistSyntax',
    'no-extension-part': 'checkNoExtensionPart',
    'other-extension-id': 'checkOtherExtensionId',
    'firefox-lowercase-extensions': 'checkFirefoxLowercaseExtensions',
    'chromium-capital-extensions': 'checkChromiumCapitalExtensions',
    'firefox-policies-disabled': 'checkFirefoxPoliciesDisabled',
    'install-entry': 'checkInstallEntry',
    'schema-type': 'checkSchemaType',
    'schema-enum': 'checkSchemaEnum',
    'schema-unknown-key': 'checkSchemaUnknownKey',
  };
  if (problem.code === 'schema-range') {
    return { message: 'checkSchemaRange', substitutions: d.map((n) => (/^-?\d+$/.test(n) ? format(Number(n)) : n)) };
  }
  const message = simple[problem.code];
  if (message) return { message, substitutions: d };
  // The extension's own verdict: the same words as the options page's list of ignored values.
  const entry = {
    key: problem.key,
    code: problem.code as Parameters<typeof invalidSettingProblem>[0]['code'],
    index: problem.index,
    item: problem.value,
  };
  return invalidSettingProblem(entry, problem.value, format);
}

export const SOURCE_MESSAGE: Record<PolicyProblem['source'], MessageKey> = {
  file: 'checkSourceFile',
  schema: 'checkSourceSchema',
  extension: 'checkSourceExtension',
};

/** The value as a short line, for a problem's "value received". */
export const describeProblemValue = (problem: PolicyProblem): string | null => ('value' in problem ? describeRaw(problem.value) : null);

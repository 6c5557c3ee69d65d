/**
 * The options page's policy check, loaded only when IT presses Check (so the page's first paint does
 * not carry the schema): the same module as `npm run check-policy`, with this extension's own id and
 * the schema the build ships, generated from the settings table.
 */
import { GECKO_ID } from '../../manifest.config.ts';
import { checkPolicyText, type CheckResult } from '../shared/policy-check.ts';
import { managedSchema } from '../shared/settings-schema.ts';

export function runPolicyCheck(text: string, runtimeId: string): CheckResult {
  // In Chromium runtime.id is the id policies name (the key's, or the store's); in Firefox it is the gecko id.
  const chromiumIds = /^[a-p]{32}$/.test(runtimeId) ? [runtimeId] : [];
  return checkPolicyText(text, { chromiumIds, geckoId: GECKO_ID, schema: managedSchema() });
}

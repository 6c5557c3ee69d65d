import type { OrganisationFactors } from '../model/co2.ts';
import type { Settings } from '../shared/settings.ts';

/**
 * The organisation's CO2 figures from settings, in the model's terms; null = ADEME's model.
 * Settings use 0 for "not set" (policy schemas have no null); the model takes an absent field.
 */
export function organisationFactors(settings: Settings): OrganisationFactors | null {
  const { gramsPerMbSent, gramsPerMbStoredPerYear, label } = settings.co2Override;
  if (gramsPerMbSent <= 0 && gramsPerMbStoredPerYear <= 0) return null;
  if (gramsPerMbSent <= 0) return null; // the model needs the per-MB sent figure to replace ADEME's
  return gramsPerMbStoredPerYear > 0 ? { gramsPerMbSent, gramsPerMbStoredPerYear, label } : { gramsPerMbSent, label };
}

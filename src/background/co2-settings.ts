import type { OrganisationFactors } from '../model/co2.ts';
import type { Settings } from '../shared/settings.ts';

/**
 * The organisation's CO2 figures from settings, in the model's terms; null = ADEME's model.
 * The settings parser has checked them (a storage figure without a sent figure never gets here);
 * settings use 0 for "not set" (policy schemas have no null), the model an absent field.
 */
export function organisationFactors(settings: Settings): OrganisationFactors | null {
  const { gramsPerMbSent, gramsPerMbStoredPerYear, label } = settings.co2Override;
  if (gramsPerMbSent <= 0) return null;
  return gramsPerMbStoredPerYear > 0 ? { gramsPerMbSent, gramsPerMbStoredPerYear, label } : { gramsPerMbSent, label };
}

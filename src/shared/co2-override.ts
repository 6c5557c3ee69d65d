/**
 * The bounds of the organisation's CO2 figures (setting `co2Override`), apart from the settings
 * table so that the always-loaded content script, which checks the banner's figures
 * (shared/attachment-estimate.ts), does not carry the whole table.
 */

/** The organisation's CO2 figures (g CO2e per MB) above this are a typo, refused with a reason. */
export const CO2_FIGURE_MAX = 10_000;
/**
 * Longest source label kept (longer is cut by the parser, once): the label is shown beside every
 * figure it produces, in the attachment banner, the popup and the options page, so all show the same text.
 */
export const CO2_LABEL_MAX = 120;

export interface Co2Override {
  /** Grams of CO2e per megabyte sent to one recipient; 0 = use ADEME's model. */
  gramsPerMbSent: number;
  /** Grams of CO2e per megabyte stored for a year; 0 = not counted apart. Needs gramsPerMbSent. */
  gramsPerMbStoredPerYear: number;
  /** Where the organisation's figures come from, shown next to every figure they produce. */
  label: string;
}

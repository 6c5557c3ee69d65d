import { CLEAR_TEXT_MESSAGES, startClearTextWarning } from '../features/clear-text-warning.ts';
import type { Feature } from '../features/types.ts';

/** Injected only into a webmail page loaded over http (not loopback): a warning before the password is typed. */
export const feature: Feature = {
  id: 'clearTextWarning',
  alwaysOn: true,
  messages: CLEAR_TEXT_MESSAGES,
  appliesTo: () => true,
  // Restarted on settings changes: IT naming the https address (or listing this one) reaches an open tab without reload.
  start: ({ settings, signal }) => startClearTextWarning(settings, signal),
};

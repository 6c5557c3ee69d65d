/**
 * The password nudge, injected only into frames that show a new-password field: it carries the
 * estimator and the French and English dictionaries (features/password-trigger.ts asks for it).
 */
export { passwordChange as feature } from '../features/password-change.ts';

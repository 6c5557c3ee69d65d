/**
 * The password nudge, injected only into frames that show a new-password field (features/password-trigger.ts
 * asks for it). Its policy and webmail rules answer at once; the estimator and its French and
 * English dictionaries come after its first view, as a script and a file of their own
 * (features/strength-words-loader.ts).
 */
export { passwordChange as feature } from '../features/password-change.ts';

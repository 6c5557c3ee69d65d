/** What other parts take from the bench: the content script's size budget (the e2e build check holds it). */
export { CONTENT_BUDGET_BYTES } from './sizes.ts';

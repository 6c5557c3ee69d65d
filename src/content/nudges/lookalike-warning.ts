/** Injected only into a webmail sign-in page at an address that is not the organisation's. */
export { lookalikeWarning as feature } from '../features/lookalike-warning.ts';

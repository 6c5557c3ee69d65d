import { runInjectedFeature } from './run-feature.ts';
import { lookalikeWarning } from '../features/lookalike-warning.ts';

// Injected by the background only into a webmail sign-in page at an address that is not the organisation's.
void runInjectedFeature(lookalikeWarning);

import { passwordChange } from '../features/password-change.ts';
import { runInjectedFeature } from './run-feature.ts';

// Injected by the background only into frames that show a new-password field: it carries the
// estimator and the French and English dictionaries (see src/content/features/password-trigger.ts).
void runInjectedFeature(passwordChange);

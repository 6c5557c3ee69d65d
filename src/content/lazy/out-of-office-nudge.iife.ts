import { outOfOffice } from '../features/out-of-office.ts';
import { runInjectedFeature } from './run-feature.ts';

// Injected by the background only into the webmail's out-of-office form (src/content/features/out-of-office.ts).
void runInjectedFeature(outOfOffice);

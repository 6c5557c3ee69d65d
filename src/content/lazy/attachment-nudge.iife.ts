import { runInjectedFeature } from './run-feature.ts';
import { attachmentWarning } from '../features/attachment-warning.ts';

void runInjectedFeature(attachmentWarning);

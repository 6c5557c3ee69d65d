/**
 * Entry of the estimator's injected script (STRENGTH_ESTIMATOR_SCRIPT): it only leaves its factory in
 * the isolated world, with the runtime that injected it, for the password nudge's loader to pick up
 * (content/features/strength-words-loader.ts). After an update the world may still hold an orphaned
 * version's factory: the runtime tells them apart.
 */
import { createDefaultStrengthEstimator } from '../../strength/dictionaries.ts';
import { ext } from '../../shared/ext.ts';
import { STRENGTH_ESTIMATOR_HANDOFF } from './script-file.ts';
import type { StrengthEstimatorHandoff } from '../features/strength-words-loader.ts';

(globalThis as unknown as Record<string, unknown>)[STRENGTH_ESTIMATOR_HANDOFF] = {
  runtime: ext.runtime,
  create: createDefaultStrengthEstimator,
} satisfies StrengthEstimatorHandoff;

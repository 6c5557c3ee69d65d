import { runInjectedFeature } from './run-feature.ts';
console.log('attachment chunk', typeof runInjectedFeature);

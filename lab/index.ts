/**
 * The lab: real webmails on 127.0.0.1 (Roundcube, SOGo and Horde on Debian's packages, a real
 * Dovecot with quotas, an SMTP sink) and the browser harness that drives the built extension in
 * real Chromium and Firefox. The end-to-end tests, the bench and `npm run lab` import it from here.
 */
export * from './stack.ts';
export { fillerMessage } from './dovecot.ts';
export * from './shared-labs.ts';
export { startSogoLab, type SogoLab } from './sogo.ts';
export { startHordeLab, type HordeLab } from './horde.ts';
export * from './browsers.ts';
export * from './user-settings.ts';
export * from './roundcube-page.ts';
export * from './plain-site.ts';

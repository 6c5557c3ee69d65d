/**
 * `npm run lab`: the same real webmail the end-to-end tests use, for manual trials.
 *   npm run lab -- --lang fr_FR --skin larry --quota 20 --fill 42
 * Prints the URL and the test accounts, and runs until Ctrl-C.
 */
import { parseArgs } from 'node:util';
import { startLab } from '../test/e2e/lab/webmail-lab.ts';

const { values } = parseArgs({
  options: {
    lang: { type: 'string', default: 'en_US' },
    skin: { type: 'string', default: 'elastic' },
    quota: { type: 'string', default: '20' },
    fill: { type: 'string' },
  },
});
if (values.skin !== 'elastic' && values.skin !== 'larry') throw new Error('--skin is elastic or larry');

const lab = await startLab({ language: values.lang, skin: values.skin, quotaMB: Number(values.quota) });
if (values.fill) for (const user of lab.users) await lab.fillMailbox(user.email, Number(values.fill));

console.log(`
Roundcube ${values.skin}, ${values.lang}:  ${lab.url}
IMAP (Dovecot, quota ${values.quota} MB):  127.0.0.1:${lab.imapPort}
Accounts:`);
for (const user of lab.users) console.log(`  ${user.email.padEnd(22)} password: ${user.password}`);
console.log(`
Load dist/chrome or dist/firefox in your browser, open the URL and sign in. Ctrl-C stops everything.`);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await lab.stop();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());

/**
 * `npm run lab`: the same real webmail the end-to-end tests use, for manual trials.
 *
 *   npm run lab -- --lang fr_FR --skin larry --quota 20 --fill 42
 *   npm run lab -- --skin fork_elastic        (a copy of elastic under another name, as a provider's own skin)
 *   npm run lab -- --webmail sogo --lang fr_FR
 *   npm run lab -- --webmail horde
 *
 * Prints the webmail's URL, the IMAP port and the test accounts, and runs until Ctrl-C (which stops
 * everything it started: lab/stack.ts, sogo.ts, horde.ts).
 * Runs under tsx (Node 20 has no --experimental-strip-types); it uses only erasable TypeScript,
 * so `node --experimental-strip-types scripts/lab.ts` works as well on Node >= 22.6.
 */
import { parseArgs } from 'node:util';
import { startHordeLab, startSogoLab, isRoundcubeSkin, LAB_PASSWORD_RULES, ROUNDCUBE_SKINS, startLab, type Lab } from '../lab/index.ts';

const USAGE = `Usage: npm run lab -- [--webmail roundcube|sogo|horde] [--lang en_US|fr_FR|…] [--skin elastic|larry|fork_elastic|fork_larry] [--quota MB] [--fill PERCENT]
  --webmail  roundcube (default), sogo (SOGo 5.8) or horde (Horde Webmail 5.2)
  --lang   the webmail's language (default en_US; SOGo and Horde: en_US or fr_FR)
  --skin   Roundcube only: elastic (default) or larry, or fork_elastic / fork_larry (a copy of it under another name)
  --quota  mailbox quota of each account in MB (default 20)
  --fill   fill every mailbox to this percentage of its quota (doveadm save)`;

function fail(message: string): never {
  console.error(`${message}\n\n${USAGE}`);
  process.exit(2);
}

let values: { webmail?: string; lang?: string; skin?: string; quota?: string; fill?: string; help?: boolean };
try {
  ({ values } = parseArgs({
    options: {
      webmail: { type: 'string', default: 'roundcube' },
      lang: { type: 'string', default: 'en_US' },
      skin: { type: 'string', default: 'elastic' },
      quota: { type: 'string', default: '20' },
      fill: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  }));
} catch (e) {
  fail((e as Error).message);
}
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const skin = values.skin;
if (skin === undefined || !isRoundcubeSkin(skin)) fail(`--skin is one of ${ROUNDCUBE_SKINS.join(', ')}, not "${skin}"`);
const quotaMB = Number(values.quota);
if (!Number.isFinite(quotaMB) || quotaMB <= 0) fail(`--quota takes a number of MB, not "${values.quota}"`);
const fill = values.fill === undefined ? undefined : Number(values.fill);
if (fill !== undefined && !(fill >= 0 && fill <= 110)) fail(`--fill takes a percentage (0-110), not "${values.fill}"`);
const language = values.lang ?? 'en_US';
const webmail = values.webmail;
if (webmail !== 'roundcube' && webmail !== 'sogo' && webmail !== 'horde') fail(`--webmail is roundcube, sogo or horde, not "${webmail}"`);
if (webmail !== 'roundcube' && language !== 'en_US' && language !== 'fr_FR')
  fail(`--lang for ${webmail} is en_US or fr_FR, not "${language}"`);
const lang = language === 'fr_FR' ? 'fr' : 'en';

let lab: Lab | undefined;
let stopping = false;
async function shutdown(code: number): Promise<void> {
  if (stopping) {
    // A second Ctrl-C: leave now; the lab module's exit handler still kills what it started.
    process.exit(130);
  }
  stopping = true;
  console.log('\nStopping the lab…');
  await lab?.stop();
  process.exit(code);
}
// Registered before starting, so a Ctrl-C during start-up also stops cleanly.
process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));

const started = Date.now();
try {
  lab =
    webmail === 'sogo'
      ? await startSogoLab({ lang, quotaMB })
      : webmail === 'horde'
        ? await startHordeLab({ lang, quotaMB })
        : await startLab({ language, skin, quotaMB });
  if (fill) for (const user of lab.users) await lab.fillToPercent(user.email, fill);
} catch (e) {
  // A Ctrl-C during start-up also interrupts doveadm: that failure is not news, shutdown() is running.
  if (stopping) await new Promise(() => undefined);
  console.error(e instanceof Error ? e.message : e);
  await lab?.stop();
  process.exit(1);
}
const quotas = await Promise.all(lab.users.map((u) => lab!.quotaGet(u.email)));
const row = (label: string, value: string) => `  ${label.padEnd(34)}${value}`;
console.log(
  [
    '',
    `Webmail lab ready in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    '',
    webmail === 'sogo'
      ? row(`SOGo 5.8 (${language})`, lab.url)
      : webmail === 'horde'
        ? row(`Horde Webmail 5.2 (${language})`, lab.url)
        : row(`Roundcube (${skin}, ${language})`, lab.url),
    row('IMAP (Dovecot)', `127.0.0.1:${lab.imapPort}`),
    row('ManageSieve', `127.0.0.1:${lab.sievePort}`),
    row('SMTP sink', `127.0.0.1:${lab.smtpPort}  (mail to the accounts below is delivered)`),
    row('Quota', `${quotaMB} MB per account`),
    row(
      'Password rules',
      `at least ${LAB_PASSWORD_RULES.minimumLength} characters, a number and a punctuation character (${
        webmail === 'sogo' ? 'Preferences > Password' : webmail === 'horde' ? 'gear menu > Password, /passwd/' : 'Settings > Password'
      })`,
    ),
    '',
    '  Accounts',
    ...lab.users.map((user, i) =>
      row(`  ${user.email}`, `password ${user.password.padEnd(18)} used ${quotas[i]!.usedKiB} KiB (${quotas[i]!.percent} %)`),
    ),
    '',
    row('Logs', `${lab.stateDir}/logs`),
    row('doveadm', `doveadm -c ${lab.stateDir}/dovecot.conf quota get -u ${lab.users[0]!.email}`),
    '',
    'Load dist/chrome or dist/firefox in your browser, open the URL and sign in. Ctrl-C stops everything.',
  ].join('\n'),
);

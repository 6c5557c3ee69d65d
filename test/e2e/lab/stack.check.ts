/**
 * Self-check of the webmail lab, as a plain script (exit code 0 = every check passed):
 *
 *   npx tsx test/e2e/lab/stack.check.ts
 *
 * It proves the lab is the real thing the end-to-end tests rely on, over plain HTTP and sockets (no
 * browser): Roundcube's login page and a real login, IMAP auth, the quota as doveadm and Roundcube
 * see it, Send through the SMTP sink into the other user's mailbox, the password plugin really
 * changing the Dovecot password, managesieve, a restart in French with larry, and a stop() that
 * leaves no process, port or file behind. Not a vitest file on purpose: it checks the stack, not the
 * extension, and runs without building anything.
 */
import { existsSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { LAB_PASSWORD_RULES, LAB_USERS, passesLabPasswordRules, startLab, type Lab, type LabUser } from './stack.ts';

const MiB = 1024 * 1024;
let failures = 0;
const timings: string[] = [];

function check(condition: boolean, what: string, detail = ''): void {
  if (condition) console.log(`  ok    ${what}`);
  else {
    failures++;
    console.log(`  FAIL  ${what}${detail ? `\n        ${detail}` : ''}`);
  }
}

async function timed<T>(label: string, fn: () => Promise<T>): Promise<T> {
  const t = Date.now();
  try {
    return await fn();
  } finally {
    timings.push(`${label}: ${Date.now() - t} ms`);
  }
}

/** A browser in miniature: a cookie jar and manual redirects, so each Roundcube step is visible. */
class Session {
  private jar = new Map<string, string>();
  constructor(private base: string) {}

  async request(path: string, init: { method?: string; form?: Record<string, string> } = {}): Promise<{ status: number; location: string | null; body: string }> {
    const res = await fetch(new URL(path, this.base), {
      method: init.method ?? (init.form ? 'POST' : 'GET'),
      body: init.form ? new URLSearchParams(init.form) : undefined,
      redirect: 'manual',
      headers: { cookie: [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ') },
    });
    for (const cookie of res.headers.getSetCookie()) {
      const pair = cookie.split(';')[0] ?? '';
      const eq = pair.indexOf('=');
      const [name, value] = [pair.slice(0, eq), pair.slice(eq + 1)];
      // Roundcube deletes cookies by setting them to "-del-" with a past expiry.
      if (value === '-del-' || /expires=Thu, 01[- ]Jan[- ]1970/i.test(cookie)) this.jar.delete(name);
      else this.jar.set(name, value);
    }
    return { status: res.status, location: res.headers.get('location'), body: await res.text() };
  }

  /** Roundcube's login form: GET for the CSRF token and session cookie, POST, follow to the mailbox. */
  async login(user: LabUser): Promise<{ status: number; body: string }> {
    const page = await this.request('/');
    const token = tokenOf(page.body);
    const post = await this.request('/?_task=login', {
      form: { _token: token, _task: 'login', _action: 'login', _timezone: 'UTC', _url: '', _user: user.email, _pass: user.password },
    });
    if (post.status !== 302 || !post.location) return { status: post.status, body: post.body };
    return this.request(post.location);
  }
}

function tokenOf(html: string): string {
  const token = /name="_token" value="([^"]+)"/.exec(html)?.[1];
  if (!token) throw new Error(`No _token in page: ${html.slice(0, 300)}`);
  return token;
}

const bodyClass = (html: string) => /<body class="([^"]*)"/.exec(html)?.[1] ?? '';
/** `rcmail.env.task` from the boot script: larry's server HTML has a bare <body> (its class is set by JS). */
const taskOf = (html: string) => /rcmail\.set_env\(\{"task":"(\w+)"/.exec(html)?.[1] ?? '';
/** `rcmail.set_quota({...})` in the page's boot script: what the quota widget is built from. */
const pageQuota = (html: string) => {
  const json = /set_quota\((\{.*?\})\);/.exec(html)?.[1];
  return json ? (JSON.parse(json) as { used: number; total: number; percent: number; title: string }) : null;
};
/** Roundcube's on-page messages (errors included) from the boot script. */
const pageMessages = (html: string) => [...html.matchAll(/display_message\("((?:[^"\\]|\\.)*)","(\w+)"/g)].map((m) => `${m[2]}: ${m[1]}`);

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Alive and not a zombie (an exited child waiting for PID 1 to reap it runs nothing). */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

async function waitFor<T>(fn: () => T | Promise<T>, ok: (v: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await fn();
  while (!ok(value) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
    value = await fn();
  }
  return value;
}

async function main(): Promise<void> {
  console.log('Starting the webmail lab…');
  const lab: Lab = await timed('startLab (Dovecot + Roundcube + SMTP sink, ready)', () => startLab({ quotaMB: 20 }));
  const [alice, bob] = lab.users as [LabUser, LabUser];
  let stopped = false;
  try {
    console.log(`Roundcube ${lab.url}, IMAP ${lab.imapPort}, state ${lab.stateDir}`);

    console.log('Roundcube');
    const loginPage = await fetch(lab.url);
    const loginHtml = await loginPage.text();
    check(loginPage.status === 200, 'login page answers 200', `status ${loginPage.status}`);
    check(loginHtml.includes('id="rcmloginuser"') && bodyClass(loginHtml).includes('task-login'), 'it is the login form (#rcmloginuser, body.task-login)');
    check(loginHtml.includes('skins/elastic/'), 'default skin is elastic');

    console.log('Dovecot');
    check(await lab.imapLogin(alice.email, alice.password), 'IMAP LOGIN alice with her password');
    check(!(await lab.imapLogin(alice.email, 'wrong-password')), 'IMAP LOGIN alice with a wrong password is refused');
    check(await lab.imapLogin(bob.email, bob.password), 'IMAP LOGIN bob');

    console.log('Quota');
    const empty = await lab.quotaGet(alice.email);
    check(empty.usedKiB === 0 && empty.limitKiB === 20 * 1024, 'empty mailbox: 0 of 20480 KiB', JSON.stringify(empty));
    await timed('fillToPercent(alice, 42)', () => lab.fillToPercent(alice.email, 42));
    const q42 = await lab.quotaGet(alice.email);
    check(q42.percent === 42, 'doveadm quota get: 42 % after fillToPercent(42)', JSON.stringify(q42));
    check(Math.round((q42.usedKiB / q42.limitKiB) * 100) === 42, "Roundcube's rounding of the same figures: 42 %");
    const target = 5 * MiB + 12_345;
    await timed('fillMailbox(bob, 5 MiB + 12345 B)', () => lab.fillMailbox(bob.email, target));
    const bobUsed = await lab.usedBytes(bob.email);
    const bobQuota = await lab.quotaGet(bob.email);
    check(bobUsed >= target && bobUsed < target + 1024, `fillMailbox(bytes) lands on the byte count: ${bobUsed} for ${target}`);
    // Dovecot reports KiB rounded up (so does IMAP GETQUOTAROOT, which Roundcube shows).
    check(bobQuota.usedKiB === Math.ceil(bobUsed / 1024), `the quota counts the same virtual size: ${bobQuota.usedKiB} KiB (rounded up)`);
    await timed('emptyMailbox(bob)', () => lab.emptyMailbox(bob.email));
    check((await lab.quotaGet(bob.email)).usedKiB === 0, 'emptyMailbox(bob) brings the quota back to 0');

    console.log('Roundcube login (HTTP, as the form does)');
    const web = new Session(lab.url);
    const mailbox = await timed('Roundcube login (GET + POST + mailbox)', () => web.login(alice));
    check(mailbox.status === 200 && bodyClass(mailbox.body).includes('task-mail'), 'login leads to the mailbox (body.task-mail)', `status ${mailbox.status}, body class "${bodyClass(mailbox.body)}", ${pageMessages(mailbox.body).join(' | ')}`);
    check(mailbox.body.includes('"quota":true'), 'Dovecot announces QUOTA: rcmail.env.quota is true');
    const shown = pageQuota(mailbox.body);
    check(shown?.percent === 42 && shown.total === 20480 && shown.used === q42.usedKiB, `quota widget data: ${shown?.title}`, JSON.stringify(shown));
    check(!!shown && /^Disk usage: 8\.4 MB \/ 20 MB \(42%\)$/.test(shown.title), 'widget title reads "Disk usage: 8.4 MB / 20 MB (42%)"');
    const badLogin = await new Session(lab.url).login({ ...alice, password: 'wrong-password' });
    check(taskOf(badLogin.body) === 'login', 'a wrong password stays on the login page');

    console.log('Send (compose → SMTP sink → dovecot-lda → bob)');
    const compose = await web.request('/?_task=mail&_action=compose');
    const composePage = compose.location ? await web.request(compose.location) : compose;
    const composeId = /name="_id" value="([^"]+)"/.exec(composePage.body)?.[1];
    const identity = /<select name="_from"[\s\S]*?<option value="(\d+)"/.exec(composePage.body)?.[1];
    check(!!composeId && !!identity, 'compose page has a compose id and an identity', `id ${composeId}, identity ${identity}`);
    const subject = `Lab check ${Date.now()}`;
    const send = await timed('Roundcube send', () =>
      web.request('/?_task=mail&_unlock=loading1&_framed=1', {
        form: {
          _token: tokenOf(composePage.body), _task: 'mail', _action: 'send', _id: composeId ?? '', _attachments: '', _from: identity ?? '',
          _to: bob.email, _cc: '', _bcc: '', _replyto: '', _followupto: '', _subject: subject, _priority: '0', _store_target: 'Sent',
          _draft_saveid: '', _draft: '', _is_html: '0', _framed: '1', _message: 'Hello Bob, this is the lab self-check.',
        },
      }),
    );
    check(send.status === 200 && send.body.includes('sent_successfully'), 'Roundcube reports the message sent', `${send.status} ${pageMessages(send.body).join(' | ')}`);
    const mail = lab.sent.find((m) => m.headers.includes(subject));
    check(!!mail && mail.from === alice.email && mail.to.join() === bob.email, 'the sink recorded it (envelope alice → bob)', JSON.stringify(mail && { from: mail.from, to: mail.to }));
    check(!!mail && mail.delivered.includes(bob.email) && !mail.deliveryError, 'and delivered it to bob through dovecot-lda', mail?.deliveryError);
    check(!!mail && existsSync(mail.file) && readFileSync(mail.file, 'latin1').includes('this is the lab self-check'), 'the whole message is saved in the state dir');
    const bobStatus = await lab.doveadm(['-f', 'flow', 'mailbox', 'status', '-u', bob.email, 'messages', 'INBOX']);
    check(/messages=1\b/.test(bobStatus), "bob's INBOX holds it", bobStatus.trim());
    const aliceSent = await lab.doveadm(['-f', 'flow', 'mailbox', 'status', '-u', alice.email, 'messages', 'Sent']);
    check(/messages=1\b/.test(aliceSent), "Roundcube saved a copy in alice's Sent", aliceSent.trim());

    // Before the password change: Roundcube logs in to ManageSieve with the session's password.
    console.log('Managesieve');
    const vacation = await web.request('/?_task=settings&_action=plugin.managesieve-vacation');
    const sieveErrors = pageMessages(vacation.body).filter((m) => m.startsWith('error'));
    check(vacation.status === 200 && vacation.body.includes('id="vacationform"') && sieveErrors.length === 0, 'Settings > Out of office loads from ManageSieve', sieveErrors.join(' | '));

    console.log('Password plugin (dovecot_passwdfile)');
    const passwordPage = await web.request('/?_task=settings&_action=plugin.password');
    check(passwordPage.status === 200 && passwordPage.body.includes('id="newpasswd"') && passwordPage.body.includes('id="curpasswd"'), 'Settings > Password shows #curpasswd and #newpasswd');
    // The rules a real provider prints (issue 13): Roundcube lists them in #ruleslist above the form.
    const rules = /<ul id="ruleslist"[^>]*>([\s\S]*?)<\/ul>/.exec(passwordPage.body)?.[1] ?? '';
    check(rules.includes(`Password must be at least ${LAB_PASSWORD_RULES.minimumLength} characters long.`), `#ruleslist states the ${LAB_PASSWORD_RULES.minimumLength}-character minimum`, rules);
    check(rules.includes('Password must include at least one number and one punctuation character.'), '#ruleslist states the number-and-punctuation rule (password_minimum_score 2)', rules);
    check(LAB_USERS.every((u) => passesLabPasswordRules(u.password)), "every lab account's password passes the lab's own rules");
    const refusals: Array<[string, string, string]> = [
      ['Sh0rt-1!x', `at least ${LAB_PASSWORD_RULES.minimumLength} characters`, 'a 9-character password is refused (password_minimum_length)'],
      ['Cheval7Batterie9Agrafe', 'Password too weak.', 'a long password without punctuation is refused (password_minimum_score)'],
      ['Cheval-Batterie-Agrafe', 'Password too weak.', 'a long password without a digit is refused (password_minimum_score)'],
    ];
    let token = tokenOf(passwordPage.body);
    for (const [refused, message, what] of refusals) {
      check(!passesLabPasswordRules(refused), `passesLabPasswordRules agrees: ${refused} fails`);
      const answer = await web.request('/?_task=settings&_action=plugin.password-save', {
        form: { _token: token, _curpasswd: alice.password, _newpasswd: refused, _confpasswd: refused },
      });
      check(pageMessages(answer.body).some((m) => m.startsWith('error') && m.includes(message)), what, pageMessages(answer.body).join(' | '));
      token = tokenOf(answer.body);
    }
    check(await lab.imapLogin(alice.email, alice.password), 'after those refusals Dovecot still takes the old password');
    const newPassword = 'Changed-by-check-42!';
    check(passesLabPasswordRules(newPassword), `passesLabPasswordRules agrees: ${newPassword} passes`);
    const save = await web.request('/?_task=settings&_action=plugin.password-save', {
      form: { _token: token, _curpasswd: alice.password, _newpasswd: newPassword, _confpasswd: newPassword },
    });
    check(pageMessages(save.body).some((m) => m.startsWith('confirmation')), 'Roundcube says the password was saved', pageMessages(save.body).join(' | '));
    // Dovecot looks at the passwd-file at most once a second: the new password may need that long.
    const accepted = await timed('new password accepted by Dovecot', () => lab.waitForImapLogin(alice.email, newPassword, 3000).then(() => true, () => false));
    check(accepted, 'Dovecot accepts the new password (within 3 s)');
    check(!(await lab.imapLogin(alice.email, alice.password)), 'and refuses the old one');
    await timed('setPassword (until Dovecot accepts it)', () => lab.setPassword(alice.email, 'Lab-Alice-2024!x'));
    check(await lab.imapLogin(alice.email, 'Lab-Alice-2024!x'), 'setPassword() restores it');

    console.log('Restart Roundcube in French with larry');
    await timed('restartRoundcube(fr_FR, larry)', () => lab.restartRoundcube({ language: 'fr_FR', skin: 'larry' }));
    const frSession = new Session(lab.url);
    const fr = await frSession.login(alice);
    const frQuota = pageQuota(fr.body);
    check(fr.body.includes('skins/larry/') && taskOf(fr.body) === 'mail', 'same URL, larry skin, login works', `task "${taskOf(fr.body)}"`);
    // Roundcube 1.6 localises the label and the units, not the decimal point.
    check(frQuota?.title === 'Utilisation du disque: 8.4 Mo / 20 Mo (42%)', `French quota title: ${frQuota?.title}`);
    const frPassword = await frSession.request('/?_task=settings&_action=plugin.password');
    check(
      frPassword.body.includes(`Le mot de passe doit comporter au moins ${LAB_PASSWORD_RULES.minimumLength} caractères.`) &&
        frPassword.body.includes('Le mot de passe doit comporter au moins un chiffre et un signe de ponctuation.'),
      'the password rules are listed in French too',
    );
    await lab.restartRoundcube({ env: { password_minimum_length: '12' } });
    const env = new Session(lab.url);
    await env.login(alice);
    const strict = await env.request('/?_task=settings&_action=plugin.password');
    check(strict.body.includes('at least 12 characters') && strict.body.includes('skins/elastic/'), 'restartRoundcube({env}) sets ROUNDCUBE_PASSWORD_MINIMUM_LENGTH=12, back to elastic');

    console.log('Stop');
    const pids = lab.processIds();
    check(pids.length >= 5, `the lab runs ${pids.length} processes (Dovecot and children, PHP workers, watchdog)`);
    const ports = [lab.imapPort, lab.sievePort, lab.smtpPort, Number(new URL(lab.url).port)];
    await timed('stop()', () => lab.stop());
    stopped = true;
    const left = await waitFor(() => pids.filter(alive), (l) => l.length === 0, 3000);
    check(left.length === 0, 'no process left behind', `still alive: ${left.join(', ')}`);
    const open = (await Promise.all(ports.map(portOpen))).filter(Boolean).length;
    check(open === 0, 'no port left open', `${open} of ${ports.length} still accept connections`);
    check(!existsSync(lab.stateDir), 'the temp dir is gone');
  } finally {
    if (!stopped) {
      if (failures) console.log(lab.logs());
      await lab.stop();
    }
  }
}

main()
  .catch((e) => {
    failures++;
    console.error(e);
  })
  .finally(() => {
    console.log(`\nTimings:\n  ${timings.join('\n  ')}`);
    console.log(failures ? `\nlab check: ${failures} FAILED` : '\nlab check: all passed');
    process.exit(failures ? 1 : 0);
  });

/** Roundcube's configuration for one lab (the stack that runs it: stack.ts). */
import type { Ports } from './dovecot.ts';
import { LAB_PASSWORD_RULES, type RoundcubeOptions } from './stack.ts';

function phpString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

export function roundcubeConfig(state: string, ports: Ports, desKey: string, options: RoundcubeOptions): string {
  const extra = options.config ? JSON.stringify(options.config) : '';
  return `<?php
// Written by lab/roundcube.ts for one lab. Debian's plugin config files are empty arrays, so plugin
// options live here (a non-empty plugin file would be merged after this one and win).
$config = [];
$config['db_dsnw'] = ${phpString(`sqlite:///${state}/roundcube/roundcube.sqlite?mode=0640`)};
$config['imap_host'] = ${phpString(`127.0.0.1:${ports.imap}`)};
// Our sink does not offer AUTH: an empty user makes Roundcube skip it.
$config['smtp_host'] = ${phpString(`127.0.0.1:${ports.smtp}`)};
$config['smtp_user'] = '';
$config['smtp_pass'] = '';
// Exactly 24 characters for the default DES-EDE3-CBC cipher.
$config['des_key'] = ${phpString(desKey)};
$config['log_dir'] = ${phpString(`${state}/logs/roundcube/`)};
$config['temp_dir'] = ${phpString(`${state}/roundcube/temp/`)};
$config['enable_installer'] = false;
// Spellcheck would call out to the internet (none here).
$config['enable_spellcheck'] = false;
$config['product_name'] = 'Roundcube Webmail';
$config['skin'] = ${phpString(options.skin ?? 'elastic')};
$config['language'] = ${phpString(options.language ?? 'en_US')};
$config['plugins'] = ['password', 'managesieve'];
$config['max_message_size'] = '100M';
// Tests log in with wrong passwords on purpose (after a password change): no 3-per-minute lockout.
$config['login_rate_limit'] = 0;

// Password plugin: really changes the password Dovecot checks.
$config['password_driver'] = 'dovecot_passwdfile';
$config['password_dovecot_passwdfile_path'] = ${phpString(`${state}/users.passwd`)};
$config['password_algorithm'] = 'sha512-crypt';
$config['password_algorithm_prefix'] = '{SHA512-CRYPT}';
$config['password_confirm_current'] = true;
// Configured like a real provider's (issue 13): a minimum above Roundcube's default 8, and a minimum
// score. Without a strength driver, password.php _check_strength() gives score 1 to a password that
// lacks an ASCII digit [0-9] or a char outside [A-Za-z0-9], else 5: with 2 Roundcube prints the rule
// "Password must include at least one number and one punctuation character." (li.strength-rule in
// #ruleslist) and refuses such a password server side. The length is PHP strlen(): bytes, not characters.
// Checked in /usr/share/roundcube/plugins/password/password.php (roundcube-plugins 1.6.5, Debian 12).
$config['password_minimum_length'] = ${LAB_PASSWORD_RULES.minimumLength};
$config['password_minimum_score'] = ${LAB_PASSWORD_RULES.minimumScore};

// Managesieve: Roundcube 1.6 takes the port in the host (there is no managesieve_port any more).
$config['managesieve_host'] = ${phpString(`127.0.0.1:${ports.sieve}`)};
// 1 = filters and the Vacation page.
$config['managesieve_vacation'] = 1;
${extra ? `\n// Options given by the test.\n$config = array_merge($config, json_decode(${phpString(extra)}, true));\n` : ''}`;
}

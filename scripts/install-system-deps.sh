#!/usr/bin/env bash
# Installs the Debian packages the tests need (browsers and the webmail stack), only those missing.
# As root it installs them; otherwise it names them and fails, never skipping a test layer silently.
set -euo pipefail

packages=(
  chromium firefox-esr fonts-dejavu-core
  # French UI resources: without them both browsers give extensions English (the French scenarios need French).
  chromium-l10n firefox-esr-l10n-fr
  dovecot-core dovecot-imapd dovecot-managesieved dovecot-sieve
  roundcube-core roundcube-plugins roundcube-skin-larry roundcube-sqlite3
  php-cli php-sqlite3 php-mbstring php-intl php-xml
  # SOGo lab (lab/sogo.ts): SOGo, its own PostgreSQL cluster and memcached started in a temp
  # dir; dovecot-pgsql lets the lab's Dovecot read SOGo's user table (one password for both).
  sogo memcached postgresql dovecot-pgsql
  # Horde lab (lab/horde.ts): Horde Webmail (horde + IMP) and Passwd for the password page;
  # locales for localedef (Horde translates through setlocale: the lab compiles fr_FR/en_US privately).
  php-horde-webmail php-horde-passwd locales
  zip
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
  echo "Missing Debian packages: ${missing[*]}" >&2
  echo "Install them as root: apt-get install -y --no-install-recommends ${missing[*]}" >&2
  exit 1
fi

echo "Installing Debian packages: ${missing[*]}"
# Package scripts would start the system Dovecot on 0.0.0.0:143 (and memcached, PostgreSQL, sogod);
# our tests start their own on loopback.
created_policy=0
if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
  chmod +x /usr/sbin/policy-rc.d
  created_policy=1
fi
trap '[ $created_policy -eq 1 ] && rm -f /usr/sbin/policy-rc.d' EXIT
# Roundcube must not create Debian's own database: the lab writes its own SQLite file in a temp dir.
echo 'roundcube-core roundcube/dbconfig-install boolean false' | debconf-set-selections
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "Installed."

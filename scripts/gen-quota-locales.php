<?php
// Dumps, for every language Roundcube ships, the labels its quota widget uses (title label, the
// "unknown"/"unlimited" states and the size units), with Roundcube's own en_US fallback applied.
// Run: php scripts/gen-quota-locales.php > src/model/quota-locales.json
$dir = $argv[1] ?? '/usr/share/roundcube/program/localization';
$keys = ['quota', 'unknown', 'unlimited', 'B', 'KB', 'MB', 'GB'];
$load = function ($lang) use ($dir) { $labels = []; include "$dir/$lang/labels.inc"; return $labels; };
$en = $load('en_US');
$out = [];
foreach (scandir($dir) as $lang) {
  if (!is_file("$dir/$lang/labels.inc")) continue;
  $labels = array_merge($en, $load($lang));
  $row = [];
  foreach ($keys as $k) $row[$k] = $labels[$k];
  $out[$lang] = $row;
}
echo json_encode($out, JSON_PRETTY_PRINT | JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES), "\n";

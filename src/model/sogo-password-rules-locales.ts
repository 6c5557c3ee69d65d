// GENERATED FILE — do not edit by hand.
// Made by `npx tsx scripts/gen-sogo-password-rules-locales.ts /usr/share/GNUstep/SOGo/PreferencesUI.SOGo/Resources` from SOGo 5.8.0 (Debian sogo-common 5.8.0-2+deb12u4)
// (PreferencesUI.SOGo/Resources/*.lproj/Localizable.strings; whitespace collapsed). 43 languages ship,
// 6 translate the password policy labels (Danish, English, French, Hungarian, NorwegianBokmal, Serbian); the others show one of these.
// Every distinct text of each label, all languages together: the page's language is not needed to recognise a rule.
// `%{0}` is the policy's value, printed by NSNumber's stringValue (ASCII digits).

export const SOGO_PASSWORD_RULES_VERSION = "5.8.0";

export const SOGO_PASSWORD_RULE_TEXTS = {
  POLICY_MIN_LENGTH: [
    "Minimumlængde på %{0} tegn",
    "Minimum length of %{0} characters",
    "Longueur d'au moins %{0} caractère(s)",
    "Legalább %{0} karakter",
    "Minimum %{0} karakterer",
    "Минимална дужина је %{0} карактера",
  ],
  POLICY_MIN_LOWERCASE_LETTER: [
    "Minimum på %{0} små bogstaver",
    "Minimum of %{0} lowercase letter",
    "Au moins %{0} lettre(s) minuscule(s)",
    "Legalább %{0} kisbetű",
    "Minst %{0} liten bokstav",
    "Минимум %{0} малих слова",
  ],
  POLICY_MIN_UPPERCASE_LETTER: [
    "Minimum på %{0} store bogstaver",
    "Minimum of %{0} uppercase letter",
    "Au moins %{0} lettre(s) majuscule(s)",
    "Legalább %{0} nagybetű",
    "Minst %{0} stor bokstav",
    "Минимум %{0} великих слова",
  ],
  POLICY_MIN_DIGIT: [
    "Minimum på %{0} ciffer",
    "Minimum of %{0} digit",
    "Au moins %{0} chiffre(s)",
    "Legalább %{0} szám",
    "Minst %{0} tall",
    "Минимум %{0} бројева",
  ],
  POLICY_MIN_SPECIAL_SYMBOLS: [
    "Minimum på %{0} specielle symboler",
    "Minimum of %{0}special symbols",
    "Au moins %{0} caractère(s) special(aux)",
    "Legalább %{0} különleges karakter",
    "Minst %{0} spesialtegn",
    "Минимум %{0} специјалних карактера",
  ],
} as const;

import { t } from '../shared/i18n.ts';

export function Options() {
  return (
    <main>
      <h1>{t('optionsTitle')}</h1>
    </main>
  );
}

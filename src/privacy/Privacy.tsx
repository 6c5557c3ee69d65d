import { ext } from '../shared/ext.ts';
import { t } from '../shared/i18n.ts';
import { PRIVACY_SECTIONS, PRIVACY_SUMMARY } from './content.ts';

/** What the extension reads, keeps and sends (nothing), and why it asks for each permission. */
export function Privacy() {
  return (
    <main class="privacy">
      <h1>{t('optionsPrivacyTitle')}</h1>
      <p class="summary">{t(PRIVACY_SUMMARY)}</p>
      {PRIVACY_SECTIONS.map((section) => (
        <section key={section.id} id={section.id} aria-labelledby={`${section.id}-heading`}>
          <h2 id={`${section.id}-heading`}>{t(section.heading)}</h2>
          {section.intro ? <p>{t(section.intro)}</p> : null}
          {section.items ? (
            <ul>
              {section.items.map((key) => (
                <li key={key}>{t(key)}</li>
              ))}
            </ul>
          ) : null}
          {section.outro ? <p>{t(section.outro)}</p> : null}
        </section>
      ))}
      <p>
        <a href={ext.runtime.getURL('src/options/index.html')}>{t('optionsPrivacyBack')}</a>
      </p>
    </main>
  );
}

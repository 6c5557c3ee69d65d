import { render } from 'preact';
import { t, uiLocale } from '../shared/i18n.ts';
import { Privacy } from './Privacy.tsx';
import '../options/options.css';

document.documentElement.lang = uiLocale();
document.title = t('optionsPrivacyTitle');
render(<Privacy />, document.getElementById('app')!);

import { render } from 'preact';
import { t, uiLocale } from '../shared/i18n.ts';
import { Options } from './Options.tsx';
import './options.css';

document.documentElement.lang = uiLocale();
document.title = t('optionsTitle');
render(<Options />, document.getElementById('app')!);

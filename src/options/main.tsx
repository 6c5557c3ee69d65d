import { render } from 'preact';
import { uiLocale } from '../shared/i18n.ts';
import { Options } from './Options.tsx';
import './options.css';

document.documentElement.lang = uiLocale();
render(<Options />, document.getElementById('app')!);

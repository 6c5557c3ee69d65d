import { render } from 'preact';
import { uiLocale } from '../shared/i18n.ts';
import { Popup } from './Popup.tsx';
import './popup.css';

document.documentElement.lang = uiLocale();
render(<Popup />, document.getElementById('app')!);

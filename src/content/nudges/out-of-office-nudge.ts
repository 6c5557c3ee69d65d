/** Advice on the out-of-office reply, injected only into the webmail's out-of-office form. */
export { outOfOffice as feature } from '../features/out-of-office.ts';

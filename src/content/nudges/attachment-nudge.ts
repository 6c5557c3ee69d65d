/** Big attachments, injected into compose pages (features/attachment-warning.ts). */
export { attachmentWarning as feature } from '../features/attachment-warning.ts';

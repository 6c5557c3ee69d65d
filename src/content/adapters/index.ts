/**
 * Every webmail the extension knows, in the order recognition tries them (content/recognise.ts). A
 * new webmail is one adapter file and one line here, with its pages saved in test/fixtures/<id>/
 * (test/dom/adapter-registry.test.ts proves each adapter takes its own pages and no one else's).
 * The generic adapter comes last: it matches only addresses IT listed, whatever the page looks like.
 */
import { roundcubeAdapter } from './roundcube.ts';
import { sogoAdapter } from './sogo.ts';
import { hordeAdapter } from './horde.ts';
import { genericAdapter } from './generic.ts';

export const ADAPTERS = [roundcubeAdapter, sogoAdapter, hordeAdapter, genericAdapter] as const;

export type WebmailId = (typeof ADAPTERS)[number]['id'];

const BY_ID = new Map<string, (typeof ADAPTERS)[number]>(ADAPTERS.map((adapter) => [adapter.id, adapter]));

export const isWebmailId = (value: unknown): value is WebmailId => typeof value === 'string' && BY_ID.has(value);

export function adapterOf(id: WebmailId): (typeof ADAPTERS)[number] {
  return BY_ID.get(id)!;
}

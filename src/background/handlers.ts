import type browser from 'webextension-polyfill';
import type { Message, MessageType } from '../shared/messages.ts';
import { injectFeature } from './inject.ts';

type MessageOf<T extends MessageType> = Extract<Message, { type: T }>;

export interface Handler<T extends MessageType> {
  /** Who may send it: a content script of ours in a tab, or one of our extension pages. */
  from: 'content' | 'extension';
  handle(message: MessageOf<T>, sender: browser.Runtime.MessageSender): Promise<unknown>;
}

export type HandlerMap = { [T in MessageType]?: Handler<T> };

/** One handler per message type the background answers. */
export const HANDLERS: HandlerMap = {
  'inject-feature': {
    from: 'content',
    handle: (message, sender) => injectFeature(message.feature, sender.tab!.id!, sender.frameId ?? 0),
  },
};

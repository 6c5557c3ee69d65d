/**
 * Chromium with the extension, driven over a bare DevTools pipe: only the domains a measurement
 * asks for are enabled. Playwright enables the Network domain on every page (and worker) it sees,
 * so that it can report requests; Chromium then reports every chunk of every response to it, which
 * users never pay for. Measured on the first-ready of the password nudge (2026-11-27, same build,
 * 4 alternating rounds of 6 warm pages): medians 148–171 ms under Playwright, 132–147 ms over this
 * pipe, the word lists' bytes being what arrives later. Timings that depend on the page's network
 * traffic are taken here.
 *
 * The pipe is Chromium's `--remote-debugging-pipe`: JSON messages separated by NUL on file
 * descriptors 3 (to the browser) and 4 (from it); no WebSocket, no dependency.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { chromiumArgs, CHROMIUM_EXECUTABLE } from '../lab/index.ts';
import { sleep } from './lib.ts';

interface Message {
  id?: number;
  method?: string;
  params?: Record<string, unknown>;
  result?: Record<string, unknown>;
  error?: { message: string };
  sessionId?: string;
}

export interface ExecutionContext {
  id: number;
  origin: string;
  auxData?: { type?: string; frameId?: string; isDefault?: boolean };
}

export interface BarePage {
  targetId: string;
  sessionId: string;
  /** Its execution contexts, as they are created (the content scripts' isolated worlds among them). */
  contexts: ExecutionContext[];
  close(): Promise<void>;
}

export class BareChromium {
  private nextId = 0;
  private readonly pending = new Map<number, { resolve: (m: Message) => void; reject: (e: Error) => void }>();
  private readonly listeners = new Set<(m: Message) => void>();
  private buffer = '';

  private constructor(
    private readonly process: ChildProcess,
    private readonly profileDir: string,
  ) {
    const output = process.stdio[4] as Readable;
    output.setEncoding('utf8');
    output.on('data', (text: string) => {
      this.buffer += text;
      let end: number;
      while ((end = this.buffer.indexOf('\0')) >= 0) {
        const message = JSON.parse(this.buffer.slice(0, end)) as Message;
        this.buffer = this.buffer.slice(end + 1);
        const waiting = message.id === undefined ? undefined : this.pending.get(message.id);
        if (waiting) {
          this.pending.delete(message.id as number);
          if (message.error) waiting.reject(new Error(message.error.message));
          else waiting.resolve(message);
        } else for (const listener of this.listeners) listener(message);
      }
    });
  }

  /** Starts Chromium with the unpacked extension in `extensionDir`; resolves once its worker runs. */
  static async launch(extensionDir: string): Promise<BareChromium> {
    const profileDir = mkdtempSync(join(tmpdir(), 'sobre-bare-chromium-'));
    const child = spawn(
      CHROMIUM_EXECUTABLE,
      [
        ...chromiumArgs({ extensionDir, locale: 'en' }),
        '--headless',
        `--user-data-dir=${profileDir}`,
        '--remote-debugging-pipe',
        'about:blank',
      ],
      {
        stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe'],
      },
    );
    const browser = new BareChromium(child, profileDir);
    await browser.extensionOrigin();
    return browser;
  }

  send<T = Record<string, unknown>>(method: string, params: Record<string, unknown> = {}, sessionId?: string): Promise<T> {
    const id = ++this.nextId;
    return new Promise<Message>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      (this.process.stdio[3] as Writable).write(`${JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) })}\0`);
    }).then((m) => m.result as T);
  }

  on(listener: (m: Message) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** `chrome-extension://<id>`, from the extension's service worker target. */
  async extensionOrigin(timeoutMs = 15_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const { targetInfos } = await this.send<{ targetInfos: { type: string; url: string }[] }>('Target.getTargets');
      const worker = targetInfos.find((t) => t.type === 'service_worker' && t.url.startsWith('chrome-extension://'));
      const origin = worker && /^chrome-extension:\/\/[a-p]{32}/.exec(worker.url)?.[0];
      if (origin) return origin;
      await sleep(50);
    }
    throw new Error("the extension's service worker did not start");
  }

  /**
   * A new tab, attached (flat session), with only the Runtime domain enabled (its execution
   * contexts are collected in `contexts`), then sent to `url` if given.
   */
  async newPage(url?: string): Promise<BarePage> {
    const { targetId } = await this.send<{ targetId: string }>('Target.createTarget', { url: 'about:blank' });
    const { sessionId } = await this.send<{ sessionId: string }>('Target.attachToTarget', { targetId, flatten: true });
    const contexts: ExecutionContext[] = [];
    const stopListening = this.on((m) => {
      if (m.sessionId === sessionId && m.method === 'Runtime.executionContextCreated')
        contexts.push((m.params as { context: ExecutionContext }).context);
    });
    await this.send('Runtime.enable', {}, sessionId);
    if (url) await this.send('Page.navigate', { url }, sessionId);
    return {
      targetId,
      sessionId,
      contexts,
      close: async () => {
        stopListening();
        await this.send('Target.closeTarget', { targetId });
      },
    };
  }

  /** Evaluates `expression` (awaiting a promise) and returns its value; throws what it throws. */
  async evaluate<T>(sessionId: string, expression: string, contextId?: number): Promise<T> {
    const { result, exceptionDetails } = await this.send<{
      result: { value?: T };
      exceptionDetails?: { exception?: { description?: string }; text: string };
    }>(
      'Runtime.evaluate',
      { expression, awaitPromise: true, returnByValue: true, ...(contextId === undefined ? {} : { contextId }) },
      sessionId,
    );
    if (exceptionDetails) throw new Error(exceptionDetails.exception?.description ?? exceptionDetails.text);
    return result.value as T;
  }

  async close(): Promise<void> {
    const exited = new Promise((resolve) => this.process.once('exit', resolve));
    await this.send('Browser.close').catch(() => this.process.kill());
    await Promise.race([exited, sleep(5_000).then(() => this.process.kill())]);
    rmSync(this.profileDir, { recursive: true, force: true });
  }
}

/**
 * The labs' outgoing SMTP server: a small sink in the test process that records what the webmail
 * sends and hands mail for lab users to `dovecot-lda`. No maintained SMTP server library is among
 * the project's dependencies; this one does only what the labs need.
 */
import { writeFile } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import type { SentMail } from './stack.ts';

export interface SinkContext {
  state: string;
  sent: SentMail[];
  isLocal(email: string): boolean;
  deliver(email: string, message: Buffer, from: string): Promise<void>;
}

/** SMTP dot-unstuffing (RFC 5321 §4.5.2): a line starting with ".." loses its first dot. */
function unstuffDots(raw: Buffer): Buffer {
  let from = raw[0] === 0x2e && raw[1] === 0x2e ? 1 : 0;
  let at = raw.indexOf('\r\n..', from);
  if (at === -1 && from === 0) return raw;
  const parts: Buffer[] = [];
  for (; at !== -1; at = raw.indexOf('\r\n..', from)) {
    parts.push(raw.subarray(from, at + 3)); // up to and including the kept dot
    from = at + 4;
  }
  parts.push(raw.subarray(from));
  return Buffer.concat(parts);
}

/**
 * A minimal ESMTP server: Roundcube's Send needs a peer. It accepts everything, records it, and
 * delivers to lab users through dovecot-lda. Each connection is handled on its own (Node's event
 * loop): a Sieve vacation reply submitted while the first delivery is still running must not wait
 * for it, or both hang (a single-threaded sink deadlocked 30 s in this lab).
 */
export function startSmtpSink(ctx: SinkContext): Promise<Server> {
  let counter = 0;
  const server = createServer((socket: Socket) => {
    let lineBuffer: Buffer = Buffer.alloc(0);
    let inData = false;
    /** DATA arrives in many chunks (a 45 MB attachment): keep them as they come and search only the seam. */
    let dataChunks: Buffer[] = [];
    let dataTail: Buffer = Buffer.alloc(0);
    let from = '';
    let to: string[] = [];
    const reply = (line: string) => {
      if (!socket.destroyed) socket.write(`${line}\r\n`);
    };

    const finishMessage = async (raw: Buffer) => {
      // Buffers only, no string copies: a 45 MB attachment is the point of some tests.
      const message = unstuffDots(raw);
      const headerEnd = message.indexOf('\r\n\r\n');
      const file = join(ctx.state, 'sent', `${Date.now()}-${++counter}.eml`);
      await writeFile(file, message);
      const headers = message.subarray(0, headerEnd === -1 ? message.length : headerEnd).toString('utf8');
      const mail: SentMail = { from, to, size: message.length, headers, file, delivered: [] };
      let code = '250 2.0.0 OK queued';
      for (const rcpt of to.filter((r) => ctx.isLocal(r))) {
        try {
          await ctx.deliver(rcpt, message, from);
          mail.delivered.push(rcpt);
        } catch (e) {
          mail.deliveryError = (e as Error).message;
          // dovecot-lda -e: 75 (EX_TEMPFAIL) is temporary; a full mailbox (77) is final, as a real MTA says.
          code = /exit 75\b/.test(mail.deliveryError) ? `451 4.3.0 ${mail.deliveryError}` : `552 5.2.2 ${mail.deliveryError}`;
        }
      }
      ctx.sent.push(mail);
      reply(code.replace(/[\r\n]+/g, ' '));
    };

    const handleLine = (line: string) => {
      const verb = line.slice(0, 4).toUpperCase();
      switch (verb) {
        case 'EHLO':
          reply('250-lab.example.test');
          reply('250-SIZE 157286400');
          reply('250 8BITMIME');
          break;
        case 'HELO':
          reply('250 lab.example.test');
          break;
        case 'MAIL':
          from = /<([^>]*)>/.exec(line)?.[1] ?? '';
          to = [];
          reply('250 2.1.0 OK');
          break;
        case 'RCPT':
          to.push(/<([^>]*)>/.exec(line)?.[1] ?? '');
          reply('250 2.1.5 OK');
          break;
        case 'DATA':
          if (to.length === 0) reply('503 5.5.1 RCPT first');
          else {
            inData = true;
            reply('354 End data with <CR><LF>.<CR><LF>');
          }
          break;
        case 'RSET':
          from = '';
          to = [];
          reply('250 OK');
          break;
        case 'QUIT':
          reply('221 Bye');
          socket.end();
          break;
        default:
          reply('250 OK');
      }
    };

    const consume = async (input: Buffer) => {
      let chunk: Buffer = input;
      while (chunk.length > 0) {
        if (!inData) {
          lineBuffer = lineBuffer.length ? Buffer.concat([lineBuffer, chunk]) : chunk;
          chunk = Buffer.alloc(0);
          for (let eol = lineBuffer.indexOf('\r\n'); eol !== -1 && !inData; eol = lineBuffer.indexOf('\r\n')) {
            const line = lineBuffer.subarray(0, eol).toString('utf8');
            lineBuffer = lineBuffer.subarray(eol + 2);
            handleLine(line);
          }
          if (inData) {
            // What follows DATA in the same chunk is already message data.
            chunk = lineBuffer;
            lineBuffer = Buffer.alloc(0);
          }
          continue;
        }
        // The terminator is CRLF.CRLF; the CRLF of an empty message is the one that ended "DATA".
        const seam = Buffer.concat([dataChunks.length === 0 && dataTail.length === 0 ? Buffer.from('\r\n') : dataTail, chunk]);
        const offset = seam.length - chunk.length; // where `chunk` starts inside `seam`
        const at = seam.indexOf('\r\n.\r\n');
        if (at === -1) {
          dataChunks.push(chunk);
          dataTail = seam.subarray(Math.max(0, seam.length - 4));
          chunk = Buffer.alloc(0);
          continue;
        }
        const all = Buffer.concat([...dataChunks, chunk]);
        const end = all.length - chunk.length + (at - offset); // index of the terminator's CRLF in `all` (may be -2 when empty)
        const raw = all.subarray(0, Math.max(0, end + 2));
        chunk = all.subarray(end + 5);
        inData = false;
        dataChunks = [];
        dataTail = Buffer.alloc(0);
        await finishMessage(raw);
      }
    };

    // Chunks are consumed one after the other even while a delivery is awaited.
    let queue = Promise.resolve();
    reply('220 lab.example.test ESMTP lab sink');
    socket.on('data', (chunk: Buffer) => {
      queue = queue
        .then(() => consume(chunk))
        .catch((e) => {
          reply(`451 4.3.0 lab sink error: ${String(e).replace(/[\r\n]+/g, ' ')}`);
        });
    });
    socket.on('error', () => undefined);
  });
  return new Promise((resolveServer, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolveServer(server));
  });
}

/**
 * The labs' outgoing SMTP server: a sink in the test process. The webmails' Send needs a peer, and
 * the tests need to see what was sent, so it accepts every message (no authentication, no TLS),
 * records it (envelope, size, header block, the whole message saved under the lab's `sent/` dir)
 * and hands mail for lab users to `dovecot-lda`. The SMTP protocol itself (commands, dot-unstuffing,
 * the end of DATA, pipelining) is Nodemailer's `smtp-server` (3.21.6); this module only says what
 * happens to a message.
 */
import type { Server } from 'node:net';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerError, type SMTPServerSession } from 'smtp-server';
import type { SentMail } from './stack.ts';

export interface SinkContext {
  state: string;
  sent: SentMail[];
  isLocal(email: string): boolean;
  deliver(email: string, message: Buffer, from: string): Promise<void>;
}

/**
 * Advertised (EHLO SIZE) and checked after DATA: room for the 50 MB attachments some tests send,
 * which base64 makes about 1.37 times larger.
 */
const MAX_MESSAGE_BYTES = 150 * 1024 * 1024;

/** An error `smtp-server` turns into that reply code (its `responseCode` convention). */
function smtpError(responseCode: number, text: string): SMTPServerError {
  // One reply line: a multi-line reason (dovecot-lda's stderr) would break the SMTP dialogue.
  return Object.assign(new Error(text.replace(/[\r\n]+/g, ' ')), { responseCode });
}

/**
 * Starts the sink on a free port of 127.0.0.1 and returns its listening socket server: the lab
 * reads its port, tracks its connections and closes it on stop.
 *
 * Each connection is handled on its own (Node's event loop): a Sieve vacation reply submitted while
 * the first delivery is still running must not wait for it, or both hang (a single-threaded sink
 * deadlocked 30 s in this lab).
 */
export function startSmtpSink(ctx: SinkContext): Promise<Server> {
  let counter = 0;

  const receive = async (stream: SMTPServerDataStream, session: SMTPServerSession): Promise<void> => {
    // DATA arrives in many chunks (a 45 MB attachment): Buffers only, no string copies.
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    if (stream.sizeExceeded) throw smtpError(552, `message exceeds the lab sink's ${MAX_MESSAGE_BYTES} bytes`);
    const message = Buffer.concat(chunks); // already dot-unstuffed, ends with the CRLF before "."
    const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
    const to = session.envelope.rcptTo.map((r) => r.address);
    const headerEnd = message.indexOf('\r\n\r\n');
    const file = join(ctx.state, 'sent', `${Date.now()}-${++counter}.eml`);
    await writeFile(file, message);
    const headers = message.subarray(0, headerEnd === -1 ? message.length : headerEnd).toString('utf8');
    const mail: SentMail = { from, to, size: message.length, headers, file, delivered: [] };
    let failure: Error | undefined;
    for (const rcpt of to.filter((r) => ctx.isLocal(r))) {
      try {
        await ctx.deliver(rcpt, message, from);
        mail.delivered.push(rcpt);
      } catch (e) {
        mail.deliveryError = (e as Error).message;
        // dovecot-lda -e: 75 (EX_TEMPFAIL) is temporary; a full mailbox (77) is final, as a real MTA says.
        failure = smtpError(/exit 75\b/.test(mail.deliveryError) ? 451 : 552, mail.deliveryError);
      }
    }
    ctx.sent.push(mail);
    if (failure) throw failure;
  };

  const sink = new SMTPServer({
    name: 'lab.example.test',
    banner: 'lab sink',
    size: MAX_MESSAGE_BYTES,
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    // "451 4.3.0 …" and "552 5.2.2 …" when delivery fails, as a real MTA words them.
    hideENHANCEDSTATUSCODES: false,
    // Accept whatever address a webmail or Sieve writes: this is a sink, not a validator.
    lenientAddressParsing: true,
    disableReverseLookup: true,
    // The library closes a connection idle for 60 s by default; a large delivery to dovecot-lda
    // on a busy machine keeps the client waiting for the reply to DATA longer than that.
    socketTimeout: 10 * 60_000,
    logger: false,
    onData(stream, session, callback) {
      receive(stream, session).then(
        () => callback(null, 'OK queued'),
        (e: unknown) => {
          const reason: SMTPServerError = e instanceof Error ? e : new Error(String(e));
          callback(reason.responseCode ? reason : smtpError(451, `lab sink error: ${reason.message}`));
        },
      );
    },
  });
  return new Promise((resolveServer, reject) => {
    // A connection's error (a webmail hanging up mid-DATA) must not crash the test process.
    sink.on('error', () => undefined);
    sink.server.once('error', reject);
    sink.listen(0, '127.0.0.1', () => resolveServer(sink.server));
  });
}

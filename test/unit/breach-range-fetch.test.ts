/**
 * The background's range lookup against a real HTTP server on loopback: a good answer, and every
 * way a range endpoint can go wrong (slow, garbage, huge, redirect, error status).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchRange } from '../../src/background/breach-range.ts';

let server: Server;
let endpoint: string;
const seen: { url: string; padding: string | undefined; cookie: string | undefined }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push({ url: req.url ?? '', padding: req.headers['add-padding'] as string | undefined, cookie: req.headers.cookie });
    const route = req.url ?? '';
    if (route === '/ok/range/5BAA6')
      return res.end('1E4C9B93F3F0682250B6CF8331B7EE68FD8:52579\r\n0018A45C4D1DEF81644B54AB7F969B88D65:0\r\n');
    if (route === '/slow/range/5BAA6') return void setTimeout(() => res.end('1E4C9B93F3F0682250B6CF8331B7EE68FD8:1\n'), 2_000);
    if (route === '/garbage/range/5BAA6') return res.end('<html>Sign in to continue</html>');
    if (route === '/huge/range/5BAA6') {
      // No Content-Length: the reader must stop by itself.
      res.write('1E4C9B93F3F0682250B6CF8331B7EE68FD8:1\n'.repeat(5_000));
      return res.end('1E4C9B93F3F0682250B6CF8331B7EE68FD8:1\n'.repeat(5_000));
    }
    if (route === '/redirect/range/5BAA6') {
      res.writeHead(302, { location: '/ok/range/5BAA6' });
      return res.end();
    }
    res.writeHead(503);
    res.end('busy');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

describe('fetchRange', () => {
  it('asks for the prefix alone, with padding, and reads the answer', async () => {
    const reply = await fetchRange(`${endpoint}/ok`, '5BAA6');
    expect(reply).toEqual({ ok: true, suffixes: [['1E4C9B93F3F0682250B6CF8331B7EE68FD8', 52579]] });
    expect(seen.at(-1)).toEqual({ url: '/ok/range/5BAA6', padding: 'true', cookie: undefined });
  });

  it('gives up on a slow service after its deadline', async () => {
    const started = Date.now();
    expect(await fetchRange(`${endpoint}/slow`, '5BAA6', 300)).toEqual({ ok: false, reason: 'network' });
    expect(Date.now() - started).toBeLessThan(1_500);
  });

  it('refuses garbage, a huge body, a redirect and an error status', async () => {
    expect(await fetchRange(`${endpoint}/garbage`, '5BAA6')).toEqual({ ok: false, reason: 'notRangeFile' });
    expect(await fetchRange(`${endpoint}/huge`, '5BAA6')).toEqual({ ok: false, reason: 'tooBig' });
    expect(await fetchRange(`${endpoint}/redirect`, '5BAA6')).toEqual({ ok: false, reason: 'network' });
    expect(await fetchRange(`${endpoint}/down`, '5BAA6')).toEqual({ ok: false, reason: 'status' });
    expect(await fetchRange('http://127.0.0.1:1', '5BAA6')).toEqual({ ok: false, reason: 'network' });
  });
});

import { describe, expect, it } from 'vitest';
import { parseHordeQuota, parseSogoQuota } from '../../src/model/webmail-quota-text.ts';
import { parseRoundcubeQuota } from '../../src/model/quota.ts';
import { parseShownQuota } from '../../src/model/quota-text.ts';

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

describe('parseSogoQuota', () => {
  it('reads the English and French captions seen on SOGo 5.8 (percent with two decimals, limit in MiB)', () => {
    expect(parseSogoQuota('42% used on 20 MB')).toEqual({
      state: 'limited',
      percent: 42,
      usedBytes: Math.round(0.42 * 20 * MiB),
      totalBytes: 20 * MiB,
    });
    expect(parseSogoQuota('41.96% used on 20 MB')).toMatchObject({ percent: 42, usedBytes: Math.round(0.4196 * 20 * MiB) });
    // SOGo prints a JavaScript number: a dot in French too, and its "MO" (sic).
    expect(parseSogoQuota('93.36% utilisé sur 20 MO')).toMatchObject({ percent: 93, totalBytes: 20 * MiB });
    expect(parseSogoQuota('5% used on 19.53 MB')).toMatchObject({ totalBytes: Math.round(19.53 * MiB) });
  });

  it('reads other languages, whatever the order of the two numbers', () => {
    expect(parseSogoQuota('42% von 2048 MB verwendet')).toMatchObject({ percent: 42, totalBytes: 2 * GiB });
    expect(parseSogoQuota('2048 MB中已用 42%')).toMatchObject({ percent: 42, totalBytes: 2 * GiB });
    expect(parseSogoQuota('Занято 42% из 2048МБ')).toMatchObject({ percent: 42, totalBytes: 2 * GiB });
    expect(parseSogoQuota('42%  kullanılıyor, toplam 2048 MB')).toMatchObject({ percent: 42 });
  });

  it('tolerates the page’s spacing and caps an over-quota mailbox at 100 %', () => {
    expect(parseSogoQuota('  42%\u00a0used on 20 MB\n')).toMatchObject({ percent: 42 });
    expect(parseSogoQuota('104.5% used on 20 MB')).toMatchObject({ percent: 100, usedBytes: Math.round(1.045 * 20 * MiB) });
  });

  it('gives nothing for message-count quotas, empty captions and other text', () => {
    expect(parseSogoQuota('42% of 1000 msgs')).toBeNull();
    expect(parseSogoQuota('42% utilisé sur 1000 msgs')).toBeNull();
    expect(parseSogoQuota('')).toBeNull();
    expect(parseSogoQuota('42%')).toBeNull();
    expect(parseSogoQuota('Disk usage: 8.4 MB / 20 MB (42%)')).toBeNull();
    expect(parseSogoQuota('42% used on 0 MB')).toBeNull();
  });
});

describe('parseHordeQuota', () => {
  it('reads IMP 6.2’s text in English and French (whole percent, limit in the configured unit)', () => {
    expect(parseHordeQuota('42% of 20 MB')).toEqual({
      state: 'limited',
      percent: 42,
      usedBytes: Math.round(0.42 * 20 * MiB),
      totalBytes: 20 * MiB,
    });
    expect(parseHordeQuota('42% de 20 MB')).toMatchObject({ percent: 42, totalBytes: 20 * MiB });
    expect(parseHordeQuota('93% of 2 GB')).toMatchObject({ percent: 93, totalBytes: 2 * GiB });
    expect(parseHordeQuota('10% of 512 KB')).toMatchObject({ totalBytes: 512 * 1024 });
  });

  it('reads the other translations IMP ships', () => {
    expect(parseHordeQuota('42% von 2048MB')).toMatchObject({ percent: 42, totalBytes: 2 * GiB });
    expect(parseHordeQuota('42% / 2048 MB')).toMatchObject({ percent: 42 });
    expect(parseHordeQuota('42%/2048  MB')).toMatchObject({ percent: 42 });
    expect(parseHordeQuota('42%-st 2048 MB')).toMatchObject({ percent: 42 });
    expect(parseHordeQuota('42% ／ 2048 MB')).toMatchObject({ percent: 42 });
    expect(parseHordeQuota('42% από 2048 MB')).toMatchObject({ percent: 42 });
  });

  it('says unlimited for "No limit" and for a usage without limit', () => {
    expect(parseHordeQuota('No limit')).toEqual({ state: 'unlimited' });
    expect(parseHordeQuota('Pas de limitation')).toEqual({ state: 'unlimited' });
    expect(parseHordeQuota('8 MB')).toEqual({ state: 'unlimited' });
  });

  it('caps an over-quota mailbox at 100 % and gives nothing for other text', () => {
    expect(parseHordeQuota('104% of 20 MB')).toMatchObject({ percent: 100 });
    expect(parseHordeQuota('')).toBeNull();
    expect(parseHordeQuota('42%')).toBeNull();
    expect(parseHordeQuota('42% of 20 TB')).toBeNull();
    expect(parseHordeQuota('42% used on 20 MB and more')).toBeNull();
  });
});

describe('one reader for every webmail (model/quota-text.ts)', () => {
  // What each webmail prints at 42 % of 20 MB, English and French (saved pages of the labs).
  const ROUNDCUBE = [
    { text: '42%', title: 'Disk usage: 8.4 MB / 20 MB (42%)' },
    { text: '42%', title: 'Utilisation du disque: 8.4 Mo / 20 Mo (42%)' },
  ];
  const SOGO = ['42% used on 20 MB', '42% utilisé sur 20 MO'];
  const HORDE = ['42% of 20 MB', '42% de 20 MB', 'No limit', 'Pas de limitation'];

  it('each webmail’s parser refuses the others’ wordings: the order of the one reader decides nothing', () => {
    for (const text of [...SOGO, ...HORDE]) expect(parseRoundcubeQuota({ text, title: '' }), text).toBeNull();
    for (const shown of ROUNDCUBE) expect(parseSogoQuota(shown.text)).toBeNull();
    for (const text of HORDE) expect(parseSogoQuota(text), text).toBeNull();
    for (const shown of ROUNDCUBE) expect(parseHordeQuota(shown.text)).toBeNull();
    for (const text of SOGO) expect(parseHordeQuota(text), text).toBeNull();
  });

  it('reads each one as its own parser does', () => {
    for (const shown of ROUNDCUBE) expect(parseShownQuota(shown)).toEqual(parseRoundcubeQuota(shown));
    for (const text of SOGO) expect(parseShownQuota({ text, title: '' })).toEqual(parseSogoQuota(text));
    for (const text of HORDE) expect(parseShownQuota({ text, title: '' })).toEqual(parseHordeQuota(text));
  });

  it('page junk gives no reading and never throws', () => {
    for (const text of ['', '%', 'x'.repeat(10_000), '42', '42 %%', '½% of 20 MB', '\u202e42% of 20 MB\u202c of 1 GB']) {
      expect(() => parseShownQuota({ text, title: text })).not.toThrow();
    }
    expect(parseShownQuota({ text: 'Quota: see your administrator', title: '' })).toBeNull();
  });
});

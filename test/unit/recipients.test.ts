import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { countRecipients, recipientAddresses } from '../../src/model/recipients.ts';

describe('recipients', () => {
  it('counts what elastic’s recipient widget writes into the To textarea (checked on Roundcube 1.6.5)', () => {
    // `list.text() + input.val()`: boxes "bob@example.test," and "Carol <carol@example.test>,".
    expect(countRecipients(['bob@example.test,Carol <carol@example.test>,'])).toBe(2);
  });

  it('adds the address still being typed in the widget, without counting it twice once committed', () => {
    expect(countRecipients(['bob@example.test,', 'dave@example.test'])).toBe(2);
    expect(countRecipients(['bob@example.test,dave@example.test', 'dave@example.test'])).toBe(2);
  });

  it('counts To, Cc and Bcc together, an address once whatever its case', () => {
    expect(countRecipients(['bob@example.test', 'carol@example.test', 'dave@example.test'])).toBe(3);
    expect(countRecipients(['Bob@Example.test', 'bob@example.test'])).toBe(1);
  });

  it('reads larry’s plain lists, with any separator', () => {
    expect(countRecipients(['bob@example.test, Carol <carol@example.test>; dave@example.test\neve@example.test'])).toBe(4);
  });

  it('does not take quoted display names for addresses', () => {
    expect(recipientAddresses(['"Durand, Bob (bob@old.example)" <bob@example.test>'])).toEqual(['bob@example.test']);
    expect(recipientAddresses(['"a@b" <x@example.test>, "c;d" <y@example.test>'])).toEqual(['x@example.test', 'y@example.test']);
  });

  it('is 0 for empty fields and for text without an address', () => {
    expect(countRecipients([])).toBe(0);
    expect(countRecipients(['', '  ', 'Bob'])).toBe(0);
  });

  it('drops a sentence-ending dot', () => {
    expect(recipientAddresses(['bob@example.test.'])).toEqual(['bob@example.test']);
  });

  it('counts the distinct addresses of any list, however it is written', () => {
    const local = fc.stringMatching(/^[a-z0-9][a-z0-9._+-]{0,10}$/);
    const domain = fc.stringMatching(/^[a-z0-9-]{1,8}\.[a-z]{2,4}$/);
    const address = fc.tuple(local, domain).map(([l, d]) => `${l}@${d}`);
    const name = fc.oneof(
      fc.constant(''),
      fc.stringMatching(/^[A-Za-z ]{1,12}$/),
      fc.string().map((s) => `"${s.replace(/["\\]/g, '')}"`),
    );
    const entry = fc.tuple(address, name).map(([a, n]) => (n.trim() ? `${n} <${a}>` : a));
    const separator = fc.constantFrom(', ', ',', '; ', '\n', ' , ');
    fc.assert(
      fc.property(fc.array(fc.array(entry, { maxLength: 6 }), { maxLength: 3 }), separator, (fields, sep) => {
        const texts = fields.map((list) => list.join(sep));
        const expected = new Set(fields.flat().map((e) => /<([^>]+)>$/.exec(e)?.[1] ?? e)).size;
        expect(countRecipients(texts)).toBe(expected);
      }),
    );
  });
});

// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { roundcubeAdapter } from '../../src/content/adapters/roundcube.ts';
import { genericAdapter, findNewPasswordForms } from '../../src/content/adapters/generic.ts';
import { loadFixture } from './load-fixture.ts';

// Detection, locators and parsing on Roundcube's own pages (both skins, English and French): roundcube-saved-pages.test.ts.
describe('Roundcube adapter', () => {
  it('rejects the generic fixtures and a page that only borrows a class name', () => {
    expect(roundcubeAdapter.detect(loadFixture('generic/signup.html'), location, [])).toBeNull();
    document.body.className = 'task-mail';
    expect(roundcubeAdapter.detect(document, location, [])).toBeNull();
  });
});

describe('generic adapter', () => {
  it('only recognises addresses IT listed', () => {
    const doc = loadFixture('generic/signup.html', 'https://webmail.example.org/settings');
    expect(genericAdapter.detect(doc, location, [])).toBeNull();
    expect(genericAdapter.detect(doc, location, ['https://other.example.org'])).toBeNull();
    expect(genericAdapter.detect(doc, location, ['https://webmail.example.org'])?.id).toBe('generic');
  });

  it('finds a French new-password form with its confirmation and never the login form', () => {
    const forms = findNewPasswordForms(loadFixture('generic/signup.html'));
    expect(forms).toHaveLength(1);
    expect(forms[0]!.newPassword.id).toBe('a');
    expect(forms[0]!.confirmation?.id).toBe('b');
  });

  it('finds English fields by autocomplete and placeholder', () => {
    document.body.innerHTML = `<form><input type="password" autocomplete="new-password" id="n"><input type="password" placeholder="Confirm new password" id="c"></form>
      <form><input type="password" placeholder="New password" id="n2"></form>`;
    const forms = findNewPasswordForms(document);
    expect(forms.map((f) => [f.newPassword.id, f.confirmation?.id ?? null])).toEqual([
      ['n', 'c'],
      ['n2', null],
    ]);
  });

  it('ignores a login form marked current-password', () => {
    document.body.innerHTML = `<form action="/signin"><input type="password" autocomplete="current-password"></form>`;
    expect(findNewPasswordForms(document)).toEqual([]);
  });
});

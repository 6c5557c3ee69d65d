// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { roundcubeAdapter } from '../../src/content/adapters/roundcube.ts';
import { genericAdapter, findNewPasswordForms } from '../../src/content/adapters/generic.ts';
import { loadFixture } from './load-fixture.ts';

const ROUNDCUBE_PAGES = ['elastic-mail', 'larry-mail', 'elastic-login', 'elastic-password', 'larry-password', 'elastic-compose'];

describe('Roundcube adapter', () => {
  it.each(ROUNDCUBE_PAGES)('recognises %s', (name) => {
    const doc = loadFixture(`roundcube/${name}.html`);
    const page = roundcubeAdapter.detect(doc, location, []);
    expect(page?.id).toBe('roundcube');
    expect(page?.skin).toBe(name.split('-')[0]);
  });

  it('rejects the generic fixtures and a page that only borrows a class name', () => {
    expect(roundcubeAdapter.detect(loadFixture('generic/signup.html'), location, [])).toBeNull();
    document.body.className = 'task-mail';
    expect(roundcubeAdapter.detect(document, location, [])).toBeNull();
  });

  it('reads the signed-in account where the page shows it', () => {
    expect(roundcubeAdapter.detect(loadFixture('roundcube/elastic-mail.html'), location, [])?.account()).toBe('alice@example.test');
    expect(roundcubeAdapter.detect(loadFixture('roundcube/larry-mail.html'), location, [])?.account()).toBe('bob@example.test');
    expect(roundcubeAdapter.detect(loadFixture('roundcube/larry-password.html'), location, [])?.account()).toBe('bob@example.test');
    const compose = roundcubeAdapter.detect(loadFixture('roundcube/elastic-compose.html'), location, [])!;
    expect(compose.account()).toBe('alice@example.test');
    expect(compose.displayName()).toBe('Alice Martin');
    expect(roundcubeAdapter.detect(loadFixture('roundcube/elastic-login.html'), location, [])?.account()).toBeNull();
  });

  it('finds the quota widget in both skins', () => {
    const elastic = roundcubeAdapter.detect(loadFixture('roundcube/elastic-mail.html'), location, [])!.quotaWidget();
    expect(elastic).toMatchObject({ text: '42%', title: 'Disk usage: 8.4 MB / 20 MB (42%)' });
    expect(elastic?.element.id).toBe('rcmquotadisplay');
    const larry = roundcubeAdapter.detect(loadFixture('roundcube/larry-mail.html'), location, [])!.quotaWidget();
    expect(larry).toMatchObject({ text: '93%', title: 'Disk usage: 18 MB / 20 MB (93%)' });
    expect(roundcubeAdapter.detect(loadFixture('roundcube/elastic-password.html'), location, [])!.quotaWidget()).toBeNull();
  });

  it.each(['elastic-password', 'larry-password'])('finds the new-password fields and the Save button on %s, not the current password', (name) => {
    const page = roundcubeAdapter.detect(loadFixture(`roundcube/${name}.html`), location, [])!;
    const [form, ...rest] = page.passwordForms();
    expect(rest).toEqual([]);
    expect(form!.newPassword.id).toBe('newpasswd');
    expect(form!.confirmation?.id).toBe('confpasswd');
    expect(form!.saveButtons).toHaveLength(1);
    expect(form!.saveButtons[0]!.getAttribute('value')).toBe('Save');
  });

  it('has no password form on the login page', () => {
    expect(roundcubeAdapter.detect(loadFixture('roundcube/elastic-login.html'), location, [])!.passwordForms()).toEqual([]);
  });

  it('locates compose parts', () => {
    const page = roundcubeAdapter.detect(loadFixture('roundcube/elastic-compose.html'), location, [])!;
    expect(page.isCompose()).toBe(true);
    const compose = page.compose()!;
    expect(compose.isAttachmentInput(document.getElementById('uploadformInput'))).toBe(true);
    expect(compose.isDropTarget(document.querySelector('#attachment-list'))).toBe(true);
    expect(compose.isDropTarget(document.body)).toBe(false);
    expect(compose.recipientFields().map((f) => f.id)).toEqual(['_to', '_cc', '_bcc']);
    expect(compose.isSendButton(document.querySelector('button.send'))).toBe(true);
    expect(compose.isSendButton(document.querySelector('button.attach'))).toBe(false);
    expect(compose.maxUploadHint()).toBe('Maximum allowed file size is 50 MB');
    expect(roundcubeAdapter.detect(loadFixture('roundcube/elastic-mail.html'), location, [])!.compose()).toBeNull();
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
    expect(forms.map((f) => [f.newPassword.id, f.confirmation?.id ?? null])).toEqual([['n', 'c'], ['n2', null]]);
  });

  it('ignores a login form marked current-password', () => {
    document.body.innerHTML = `<form action="/signin"><input type="password" autocomplete="current-password"></form>`;
    expect(findNewPasswordForms(document)).toEqual([]);
  });
});

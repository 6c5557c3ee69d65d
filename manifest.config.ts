import type { ManifestV3Export } from '@crxjs/vite-plugin';
import pkg from './package.json' with { type: 'json' };
import { STRENGTH_WORDS_ASSET } from './src/strength/words-asset.ts';
import { FRAME_PAGE } from './src/shared/frame-messages.ts';

export type TargetBrowser = 'chrome' | 'firefox';

/** Fixed add-on id so Firefox policies (`3rdparty.Extensions`, `ExtensionSettings`) can target it. */
export const GECKO_ID = 'sobre-mail@webmail-nudges.org';

/**
 * Public half of the key that fixes the Chromium extension id of unpacked and self-hosted builds,
 * so `ExtensionInstallForcelist` and the managed-policy folder can name it. The private half is
 * not needed to load an unpacked build and is not kept in the repository. Id: see docs/deployment.md.
 */
export const CHROMIUM_PUBLIC_KEY =
  'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAvL7B9Md2vzG1mIUNE8fUx3zknozM5Hj0YpOoBQI7+LL0but3ZpDPq4Y59CjUAAfH0AqX6b3Jt4bO6uARoZvJl30PvyxSoYKXhbR5azhWCyvFUxMTy+0lS/cN6HUGhMbU6tl2+bikHkpbyKAFlvludQ6JJyN/QRS5xs2UkSEdo/C+lOFq6Hd2lW3FxfP6yUw3ble7b11ozoGpMjWcJDNqLl9K0W/9YFeY2hF9ODbxz+2UKNb3zJ7hTKwIcvLouTpVYJmvLGeOmoPoGbgckQtuWCnEI11sRTTW3LdZlrBUhQzYwumRReuUGHW8BdMkgkha7FlUN7rAP57igIy/BxUm+QIDAQAB';

const CONTENT_MATCHES = ['http://*/*', 'https://*/*'];

/** One function, two manifests: the only differences are the background and the browser-specific keys. */
export function buildManifest(browser: TargetBrowser): ManifestV3Export {
  const common = {
    manifest_version: 3 as const,
    name: '__MSG_extensionName__',
    short_name: '__MSG_extensionShortName__',
    description: '__MSG_extensionDescription__',
    version: pkg.version,
    default_locale: 'en',
    icons: { '16': 'icons/icon-16.png', '32': 'icons/icon-32.png', '48': 'icons/icon-48.png', '128': 'icons/icon-128.png' },
    action: {
      default_title: '__MSG_extensionName__',
      default_popup: 'src/popup/index.html',
      default_icon: { '16': 'icons/icon-16.png', '32': 'icons/icon-32.png' },
    },
    options_ui: { page: 'src/options/index.html', open_in_tab: true },
    // storage: settings, quota readings and savings; scripting: inject the strength estimator only
    // into tabs that show a new-password field (see docs/privacy.md).
    permissions: ['storage', 'scripting'],
    host_permissions: CONTENT_MATCHES,
    storage: { managed_schema: 'managed_schema.json' },
    // The password nudge fetches its word lists as bytes (a script of the same data loads ~10×
    // slower, see README, Performance); a content script may only fetch web-accessible files. It
    // is the public zxcvbn-ts lists, nothing else; Chromium serves it only under a per-session
    // random URL (below), Firefox under the per-install random UUID, so no page can probe for it.
    // The nudges' frame (src/frame/): our words are shown in a document of the extension's origin,
    // which the page can neither read nor click (src/content/ui/frame-host.ts); an iframe of an
    // extension page needs it web-accessible. Its scripts are not: the extension page loads them.
    web_accessible_resources: [{ resources: [STRENGTH_WORDS_ASSET, FRAME_PAGE], matches: CONTENT_MATCHES }],
    content_scripts: [
      {
        matches: CONTENT_MATCHES,
        js: ['src/content/index.ts'],
        run_at: 'document_idle' as const,
        all_frames: false,
      },
    ],
  };

  if (browser === 'firefox') {
    return {
      ...common,
      background: { scripts: ['src/background/index.ts'], type: 'module' as const },
      browser_specific_settings: {
        gecko: {
          id: GECKO_ID,
          // 142 is the first version that knows `data_collection_permissions`; web-ext lint wants them together.
          strict_min_version: '142.0',
          data_collection_permissions: { required: ['none'] },
        },
      },
    } as ManifestV3Export;
  }
  return {
    ...common,
    ...(CHROMIUM_PUBLIC_KEY ? { key: CHROMIUM_PUBLIC_KEY } : {}),
    minimum_chrome_version: '120',
    web_accessible_resources: common.web_accessible_resources.map((entry) => ({ ...entry, use_dynamic_url: true })),
    background: { service_worker: 'src/background/index.ts', type: 'module' as const },
  };
}

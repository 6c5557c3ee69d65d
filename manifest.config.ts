import type { ManifestV3Export } from '@crxjs/vite-plugin';
import pkg from './package.json' with { type: 'json' };
import common from './manifest.json' with { type: 'json' };
import { STRENGTH_WORDS_ASSET } from './src/strength/words-asset.ts';
import { FRAME_PAGE } from './src/shared/frame-messages.ts';

/*
 * manifest.json is both browsers' manifest; this file adds the version (package.json's) and the
 * few keys where Chromium and Firefox differ, and exports the ids other code needs. Why
 * manifest.json holds what it holds:
 * - permissions: storage for settings, quota readings and savings; scripting to inject the strength
 *   estimator only into tabs that show a new-password field (see docs/privacy.md).
 * - web_accessible_resources: the password nudge fetches its word lists as bytes (a script of the
 *   same data loads ~10× slower, see README, Performance); a content script may only fetch
 *   web-accessible files. It is the public zxcvbn-ts lists, nothing else; Chromium serves it only
 *   under a per-session random URL (use_dynamic_url, below), Firefox under the per-install random
 *   UUID, so no page can probe for it. The nudges' frame (src/frame/): our words are shown in a
 *   document of the extension's origin, which the page can neither read nor click
 *   (src/content/ui/frame-host.ts); an iframe of an extension page needs it web-accessible. Its
 *   scripts are not: the extension page loads them.
 */

export type TargetBrowser = 'chrome' | 'firefox';
type Manifest = Exclude<ManifestV3Export, PromiseLike<unknown> | ((...args: never[]) => unknown)>;

/** Fixed add-on id so Firefox policies (`3rdparty.Extensions`, `ExtensionSettings`) can target it. */
export const GECKO_ID = 'sobre-mail@webmail-nudges.org';

/**
 * Public half of the key that fixes the Chromium extension id of unpacked and self-hosted builds,
 * so `ExtensionInstallForcelist` and the managed-policy folder can name it. The private half is
 * not needed to load an unpacked build and is not kept in the repository. Id: see docs/deployment.md.
 */
export const CHROMIUM_PUBLIC_KEY =
  'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAvL7B9Md2vzG1mIUNE8fUx3zknozM5Hj0YpOoBQI7+LL0but3ZpDPq4Y59CjUAAfH0AqX6b3Jt4bO6uARoZvJl30PvyxSoYKXhbR5azhWCyvFUxMTy+0lS/cN6HUGhMbU6tl2+bikHkpbyKAFlvludQ6JJyN/QRS5xs2UkSEdo/C+lOFq6Hd2lW3FxfP6yUw3ble7b11ozoGpMjWcJDNqLl9K0W/9YFeY2hF9ODbxz+2UKNb3zJ7hTKwIcvLouTpVYJmvLGeOmoPoGbgckQtuWCnEI11sRTTW3LdZlrBUhQzYwumRReuUGHW8BdMkgkha7FlUN7rAP57igIy/BxUm+QIDAQAB';

const BACKGROUND = 'src/background/index.ts';

// JSON cannot import the code's names for these files: a renamed one fails the build here.
for (const file of [STRENGTH_WORDS_ASSET, FRAME_PAGE])
  if (!common.web_accessible_resources.some((entry) => entry.resources.includes(file)))
    throw new Error(`manifest.json: ${file} is not in web_accessible_resources`);

/** manifest.json, the version, and what differs: the background and the browser-specific keys. */
export function buildManifest(browser: TargetBrowser): Manifest {
  const shared = { ...(common as Omit<Manifest, 'version'>), version: pkg.version };
  if (browser === 'firefox') {
    return {
      ...shared,
      background: { scripts: [BACKGROUND], type: 'module' },
      browser_specific_settings: {
        gecko: {
          id: GECKO_ID,
          // 142 is the first version that knows `data_collection_permissions`; web-ext lint wants them together.
          strict_min_version: '142.0',
          data_collection_permissions: { required: ['none'] },
        },
      },
    };
  }
  return {
    ...shared,
    ...(CHROMIUM_PUBLIC_KEY ? { key: CHROMIUM_PUBLIC_KEY } : {}),
    minimum_chrome_version: '120',
    web_accessible_resources: common.web_accessible_resources.map((entry) => ({ ...entry, use_dynamic_url: true })),
    background: { service_worker: BACKGROUND, type: 'module' },
  };
}

import { accessSync, constants } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** The Debian package's browser; CHROMIUM_PATH points elsewhere. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_INSTALL = 'sudo apt-get install chromium';

export type ChromiumCheck = { found: true } | { found: false; reason: string };

export const findChromium = (): ChromiumCheck => {
  try {
    accessSync(CHROMIUM_PATH, constants.X_OK);
    return { found: true };
  } catch {
    return {
      found: false,
      reason: `Chromium not found at ${CHROMIUM_PATH} (install it: ${CHROMIUM_INSTALL}, or set CHROMIUM_PATH)`,
    };
  }
};

/** CI must run the browser tests; elsewhere a missing browser skips them, saying why. */
export const browserRequired = (): boolean => process.env.CI === 'true' || process.env.CI === '1';

/**
 * Headless Chromium with nothing that reaches out on its own (updates, sync, QUIC).
 * Playwright gives each launch a fresh temporary profile (user data dir) and removes it on close.
 */
export const launchChromium = (): Promise<Browser> =>
  chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });

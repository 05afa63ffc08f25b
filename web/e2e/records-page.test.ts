// The web app in headless Chromium against the local stack: the production build, served
// with its own amplify_outputs.json, signs in through the Authenticator and shows the
// records the real handler writes, live.
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/cloud-assembly/synthesize';
import { startLocalStack, type LocalStack } from '../../src/local/stack/local-stack';
import { browserRequired, findChromium, launchChromium } from './chromium';
import { serveWebApp, type WebAppServer } from './web-app-server';

const chromiumCheck = findChromium();
const SCREENSHOTS = path.join(PROJECT_ROOT, '.local/screenshots');
const PHONE = { width: 375, height: 740 };

let stack: LocalStack;
let localDir: string;
let app: WebAppServer;
let browser: Browser;

const screenshot = (page: Page, name: string) => page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });

/** Wider than the viewport means the phone user scrolls sideways. */
const horizontalOverflow = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

/** Presses Tab until the element has the focus (true), or gives up after a few presses. */
const tabUntilFocused = async (page: Page, target: Locator, presses = 6): Promise<boolean> => {
  for (let i = 0; i < presses; i++) {
    await page.keyboard.press('Tab');
    if (await target.evaluate((el) => el === document.activeElement)) return true;
  }
  return false;
};

const run = chromiumCheck.found || browserRequired();
if (!run && !chromiumCheck.found) console.warn(`Browser tests skipped: ${chromiumCheck.reason}`);

beforeAll(async () => {
  if (!run) return;
  if (!chromiumCheck.found) throw new Error(`${chromiumCheck.reason}; CI must run the browser tests`);
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  await mkdir(SCREENSHOTS, { recursive: true });
  localDir = await mkdtemp(path.join(tmpdir(), 'web-e2e-'));
  stack = await startLocalStack({
    assemblyDir: inject('sandboxAssemblyDir'),
    localDir,
    inMemory: true,
    eventsPort: 0,
    dataPort: 0,
    s3Port: 0,
    lambdaPort: 0,
    writeOutputs: false,
    quiet: true,
    retryDelaysMs: [50, 100],
  });
  [app, browser] = await Promise.all([serveWebApp(stack.dataApi.amplifyOutputs()), launchChromium()]);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await stack?.stop();
  if (localDir) await rm(localDir, { recursive: true, force: true });
});

describe('given the web app served against the local stack', () => {
  it('when a visitor opens it on a phone then the Authenticator asks for e-mail and password, reachable by keyboard, with no sideways scroll', async (ctx) => {
    if (!run) ctx.skip(chromiumCheck.found ? undefined : chromiumCheck.reason);
    const context = await browser.newContext({ viewport: PHONE });
    const page = await context.newPage();
    await page.goto(app.url);
    const email = page.getByLabel('Email');
    await email.waitFor();
    expect(await tabUntilFocused(page, email)).toBe(true);
    expect(await page.getByLabel('Password', { exact: true }).isVisible()).toBe(true);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, '1-sign-in');
    await context.close();
  });
});

// The web app in headless Chromium against the local stack: the production build, served
// with its own amplify_outputs.json, signs in through the Authenticator (SRP against the
// local user pool) and shows what the real handler writes, live, to its owner only.
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it, type TestContext } from 'vitest';
import { PROJECT_ROOT } from '../../src/cloud-assembly/synthesize';
import { parseEntriesFile } from '../../src/put-events/entries-file';
import { sendEntries } from '../../src/put-events/send-entries';
import { DEMO_USER } from '../../src/local/stack/demo-user';
import { localStackOutputs } from '../../src/local/stack/local-outputs';
import { startLocalStack, type LocalStack } from '../../src/local/stack/local-stack';
import { localEventBridgeClient, testStackOptions } from '../../src/local/stack/test-stack';
import { writeTestMedia } from '../../src/local/stack/playback-test-media';
import { localS3Client } from '../../src/local/s3';
import { generateClient } from 'aws-amplify/data';
import type { Schema } from '../../amplify/data/resource';
import { browserRequired, findChromium, launchChromium } from './chromium';
import { serveWebApp, type WebAppServer } from './web-app-server';

const chromiumCheck = findChromium();
const run = chromiumCheck.found;
if (!chromiumCheck.found) console.warn(`Browser tests skipped: ${chromiumCheck.reason}`);

const SCREENSHOTS = path.join(PROJECT_ROOT, '.local/screenshots');
const PHONE = { width: 375, height: 740 };
const DESKTOP = { width: 1200, height: 760 };
/** How long a change may take to show: generous, the machine may be busy. Not a speed check. */
const SHOWS_WITHIN = { timeout: 15_000 };
const OTHER_USER = { email: 'other@example.com', password: 'Other-local-passw0rd' };

let stack: LocalStack;
let localDir: string;
let app: WebAppServer;
let browser: Browser;
let events: EventBridgeClient;

const screenshot = (page: Page, name: string) =>
  page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });

/** Wider than the viewport means the phone user scrolls sideways. */
const horizontalOverflow = (page: Page) => page.locator('html').evaluate((html) => html.scrollWidth - html.clientWidth);

/** Presses Tab until the element has the focus (true), or gives up after a few presses. */
const tabUntilFocused = async (page: Page, target: Locator, presses = 8): Promise<boolean> => {
  for (let i = 0; i < presses; i++) {
    await page.keyboard.press('Tab');
    if (await target.evaluate((el) => el === el.ownerDocument.activeElement)) return true;
  }
  return false;
};

/** Signs in through the Authenticator with the keyboard only: Tab to the field, type, Enter. */
const signIn = async (page: Page, user: { email: string; password: string }) => {
  await page.goto(app.url);
  const email = page.getByLabel('Email');
  await email.waitFor();
  expect(await tabUntilFocused(page, email), 'Tab reaches the e-mail field').toBe(true);
  await page.keyboard.type(user.email);
  await page.keyboard.press('Tab');
  await page.keyboard.type(user.password);
  await page.keyboard.press('Enter');
  await page.getByRole('button', { name: 'Sign out' }).waitFor(SHOWS_WITHIN);
};

const recordingRow = (page: Page, recordingSessionId: string) =>
  page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: recordingSessionId, exact: true }) });

const sendTestEvents = async (file: string) => {
  const entries = parseEntriesFile(await readFile(path.join(PROJECT_ROOT, 'test-events', file), 'utf8'));
  const result = await sendEntries(events, entries);
  expect(result.failedEntryCount, file).toBe(0);
};

const skipWithoutBrowser = (ctx: TestContext) => {
  if (!run) ctx.skip(chromiumCheck.found ? undefined : chromiumCheck.reason);
};

beforeAll(async () => {
  if (!run) return;
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  await mkdir(SCREENSHOTS, { recursive: true });
  localDir = await mkdtemp(path.join(tmpdir(), 'web-e2e-'));
  stack = await startLocalStack(testStackOptions(inject('sandboxAssemblyDir'), localDir));
  await stack.userPool.createUser(OTHER_USER);
  events = localEventBridgeClient(stack.eventBus.endpoint);
  [app, browser] = await Promise.all([
    serveWebApp(localStackOutputs(stack.dataApi.amplifyOutputs(), stack.endpoints)),
    launchChromium(),
  ]);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await stack?.stop();
  if (localDir) await rm(localDir, { recursive: true, force: true });
});

describe('given the machine the tests run on', () => {
  it('when the browser tests start then Chromium is there (required in CI, else they are skipped)', (ctx) => {
    if (!chromiumCheck.found && !browserRequired()) ctx.skip(chromiumCheck.reason);
    expect(chromiumCheck, 'CI runs the browser tests: install Chromium (sudo apt-get install chromium)').toEqual({
      found: true,
    });
  });
});

describe('given the web app served against the local stack', () => {
  let demo: BrowserContext;
  let page: Page;

  afterAll(async () => {
    await demo?.close();
  });

  it('when a visitor opens it on a phone then the Authenticator asks for e-mail and password, with no sideways scroll', async (ctx) => {
    skipWithoutBrowser(ctx);
    const context = await browser.newContext({ viewport: PHONE });
    const visitor = await context.newPage();
    await visitor.goto(app.url);
    await visitor.getByLabel('Email').waitFor();
    expect(await visitor.getByLabel('Password', { exact: true }).isVisible()).toBe(true);
    expect(await horizontalOverflow(visitor)).toBeLessThanOrEqual(0);
    await screenshot(visitor, '1-sign-in-phone');
    await context.close();
  });

  it('when the demo user signs in before any event then the page says how to send test events', async (ctx) => {
    skipWithoutBrowser(ctx);
    demo = await browser.newContext({ viewport: DESKTOP });
    page = await demo.newPage();
    await signIn(page, DEMO_USER);
    await page.getByRole('heading', { name: 'No recordings yet' }).waitFor(SHOWS_WITHIN);
    await page.getByRole('status').filter({ hasText: 'Live updates on' }).waitFor(SHOWS_WITHIN);
    expect(await page.getByLabel('Send test events').textContent()).toContain(
      'npm run events -- test-events/recording-start.json',
    );
    await screenshot(page, '2-empty');
  });

  it('when the test events are put on the bus then the recording appears as STARTED and turns COMPLETED without a reload', async (ctx) => {
    skipWithoutBrowser(ctx);
    let navigations = 0;
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) navigations++;
    });
    await sendTestEvents('recording-start.json');
    const row = recordingRow(page, 'DemoRecSessA1');
    await row.getByText('STARTED', { exact: true }).waitFor(SHOWS_WITHIN);
    await screenshot(page, '3-started');

    await sendTestEvents('recording-end.json');
    await row.getByText('COMPLETED', { exact: true }).waitFor(SHOWS_WITHIN);
    const utc = expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/); // the events carry no time: put-events stamps now
    expect(await row.getByRole('cell').allTextContents()).toEqual([
      'COMPLETED',
      utc,
      utc,
      '30m 34s',
      '—',
      'st-1DemoStreamA2b3c4D5e6F7g8h',
      'Play',
    ]);
    await screenshot(page, '4-completed');

    await sendTestEvents('recording-failure.json');
    await recordingRow(page, 'DemoRecSessB1').getByText('ValidationException').waitFor(SHOWS_WITHIN);
    expect(navigations, 'the page was never reloaded').toBe(0);
    await screenshot(page, '5-failed');
  });

  it('when the demo user plays the completed recording before its media is indexed then the player says it is not ready', async (ctx) => {
    skipWithoutBrowser(ctx);
    await page.getByRole('button', { name: 'Play DemoRecSessA1' }).click();
    const player = page.getByRole('region', { name: /^Recording / });
    await player.getByRole('status').filter({ hasText: 'Not ready to play yet' }).waitFor(SHOWS_WITHIN);
    await player.getByRole('button', { name: 'Close player' }).click();
  });

  it('when its media is indexed and the demo user plays it then the player loads the master playlist with the signed access and shows the poster and the thumbnail scrubber', async (ctx) => {
    skipWithoutBrowser(ctx);
    const iam = generateClient<Schema>({ authMode: 'iam' });
    const id = '123456789012-us-east-1-DemoChannel1-DemoRecSessA1';
    const recording = (await iam.models.Recording.get({ id }, { selectionSet: ['s3KeyPrefix'] })).data;
    const media = await writeTestMedia(
      localS3Client(stack.endpoints.s3Endpoint),
      stack.playback.bucket,
      recording!.s3KeyPrefix!,
    );
    const indexed = await iam.models.Recording.update({
      id,
      ...media.fields,
      mediaIndexedAt: new Date().toISOString(),
    });
    expect(indexed.errors).toBeUndefined();
    const responses: { url: string; status: number }[] = [];
    page.on('response', (r) => responses.push({ url: r.url(), status: r.status() }));

    await page.getByRole('button', { name: 'Play DemoRecSessA1' }).click();
    const player = page.getByRole('region', { name: /^Recording / });
    const video = player.locator('video');
    await video.waitFor(SHOWS_WITHIN);
    const master = `${stack.playback.mediaBaseUrl}/${media.fields.masterPlaylistKey}`;
    await expect
      .poll(() => responses.find((r) => r.url.startsWith(`${master}?Policy=`))?.status, SHOWS_WITHIN)
      .toBe(200);
    await expect
      .poll(
        () =>
          responses.find((r) => r.url.startsWith(`${stack.playback.mediaBaseUrl}/${media.variantPlaylistKey}?`))
            ?.status,
        SHOWS_WITHIN,
      )
      .toBe(200);
    const poster = await video.getAttribute('poster');
    expect(poster).toMatch(/\/media\/latest_thumbnail\/thumb\.jpg\?Policy=.+&Signature=.+&Key-Pair-Id=/);
    // The poster and the strip's images are real JPEGs, loaded with the signed access.
    const strip = player.getByRole('list', { name: 'Thumbnails' }).locator('img');
    await expect.poll(() => strip.count(), SHOWS_WITHIN).toBe(3);
    const loaded = async () =>
      strip.evaluateAll((imgs) => imgs.map((img) => (img as unknown as { naturalWidth: number }).naturalWidth));
    await expect.poll(loaded, SHOWS_WITHIN).toEqual([32, 32, 32]);
    const sources = await strip.evaluateAll((imgs) =>
      imgs.map((img) => new URL((img as unknown as { src: string }).src).pathname.split('/').pop()),
    );
    expect(sources).toEqual(['thumb0.jpg', 'thumb1.jpg', 'thumb2.jpg']);
    expect(await player.getByRole('button', { name: 'Go to 0:02' }).count()).toBe(1);
    // Scrubbing to 3 s previews the thumbnail that covers it (2 s to 4 s: thumb1).
    const slider = player.getByRole('slider', { name: 'Scrub through the recording' });
    await slider.fill('3000');
    await expect
      .poll(async () =>
        (await player.getByTestId('scrubber-preview').getAttribute('src'))?.split('?')[0]?.split('/').pop(),
      )
      .toBe('thumb1.jpg');
    // The video plays: the real H.264 segments are fetched with the signed access, decoded,
    // and its clock advances (muted, as a browser lets a page start playback on its own).
    await video.evaluate((element) => {
      const v = element as unknown as { muted: boolean; play(): Promise<void> };
      v.muted = true;
      return v.play();
    });
    const playing = () =>
      video.evaluate((element) => {
        const v = element as unknown as { currentTime: number; error: { code: number } | null };
        return { advanced: v.currentTime > 0.5, error: v.error?.code ?? null };
      });
    await expect.poll(playing, SHOWS_WITHIN).toEqual({ advanced: true, error: null });
    const segment = `${stack.playback.mediaBaseUrl}/${media.segmentKey}?`;
    expect(responses.find((r) => r.url.startsWith(segment))?.status).toBe(200);
    expect(responses.filter((r) => r.url.startsWith(stack.playback.mediaBaseUrl) && r.status === 403)).toEqual([]);
    await screenshot(page, '5a-player');
    await player.getByRole('button', { name: 'Close player' }).click();
  });

  it('when the demo user opens the failed recording then the player shows its reason', async (ctx) => {
    skipWithoutBrowser(ctx);
    await page.getByRole('button', { name: 'Details of DemoRecSessB1' }).click();
    const player = page.getByRole('region', { name: /^Recording / });
    const reason = player.getByRole('alert').filter({ hasText: 'This recording failed:' });
    await reason.waitFor(SHOWS_WITHIN);
    expect(await reason.textContent()).toContain('ValidationException');
    await screenshot(page, '5b-failed-player');
    await player.getByRole('button', { name: 'Close player' }).click();
  });

  it('when the demo user looks at the recording stats then the totals count both recordings and the chart has a bar per day', async (ctx) => {
    skipWithoutBrowser(ctx);
    const panel = page.getByRole('region', { name: 'Recording stats' });
    const stat = (name: string) => panel.locator(`[data-stat="${name}"]`);
    // Read again as the recordings change (live): both of today's recordings, whatever came first.
    await expect.poll(() => stat('recordings').textContent(), SHOWS_WITHIN).toBe('2');
    expect(await stat('completed').textContent()).toBe('1');
    expect(await stat('failed').textContent()).toBe('1');
    expect(await stat('started').textContent()).toBe('0');
    // The completed one's 30m 34s; the start failure recorded nothing.
    expect(await stat('recorded-time').textContent()).toBe('30m 34s');
    expect(await stat('longest').textContent()).toBe('30m 34s');
    const bars = panel.getByRole('img').locator('[data-day]');
    expect(await bars.count()).toBe(7);
    // Both recordings are today's: the last bar, the only one with a value.
    const values = await bars.evaluateAll((gs) => gs.map((g) => g.getAttribute('data-value')));
    expect(values).toEqual(['0', '0', '0', '0', '0', '0', '2']);
    const today = new Date().toISOString().slice(0, 10);
    expect(await bars.last().getAttribute('data-day')).toBe(today);
    expect(await panel.getByRole('list').textContent()).toBe('ValidationException: 1');
    await screenshot(page, '5c-stats');

    await panel.getByLabel('Last 30 days').check();
    await expect.poll(() => bars.count(), SHOWS_WITHIN).toBe(30);
    expect(await stat('recordings').textContent()).toBe('2');
  });

  it('when the records are read a page at a time then "Load more" brings the rest', async (ctx) => {
    skipWithoutBrowser(ctx);
    const paged = await demo.newPage();
    await paged.goto(`${app.url}?pageSize=1`);
    const rows = paged.getByRole('region', { name: 'Recordings' }).getByRole('row');
    const loadMore = paged.getByRole('button', { name: 'Load more recordings' });
    await loadMore.waitFor(SHOWS_WITHIN);
    expect(await rows.count()).toBe(2); // the header and one recording
    // The keyboard presses it (Enter on the focused button) until every page is read; a press
    // while a page loads changes nothing (each page is asked once).
    await expect
      .poll(async () => {
        if ((await loadMore.count()) > 0 && (await loadMore.isEnabled())) {
          await loadMore.focus();
          await paged.keyboard.press('Enter');
        }
        return loadMore.count();
      }, SHOWS_WITHIN)
      .toBe(0);
    expect(await rows.count()).toBe(3);
    await paged.close();
  });

  it('when the page is as narrow as a phone then the rows fit without sideways scroll', async (ctx) => {
    skipWithoutBrowser(ctx);
    await page.setViewportSize(PHONE);
    await recordingRow(page, 'DemoRecSessA1').waitFor();
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, '6-phone');
  });

  it('when a second user signs in then they see none of it, and how to register a channel', async (ctx) => {
    skipWithoutBrowser(ctx);
    const context = await browser.newContext({ viewport: DESKTOP });
    const other = await context.newPage();
    await signIn(other, OTHER_USER);
    await other.getByRole('heading', { name: 'No channel is registered to your account yet' }).waitFor(SHOWS_WITHIN);
    expect(await other.getByLabel('Register a channel').textContent()).toContain(`--owner ${OTHER_USER.email}`);
    expect(await other.getByText('DemoRecSessA1').count()).toBe(0);
    await screenshot(other, '7-other-user');
    await context.close();
  });

  it('when that user creates a channel then its ingest server shows, its stream key on request, and the page turns to the channel', async (ctx) => {
    skipWithoutBrowser(ctx);
    const context = await browser.newContext({ viewport: DESKTOP });
    const other = await context.newPage();
    await signIn(other, OTHER_USER);
    await other.getByLabel('Channel name (optional)').fill('other-live');
    await other.getByRole('button', { name: 'Create my channel' }).click();

    const ingest = other.locator('[data-field="ingest-server"]');
    await ingest.waitFor(SHOWS_WITHIN);
    const created = (await stack.ivs.storedChannels()).find((c) => c.name === 'other-live');
    expect(created?.tags['owner-sub']).toBe(stack.userPool.findUser(OTHER_USER.email)?.sub);
    expect(await ingest.textContent()).toBe(`rtmps://${created!.ingestEndpoint}:443/app/`);
    expect(await other.locator('[data-field="stream-key"]').count()).toBe(0);
    await other.getByRole('button', { name: 'Show stream key' }).click();
    await other.locator('[data-field="stream-key"]').waitFor(SHOWS_WITHIN);
    expect(await other.locator('[data-field="stream-key"]').textContent()).toBe(created!.streamKey.value);
    // Its Profile arrived by subscription: the page is the channel's now, and no second channel is offered.
    await other.getByRole('heading', { name: 'No recordings yet' }).waitFor(SHOWS_WITHIN);
    expect(await other.getByRole('button', { name: 'Create my channel' }).count()).toBe(0);
    await screenshot(other, '8-channel-created');
    await context.close();
  });
});

import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../cloud-assembly/synthesize';
import { demoChannelArn } from '../local/stack/demo-channel';
import { runScript, type ScriptRun } from '../testing/script-process';
import { parseEntriesFile } from './entries-file';
import { defaultRecordingsBucketName } from '../recordings-bucket/bucket-name';
import { TEST_EVENT_FILES } from './test-events';

const CHANNEL = 'arn:aws:ivs:eu-west-1:111122223333:channel/MyOwnChannel7';

let out: string;
let run: ScriptRun;

beforeAll(async () => {
  out = await mkdtemp(path.join(tmpdir(), 'test-events-'));
  run = await runScript('scripts/test-events.ts', ['--channel-arn', CHANNEL, '--out', out]);
}, 60_000);

afterAll(() => rm(out, { recursive: true, force: true }));

const written = async (name: string) => readFile(path.join(out, name), 'utf8');
const details = async (name: string) =>
  parseEntriesFile(await written(name)).map((e) => JSON.parse(e.Detail!) as Record<string, unknown>);

describe('given npm run test-events for my channel', () => {
  it('when it ran then it wrote the three entries files and printed the put-events commands for them', () => {
    expect(run.code, run.stderr).toBe(0);
    for (const name of TEST_EVENT_FILES)
      expect(run.stdout).toContain(
        `aws events put-events --entries file://${path.relative(PROJECT_ROOT, out)}/${name}`,
      );
  });

  it.each(TEST_EVENT_FILES)(
    'when %s is read then it parses as put-events entries that name only my channel',
    async (name) => {
      const entries = parseEntriesFile(await written(name));
      const template = parseEntriesFile(await readFile(path.join(PROJECT_ROOT, 'test-events', name), 'utf8'));
      expect(entries).toHaveLength(template.length);
      for (const entry of entries) expect(entry.Resources).toEqual([CHANNEL]);
      expect(await written(name)).not.toContain(await demoChannelArn(PROJECT_ROOT));
      // The same broadcast as the template: only the channel changed.
      expect(entries.map((e) => [e.Source, e.DetailType])).toEqual(template.map((e) => [e.Source, e.DetailType]));
    },
  );

  it("when the recording's S3 location is read then it is in the backend's default bucket of my account and region", async () => {
    const buckets = (await Promise.all(TEST_EVENT_FILES.map(details)))
      .flat()
      .map((d) => d.recording_s3_bucket_name)
      .filter((b) => b !== undefined);
    expect(buckets.length).toBeGreaterThan(0);
    for (const bucket of buckets) expect(bucket).toBe(defaultRecordingsBucketName('111122223333', 'eu-west-1'));
  });

  it("when the recording's S3 key prefix is read then it holds my account and channel id", async () => {
    const prefixes = (await Promise.all(TEST_EVENT_FILES.map(details)))
      .flat()
      .map((d) => d.recording_s3_key_prefix)
      .filter((p): p is string => typeof p === 'string' && p !== '');
    expect(prefixes.length).toBeGreaterThan(0);
    for (const prefix of prefixes) expect(prefix).toMatch(/^ivs\/v1\/111122223333\/MyOwnChannel7\//);
  });
});

describe("given the README's deploy walkthrough", () => {
  it('when its commands are read then create-profile and test-events name one channel, and put-events sends what test-events wrote', async () => {
    const readme = await readFile(path.join(PROJECT_ROOT, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Deploy to AWS'));
    const block = /```bash\n([^`]*create-profile[^`]*)```/.exec(section)?.[1] ?? '';
    const lines = block.split('\n');
    const channelOf = (command: string) =>
      / --channel-arn (\S+)/.exec(lines.find((l) => l.includes(command)) ?? '')?.[1];
    expect(channelOf('scripts/create-profile.ts')).toBeDefined();
    expect(channelOf('npm run test-events')).toBe(channelOf('scripts/create-profile.ts'));
    const outDir = / --out (\S+)/.exec(lines.find((l) => l.includes('npm run test-events')) ?? '')?.[1];
    const sent = lines.filter((l) => l.startsWith('aws events put-events')).map((l) => /file:\/\/(\S+)/.exec(l)?.[1]);
    expect(sent).toEqual(TEST_EVENT_FILES.map((name) => `${outDir}/${name}`));
  });
});

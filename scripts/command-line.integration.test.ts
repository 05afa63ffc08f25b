// Every script as a user runs it (a real node process with tsx): --help, a bad
// command line, and the local stack missing or on other ports.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../src/cloud-assembly/synthesize';
import { startPutEventsServer, type PutEventsServer } from '../src/local/event-bus/put-events-server';
import type { EventEnvelope } from '../src/local/event-bus';
import { LOCAL_PORTS, LOCAL_SERVICES } from '../src/local/stack/local-endpoints';
import {
  closedPort,
  errorLines,
  inParallel,
  runScript,
  scriptEnvironment,
  stackTraceLines,
  type ScriptRun,
} from '../src/testing/script-process';

/** Each script with a command line that names a bad value, and the line it must print. */
const SCRIPTS: ReadonlyArray<{ script: string; badArgs: string[]; badEnv?: NodeJS.ProcessEnv; says: string }> = [
  {
    script: 'scripts/start.ts',
    badArgs: [],
    badEnv: { LOCAL_EVENTS_PORT: 'eighty' },
    says: 'LOCAL_EVENTS_PORT must be a port number',
  },
  { script: 'scripts/put-events.ts', badArgs: ['no-such-entries.json'], says: 'no-such-entries.json not found' },
  {
    script: 'scripts/create-user.ts',
    badArgs: ['--email', 'a@example.com'],
    says: '--email and --password are required',
  },
  {
    script: 'scripts/create-profile.ts',
    badArgs: ['--channel-arn', 'my-channel'],
    says: '--channel-arn must be an IVS channel ARN',
  },
  {
    script: 'scripts/recordings.ts',
    badArgs: ['--channel-arn', 'my-channel'],
    says: '--channel-arn must be an IVS channel ARN',
  },
  { script: 'scripts/simulate.ts', badArgs: ['--channels', 'many'], says: '--channels must be an integer' },
  { script: 'scripts/redrive.ts', badArgs: ['--max', '0'], says: '--max must be an integer of at least 1' },
  {
    script: 'scripts/reconcile.ts',
    badArgs: ['--stale-after-minutes', '0'],
    says: '--stale-after-minutes must be a number',
  },
  { script: 'scripts/retention.ts', badArgs: ['--now', 'yesterday'], says: '--now must be an ISO time' },
  { script: 'scripts/synth.ts', badArgs: ['production'], says: 'unknown backend type "production"' },
  { script: 'scripts/outputs-example.ts', badArgs: ['extra'], says: "Unexpected argument 'extra'" },
  {
    script: 'scripts/test-events.ts',
    badArgs: ['--channel-arn', 'arn:aws:ivs:us-east-1:1:channel/x'],
    says: '--channel-arn must be an IVS channel ARN',
  },
  { script: 'bench/run.ts', badArgs: ['--sizes', '10,abc'], says: '--sizes must be an integer' },
];

type Runs = { help: ScriptRun; unknown: ScriptRun; bad: ScriptRun };
// Should a broken parser let a script go on, a stack it starts takes free ports, not the default ones.
const FREE_PORTS = Object.fromEntries(LOCAL_SERVICES.map((service) => [LOCAL_PORTS[service].variable, '0']));
const quick = (extra: NodeJS.ProcessEnv = {}) => ({
  env: scriptEnvironment({ ...FREE_PORTS, ...extra }),
  killAfterMs: 60_000,
});
const runs = new Map<string, Runs>();

let dir: string;
let server: PutEventsServer;
const received: EventEnvelope[] = [];
let unreachable: {
  envOverride: ScriptRun;
  fromOutputs: ScriptRun;
  data: ScriptRun;
  lambda: ScriptRun;
  delivered: ScriptRun;
};
let ports: { outputs: number; env: number; data: number; lambda: number };

const outputsWith = (local: Record<string, string>, dataUrl: string) =>
  JSON.stringify({
    version: '1.4',
    data: { url: dataUrl, aws_region: 'us-east-1' },
    custom: { ivsRecordingsLocalStack: true, local },
  });

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'scripts-cli-'));
  server = await startPutEventsServer({ port: 0, quiet: true, publish: (envelope) => received.push(envelope) });
  ports = {
    outputs: await closedPort(),
    env: await closedPort(),
    data: await closedPort(),
    lambda: await closedPort(),
  };
  const url = (port: number) => `http://127.0.0.1:${port}`;
  // A stack that stopped: every endpoint its outputs name is closed.
  const stopped = path.join(dir, 'stopped');
  const running = path.join(dir, 'running');
  await Promise.all([
    import('node:fs/promises').then(({ mkdir }) => mkdir(stopped)),
    import('node:fs/promises').then(({ mkdir }) => mkdir(running)),
  ]);
  await writeFile(
    path.join(stopped, 'amplify_outputs.json'),
    outputsWith(
      { eventsEndpoint: url(ports.outputs), lambdaEndpoint: url(ports.lambda) },
      `${url(ports.data)}/graphql`,
    ),
  );
  // A stack on non-default ports that is up (only its events endpoint matters here).
  await writeFile(
    path.join(running, 'amplify_outputs.json'),
    outputsWith({ eventsEndpoint: server.endpoint }, `${url(ports.data)}/graphql`),
  );
  const entries = path.join(PROJECT_ROOT, 'test-events/recording-start.json');

  const tasks: Array<() => Promise<unknown>> = [];
  for (const { script, badArgs, badEnv } of SCRIPTS) {
    const entry: Partial<Runs> = {};
    runs.set(script, entry as Runs);
    tasks.push(async () => (entry.help = await runScript(script, ['--help'], quick())));
    tasks.push(async () => (entry.unknown = await runScript(script, ['--no-such-option'], quick())));
    tasks.push(async () => (entry.bad = await runScript(script, badArgs, quick(badEnv))));
  }
  const results: Partial<typeof unreachable> = {};
  tasks.push(async () => (results.fromOutputs = await runScript('scripts/put-events.ts', [entries], { cwd: stopped })));
  tasks.push(
    async () =>
      (results.envOverride = await runScript('scripts/put-events.ts', [entries], {
        cwd: stopped,
        env: scriptEnvironment({ LOCAL_EVENTS_PORT: String(ports.env) }),
      })),
  );
  tasks.push(
    async () =>
      (results.data = await runScript(
        'scripts/create-profile.ts',
        ['--channel-arn', 'arn:aws:ivs:us-east-1:123456789012:channel/AbCd'],
        { cwd: stopped },
      )),
  );
  tasks.push(
    async () =>
      (results.lambda = await runScript(
        'scripts/redrive.ts',
        ['--apply', '--capture-file', path.join(dir, 'failed.jsonl')],
        { cwd: stopped },
      )),
  );
  tasks.push(async () => (results.delivered = await runScript('scripts/put-events.ts', [entries], { cwd: running })));
  await inParallel(tasks, 4);
  unreachable = results as typeof unreachable;
}, 300_000);

afterAll(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

describe.each(SCRIPTS.map((s) => [s.script, s] as const))('given %s', (script, { says }) => {
  it('when run with --help then it prints its usage and exits 0', () => {
    const { help } = runs.get(script)!;
    expect(help.code, help.stderr).toBe(0);
    expect(help.stdout).toMatch(/^usage: /);
    expect(help.stdout.split('\n').length).toBeGreaterThan(2);
  });

  it('when given an unknown option then it says so in one line and exits 2', () => {
    const { unknown } = runs.get(script)!;
    expect(unknown.code, unknown.stdout + unknown.stderr).toBe(2);
    expect(errorLines(unknown.stderr)).toEqual([expect.stringContaining("Unknown option '--no-such-option'")]);
    expect(stackTraceLines(unknown.stderr)).toEqual([]);
  });

  it('when given a bad value then it names it in one line and exits 2', () => {
    const { bad } = runs.get(script)!;
    expect(bad.code, bad.stdout + bad.stderr).toBe(2);
    expect(errorLines(bad.stderr)).toEqual([expect.stringContaining(says)]);
    expect(stackTraceLines(bad.stderr)).toEqual([]);
  });
});

describe('given amplify_outputs.json of a local stack that is not running', () => {
  it('when events are sent then the script names the endpoint from the outputs and says to run npm start', () => {
    const run = unreachable.fromOutputs;
    expect(run.code).toBe(1);
    expect(errorLines(run.stderr)).toEqual([
      expect.stringMatching(new RegExp(`http://127\\.0\\.0\\.1:${ports.outputs}.*npm start`)),
    ]);
  });

  it('when LOCAL_EVENTS_PORT is set then it wins over the outputs file', () => {
    const run = unreachable.envOverride;
    expect(run.code).toBe(1);
    expect(errorLines(run.stderr)).toEqual([
      expect.stringMatching(new RegExp(`http://127\\.0\\.0\\.1:${ports.env}.*npm start`)),
    ]);
  });

  it('when a profile is created then the data endpoint is named', () => {
    const run = unreachable.data;
    expect(run.code).toBe(1);
    expect(errorLines(run.stderr)).toEqual([
      expect.stringMatching(new RegExp(`http://127\\.0\\.0\\.1:${ports.data}/graphql.*npm start`)),
    ]);
  });

  it('when failed events are redriven then the Lambda Invoke endpoint is named', () => {
    const run = unreachable.lambda;
    expect(run.code).toBe(1);
    expect(errorLines(run.stderr)).toEqual([
      expect.stringMatching(new RegExp(`http://127\\.0\\.0\\.1:${ports.lambda}.*npm start`)),
    ]);
  });
});

describe('given amplify_outputs.json of a local stack on non-default ports', () => {
  it('when events are sent from that folder with no flags then they reach its events endpoint', async () => {
    const run = unreachable.delivered;
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`Sent 2 entries to ${server.endpoint}`);
    const sent = JSON.parse(
      await readFile(path.join(PROJECT_ROOT, 'test-events/recording-start.json'), 'utf8'),
    ) as Array<{ DetailType: string }>;
    expect(received.map((e) => e['detail-type'])).toEqual(sent.map((e) => e.DetailType));
  });
});

/**
 * Section 4: the synthesized bundle of RecordingStatusHandler, loaded as Lambda would:
 * a fresh Node process with the function's environment imports index.mjs, then
 * handles one event (a Stream Start for a channel with a profile), written through the
 * local data API. The banner starts a 60 s SSM refresh interval, so the child exits itself.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import type { FunctionEnvironment } from '../local/data-api';
import { IVS_EVENT_SOURCE, STREAM_STATE_CHANGE } from '../recording-engine/ivs-event';

export type ColdStartRun = {
  /** Node started to the child's first line (process boot). */
  bootMs: number;
  /** import(index.mjs): module evaluation, Amplify configuration, model schema download. */
  importMs: number;
  /** The first event, from the handler call to the record written. */
  firstEventMs: number;
  /** Process start to the first event written. */
  totalMs: number;
  /** Parent's view: spawn to exit. */
  wallMs: number;
  outcome: string;
};

const CHILD = `
const boot = performance.now();
const [bundle, eventJson] = [process.argv[1], process.argv[2]];
const t0 = performance.now();
const mod = await import(bundle);
const t1 = performance.now();
const result = await mod.handler(JSON.parse(eventJson), { awsRequestId: 'cold-start', getRemainingTimeInMillis: () => 30000 });
const t2 = performance.now();
process.stdout.write('\\nBENCH_RESULT ' + JSON.stringify({ bootMs: boot, importMs: t1 - t0, firstEventMs: t2 - t1, totalMs: t2, outcome: result && result.outcome }) + '\\n');
process.exit(0);
`;

/** The result line of the child among whatever the function logged. */
export const parseChildResult = (stdout: string): Omit<ColdStartRun, 'wallMs'> | null => {
  const line = stdout.split('\n').find((l) => l.startsWith('BENCH_RESULT '));
  return line ? (JSON.parse(line.slice('BENCH_RESULT '.length)) as Omit<ColdStartRun, 'wallMs'>) : null;
};

export const streamStartEvent = (channelArn: string, streamId: string) => ({
  version: '0',
  id: randomUUID(),
  'detail-type': STREAM_STATE_CHANGE,
  source: IVS_EVENT_SOURCE,
  account: channelArn.split(':')[4],
  time: '2026-03-01T00:00:00Z',
  region: channelArn.split(':')[3],
  resources: [channelArn],
  detail: { event_name: 'Stream Start', channel_name: 'Cold start', stream_id: streamId },
});

export const runColdStart = (entryFile: string, env: FunctionEnvironment, event: unknown): Promise<ColdStartRun> =>
  new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(
      process.execPath,
      ['--input-type=module', '-e', CHILD, pathToFileURL(entryFile).href, JSON.stringify(event)],
      {
        env: { PATH: process.env.PATH, ...env, AMPLIFY_SSM_ENV_CONFIG: '{}', NODE_OPTIONS: '' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      const result = parseChildResult(stdout);
      if (code !== 0 || !result) {
        reject(new Error(`cold-start child exited ${code}:\n${stderr.slice(-2000)}\n${stdout.slice(-1000)}`));
        return;
      }
      resolve({ ...result, wallMs: performance.now() - started });
    });
  });

export type ColdStartMedians = { importMs: number; firstEventMs: number; totalMs: number; wallMs: number };

export const coldStartMedians = (
  runs: readonly Omit<ColdStartRun, 'outcome'>[],
  median: (samples: number[]) => number,
): ColdStartMedians => ({
  importMs: median(runs.map((r) => r.importMs)),
  firstEventMs: median(runs.map((r) => r.firstEventMs)),
  totalMs: median(runs.map((r) => r.totalMs)),
  wallMs: median(runs.map((r) => r.wallMs)),
});

/**
 * The real handler's cold start over the minimal handler's, process start to first event
 * written, both measured in the same run: a noisy machine slows both, the ratio less.
 */
export const coldStartRatio = (handler: ColdStartMedians, minimal: ColdStartMedians): number => {
  if (!(minimal.totalMs > 0))
    throw new Error(`The minimal handler's cold start must be positive, got ${minimal.totalMs} ms`);
  return handler.totalMs / minimal.totalMs;
};

/**
 * Alternates the two handlers run by run (handler, minimal, handler, ...), so a burst of
 * load on the machine falls on both, not on one.
 */
export const alternate = async <T>(runs: number, measure: (which: 'handler' | 'minimal', i: number) => Promise<T>) => {
  const handler: T[] = [];
  const minimal: T[] = [];
  for (let i = 0; i < runs; i++) {
    handler.push(await measure('handler', i));
    minimal.push(await measure('minimal', i));
  }
  return { handler, minimal };
};

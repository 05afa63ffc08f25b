// npm start as a process manager or a terminal runs it: `npm start` (npm, then node
// running scripts/start.ts), on free ports, each stack in its own folder.
import type { ChildProcess } from 'node:child_process';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { PROJECT_ROOT } from '../src/cloud-assembly/synthesize';
import { LOCAL_PORTS, LOCAL_SERVICES, localEndpointsIn, type LocalEndpoints } from '../src/local/stack/local-endpoints';
import { LOCK_FILE_NAME } from '../src/local/stack/stack-lock';
import {
  errorLines,
  runScript,
  scriptEnvironment,
  stackTraceLines,
  type ScriptRun,
} from '../src/testing/script-process';

const FREE_PORTS = {
  ...Object.fromEntries(LOCAL_SERVICES.map((service) => [LOCAL_PORTS[service].variable, '0'])),
  POWERTOOLS_LOG_LEVEL: 'SILENT',
};

type RunningStack = {
  folder: string;
  npm: ChildProcess;
  stdout: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** The node process running scripts/start.ts. */
  nodePid: number;
  /** Every process under npm once the stack was up. */
  processes: Array<{ pid: number; command: string }>;
  endpoints: LocalEndpoints;
  outputsFile: string;
};

const stackArgs = (folder: string, inMemory: boolean) => [
  ...(inMemory ? ['--in-memory'] : []),
  '--local-dir',
  path.join(folder, '.local'),
  '--outputs',
  path.join(folder, 'amplify_outputs.json'),
  '--assembly',
  inject('sandboxAssemblyDir'),
];

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** The processes under `root` (ps works the same on Linux and macOS). */
const descendants = (root: number): Array<{ pid: number; command: string }> => {
  const table = execFileSync('ps', ['-A', '-o', 'pid=,ppid=,args='], { encoding: 'utf8' })
    .split('\n')
    .map((line) => /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ pid: Number(m[1]), ppid: Number(m[2]), command: m[3]! }));
  const found: Array<{ pid: number; command: string }> = [];
  const walk = (parent: number) => {
    for (const p of table.filter((row) => row.ppid === parent)) {
      found.push(p);
      walk(p.pid);
    }
  };
  walk(root);
  return found;
};

const refusesConnections = (endpoint: string): Promise<boolean> =>
  new Promise((resolve) => {
    const url = new URL(endpoint);
    const socket = connect({ host: url.hostname, port: Number(url.port) });
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });

/** `npm start -- <args>` in the project, up once it printed its banner. */
const started: ChildProcess[] = [];
const startStack = async (folder: string, inMemory: boolean): Promise<RunningStack> => {
  const npm = spawn('npm', ['start', '--', ...stackArgs(folder, inMemory)], {
    cwd: PROJECT_ROOT,
    env: scriptEnvironment(FREE_PORTS),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.push(npm);
  let out = '';
  let err = '';
  npm.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  npm.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    npm.on('exit', (code, signal) => resolve({ code, signal })),
  );
  await new Promise<void>((resolve, reject) => {
    const check = () => {
      if (out.includes('Local IVS recordings stack is up')) resolve();
    };
    npm.stdout!.on('data', check);
    void exited.then(({ code }) => reject(new Error(`npm start exited (${code}) before it was up:\n${out}\n${err}`)));
  });
  const outputsFile = path.join(folder, 'amplify_outputs.json');
  const endpoints = localEndpointsIn(JSON.parse(await readFile(outputsFile, 'utf8'))) as LocalEndpoints;
  const processes = descendants(npm.pid!);
  // The innermost process running the script (whatever npm, a shell or tsx put in between).
  const nodePid = processes.filter((p) => p.command.includes('scripts/start.ts')).at(-1)?.pid;
  if (nodePid === undefined) throw new Error(`no process runs scripts/start.ts under npm ${npm.pid}`);
  return { folder, npm, stdout: () => out, exited, nodePid, processes, endpoints, outputsFile };
};

type Case = { name: string; target: 'npm' | 'node'; signal: NodeJS.Signals; inMemory: boolean; staleLock?: boolean };
const CASES: Case[] = [
  { name: 'npm gets SIGTERM (a process manager)', target: 'npm', signal: 'SIGTERM', inMemory: false },
  { name: 'npm gets SIGINT', target: 'npm', signal: 'SIGINT', inMemory: true },
  { name: 'the node process gets SIGTERM', target: 'node', signal: 'SIGTERM', inMemory: true, staleLock: true },
  { name: 'the node process gets SIGINT', target: 'node', signal: 'SIGINT', inMemory: false },
];

let root: string;
const stacks = new Map<string, RunningStack>();
let second: {
  run: ScriptRun;
  outputsBefore: string;
  outputsAfter: string;
  mtimeBefore: number;
  mtimeAfter: number;
  firstPid: number;
};
let deadPid: number;

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'npm-start-'));
  // A pid that was running a moment ago and is gone now: a killed stack's stale lock.
  const gone = spawn(process.execPath, ['-e', '']);
  deadPid = gone.pid!;
  await new Promise((resolve) => gone.on('exit', resolve));
  await Promise.all(
    CASES.map(async (c, i) => {
      const folder = path.join(root, `stack-${i}`);
      if (c.staleLock) {
        await import('node:fs/promises').then(({ mkdir }) => mkdir(path.join(folder, '.local'), { recursive: true }));
        await writeFile(path.join(folder, '.local', LOCK_FILE_NAME), `${deadPid}\n`);
      }
      stacks.set(c.name, await startStack(folder, c.inMemory));
    }),
  );
  // A second npm start in the first stack's folder, --in-memory (which used to overwrite its outputs).
  const first = stacks.get(CASES[0]!.name)!;
  const outputsBefore = await readFile(first.outputsFile, 'utf8');
  const mtimeBefore = (await stat(first.outputsFile)).mtimeMs;
  const run = await runScript('scripts/start.ts', stackArgs(first.folder, true), {
    env: scriptEnvironment(FREE_PORTS),
    killWhen: (out) => out.includes('Local IVS recordings stack is up'),
  });
  second = {
    run,
    outputsBefore,
    outputsAfter: await readFile(first.outputsFile, 'utf8'),
    mtimeBefore,
    mtimeAfter: (await stat(first.outputsFile)).mtimeMs,
    firstPid: first.nodePid,
  };
}, 240_000);

afterAll(async () => {
  // Whatever a failed test left running, and only what this file started.
  const pids = new Set([
    ...started.flatMap((npm) => descendants(npm.pid!).map((p) => p.pid)),
    ...[...stacks.values()].flatMap((s) => s.processes.map((p) => p.pid)),
  ]);
  for (const pid of [...pids].reverse()) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
  for (const npm of started) if (npm.exitCode === null) npm.kill('SIGKILL');
  await rm(root, { recursive: true, force: true });
});

describe('given a running npm start', () => {
  it('when a second npm start runs in the same folder then it says so in one line, exits 1 and overwrites nothing', () => {
    expect(second.run.code, second.run.stdout + second.run.stderr).toBe(1);
    expect(errorLines(second.run.stderr)).toEqual([
      expect.stringContaining(`already running in this folder (pid ${second.firstPid}`),
    ]);
    expect(stackTraceLines(second.run.stderr)).toEqual([]);
    expect(second.outputsAfter).toBe(second.outputsBefore);
    expect(second.mtimeAfter).toBe(second.mtimeBefore);
  });

  it('then its lock file in the local folder holds the pid of its node process', async () => {
    for (const stack of stacks.values()) {
      expect(Number(await readFile(path.join(stack.folder, '.local', LOCK_FILE_NAME), 'utf8'))).toBe(stack.nodePid);
    }
  });

  it('when its folder held the lock of a stack that was killed then it took the lock over', () => {
    const stack = stacks.get(CASES.find((c) => c.staleLock)!.name)!;
    expect(isAlive(deadPid)).toBe(false);
    expect(isAlive(stack.nodePid)).toBe(true);
  });

  it('then amplify_outputs.json names every endpoint it serves, on the ports it chose', async () => {
    const stack = stacks.get(CASES[0]!.name)!;
    const outputs = JSON.parse(await readFile(stack.outputsFile, 'utf8')) as { data: { url: string } };
    expect(Object.keys(stack.endpoints).sort()).toEqual([
      'dataEndpoint',
      'eventsEndpoint',
      'lambdaEndpoint',
      's3Endpoint',
      'userPoolEndpoint',
    ]);
    expect(stack.endpoints.dataEndpoint).toBe(outputs.data.url);
    for (const endpoint of Object.values(stack.endpoints)) {
      expect(endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+/);
      expect(stack.stdout()).toContain(endpoint);
      expect(await refusesConnections(endpoint), endpoint).toBe(false);
    }
  });
});

describe.each(CASES.map((c) => [c.name, c] as const))('given npm start, when %s', (name, { target, signal }) => {
  it('then npm and node exit, no endpoint answers and the lock is gone', async () => {
    const stack = stacks.get(name)!;
    expect(Object.keys(stack.endpoints)).toHaveLength(LOCAL_SERVICES.length);
    process.kill(target === 'npm' ? stack.npm.pid! : stack.nodePid, signal);
    const exit = await stack.exited;
    expect(exit, stack.stdout()).toEqual({ code: 0, signal: null });
    expect(stack.stdout()).toContain(`${signal}: stopping the local stack`);
    // npm returns once node exited: the stack's process is gone, not merely quiet.
    expect(isAlive(stack.nodePid)).toBe(false);
    // A helper process (tsx's esbuild service) ends once its parent is gone: wait for it, never kill it.
    for (let i = 0; i < 100 && stack.processes.some((p) => isAlive(p.pid)); i++)
      await new Promise((r) => setTimeout(r, 100));
    expect(stack.processes.filter((p) => isAlive(p.pid))).toEqual([]);
    for (const endpoint of Object.values(stack.endpoints))
      expect(await refusesConnections(endpoint), endpoint).toBe(true);
    await expect(stat(path.join(stack.folder, '.local', LOCK_FILE_NAME))).rejects.toThrow(/ENOENT/);
  }, 60_000);
});

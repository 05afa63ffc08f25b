/**
 * Test helpers that run the project's scripts as a user does: a real node
 * process with tsx's loader, in the folder and environment the test chooses.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';
import { PROJECT_ROOT } from '../cloud-assembly/synthesize';

const TSX_LOADER = pathToFileURL(createRequire(path.join(PROJECT_ROOT, 'package.json')).resolve('tsx')).href;

export type ScriptRun = { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string };

/** The environment a script gets: this one minus vitest's own and the local stack's port variables. */
export const scriptEnvironment = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({
  ...Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith('VITEST') && !/^LOCAL_[A-Z_]+_PORT$/.test(k)),
  ),
  NO_COLOR: '1',
  ...extra,
});

/** Starts `node --import tsx <script> ...args` (script relative to the project root). */
export const spawnScript = (
  script: string,
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): ChildProcess =>
  spawn(process.execPath, ['--import', TSX_LOADER, path.join(PROJECT_ROOT, script), ...args], {
    cwd: options.cwd ?? PROJECT_ROOT,
    env: options.env ?? scriptEnvironment(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });

/**
 * Runs a script to its end and collects what it printed. `killWhen`, or
 * `killAfterMs` (default 120 s), ends a script that should have stopped but is
 * still running (a broken parser that went on to start a stack): its exit is then null.
 */
export const runScript = (
  script: string,
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; killWhen?: (stdout: string) => boolean; killAfterMs?: number } = {},
): Promise<ScriptRun> =>
  new Promise((resolve, reject) => {
    const child = spawnScript(script, args, options);
    const guard = setTimeout(() => child.kill('SIGKILL'), options.killAfterMs ?? 120_000);
    child.on('close', () => clearTimeout(guard));
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (options.killWhen?.(stdout)) child.kill('SIGKILL');
    });
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });

/** Runs tasks with at most `limit` at once (spawning every script at once would thrash two cores). */
export const inParallel = async <T>(tasks: ReadonlyArray<() => Promise<T>>, limit: number): Promise<T[]> => {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const index = next++;
      results[index] = await tasks[index]!();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return results;
};

/** A port that was free a moment ago and that nothing listens on now. */
export const closedPort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });

/** Lines that look like a stack trace ("    at f (file:1:2)"). */
export const stackTraceLines = (text: string): string[] =>
  text.split('\n').filter((line) => /^\s+at .+[:(]/.test(line));

/** The lines a script printed on stderr, minus Node's and the AWS SDK's warnings about the Node version. */
export const errorLines = (stderr: string): string[] => {
  const lines = stderr.split('\n').filter((l) => l.trim() !== '');
  const start = lines.findIndex((l) => l.includes('NodeVersionSupportWarning'));
  if (start === -1) return lines;
  // The SDK's warning spans a few lines, up to Node's "(Use `node --trace-warnings ...`" hint.
  const end = lines.findIndex((l, i) => i > start && l.startsWith('(Use `node --trace-warnings'));
  return [...lines.slice(0, start), ...lines.slice(end + 1)];
};

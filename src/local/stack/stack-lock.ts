/**
 * One `npm start` per folder: a lock file in the local folder holding the pid
 * of the stack that owns it. A lock whose pid is dead (a stack that was killed)
 * is taken over.
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';

export const LOCK_FILE_NAME = 'npm-start.lock';

export class StackAlreadyRunningError extends Error {
  override readonly name = 'StackAlreadyRunningError';
  constructor(
    readonly pid: number,
    readonly file: string,
  ) {
    super(
      `the local stack is already running in this folder (pid ${pid}, lock ${file}): stop it first, or use another folder`,
    );
  }
}

export type StackLock = {
  file: string;
  /** Removes the lock if it is still ours. */
  release(): Promise<void>;
  /** The same, for process 'exit' handlers. */
  releaseSync(): void;
};

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, it is someone else's.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

const holderOf = (text: string): number | null => {
  const pid = Number(text.trim());
  return Number.isInteger(pid) && pid > 0 ? pid : null;
};

export const acquireStackLock = async (localDir: string, pid: number = process.pid): Promise<StackLock> => {
  await mkdir(localDir, { recursive: true });
  const file = path.join(localDir, LOCK_FILE_NAME);
  const ours = (text: string) => holderOf(text) === pid;
  const lock: StackLock = {
    file,
    release: async () => {
      if (ours(await readFile(file, 'utf8').catch(() => ''))) await rm(file, { force: true });
    },
    releaseSync: () => {
      try {
        if (ours(readFileSync(file, 'utf8'))) rmSync(file, { force: true });
      } catch {
        // Already gone.
      }
    },
  };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      await writeFile(file, `${pid}\n`, { flag: 'wx' });
      return lock;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = holderOf(await readFile(file, 'utf8').catch(() => ''));
    if (holder !== null && holder !== pid && isAlive(holder)) throw new StackAlreadyRunningError(holder, file);
    // Stale (its process is gone) or unreadable: take it over.
    await rm(file, { force: true });
  }
  throw new Error(`could not take the lock ${file}`);
};

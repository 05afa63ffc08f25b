/** Where and when a benchmark ran: date, machine and git commit. */
import { execFileSync } from 'node:child_process';
import os from 'node:os';

export type MachineInfo = {
  date: string;
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  node: string;
  platform: string;
  commit: string;
  /** Uncommitted changes in the working tree when the bench ran. */
  dirty: boolean;
};

const git = (args: string[], cwd: string): string => {
  try {
    return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return '';
  }
};

export const machineInfo = (cwd: string, now = new Date()): MachineInfo => ({
  date: now.toISOString(),
  cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown',
  cores: os.cpus().length,
  memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
  node: process.version,
  platform: `${os.platform()} ${os.release()} ${os.arch()}`,
  commit: git(['rev-parse', '--short=12', 'HEAD'], cwd) || 'unknown',
  dirty: git(['status', '--porcelain'], cwd) !== '',
});

/**
 * The one command-line parser of the scripts (node:util parseArgs): `--help`
 * prints the usage and exits 0; an unknown option or a bad value is one line
 * on stderr and exit 2; any other failure is one line and exit 1, never a
 * stack trace.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { BadPortError } from '../local/stack/local-endpoints';
import { parseChannelArn } from '../recording-engine/channel-arn';

/** A command line that cannot be run: exit 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** The local stack (or another endpoint) does not answer: exit 1 with what was tried. */
export class UnreachableEndpointError extends Error {
  override readonly name = 'UnreachableEndpointError';
}

type Parsed<T extends ParseArgsConfig> = ReturnType<typeof parseArgs<T>>;

/**
 * Parses the arguments (strict: unknown options and missing values are usage
 * errors). `--help` or `-h` anywhere prints `usage` and exits 0.
 */
export const parseCommandLine = <T extends ParseArgsConfig>(
  usage: string,
  config: T,
  args: readonly string[] = process.argv.slice(2),
): Parsed<T> => {
  const wantsHelp = args.some((arg) => arg === '--help' || arg === '-h');
  if (wantsHelp) {
    process.stdout.write(`${usage.trimEnd()}\n`);
    process.exit(0);
  }
  try {
    return parseArgs({ ...config, args, strict: true }) as Parsed<T>;
  } catch (error) {
    throw new UsageError((error as Error).message.split('\n')[0]!);
  }
};

/** An integer option's value, within bounds. */
export const integerValue = (
  option: string,
  text: string,
  { min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER } = {},
): number => {
  const value = /^-?\d+$/.test(text.trim()) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    const range =
      min === Number.MIN_SAFE_INTEGER
        ? ''
        : max === Number.MAX_SAFE_INTEGER
          ? ` of at least ${min}`
          : ` from ${min} to ${max}`;
    throw new UsageError(`--${option} must be an integer${range}, got "${text}"`);
  }
  return value;
};

/** A fraction option's value (0 to 1). */
export const fractionValue = (option: string, text: string): number => {
  const value = text.trim() === '' ? Number.NaN : Number(text);
  if (!(value >= 0 && value <= 1)) throw new UsageError(`--${option} must be a number from 0 to 1, got "${text}"`);
  return value;
};

/** An IVS channel ARN option's value. */
export const channelArnValue = (option: string, text: string): string => {
  if (!parseChannelArn(text)) {
    throw new UsageError(
      `--${option} must be an IVS channel ARN (arn:aws:ivs:<region>:<account>:channel/<id>), got "${text}"`,
    );
  }
  return text;
};

const connectionRefused = (error: unknown): boolean => {
  for (let e: unknown = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if ((e as { code?: unknown }).code === 'ECONNREFUSED') return true;
    const inner = (e as { errors?: unknown }).errors;
    if (Array.isArray(inner) && inner.some(connectionRefused)) return true;
  }
  return false;
};

/** The one line a failure prints. */
export const failureLine = (command: string, error: unknown): string => {
  if (error instanceof UsageError) return `${command}: ${error.message} (see --help)`;
  if (error instanceof UnreachableEndpointError) return `${command}: ${error.message}`;
  if (error instanceof BadPortError) return `${command}: ${error.message}`;
  if (connectionRefused(error)) {
    return `${command}: the local stack stopped answering (${(error as Error).message}): is npm start still running?`;
  }
  const message = error instanceof Error ? error.message : String(error);
  return `${command} failed: ${message.split('\n')[0]}`;
};

/** The exit code of a failure. */
export const failureExitCode = (error: unknown): number =>
  error instanceof UsageError || error instanceof BadPortError ? 2 : 1;

/**
 * Runs a script's body: its result is the exit code (default 0); a thrown
 * error becomes one line on stderr and exit 2 (usage) or 1.
 */
export const runCommand = async (command: string, main: () => Promise<number | void>): Promise<void> => {
  try {
    process.exitCode = (await main()) ?? 0;
  } catch (error) {
    console.error(failureLine(command, error));
    process.exitCode = failureExitCode(error);
  }
};

/**
 * The local stand-in for the on-failure SQS queue: failure records kept in
 * memory and, when a file is given, appended to it as JSON lines.
 *
 * Every file operation goes through one promise chain, so appends from the
 * invoker and rewrites from redrive never interleave within this process.
 * Two processes writing the same file are not coordinated.
 */
import { appendFile, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { isFailureRecord, type FailureRecord } from '../../redrive/on-failure-record';

/** One parsed line of a JSON-lines capture; unparsable lines are kept verbatim. */
export type CaptureLine = { line: string; record?: FailureRecord };

export const parseCaptureLines = (text: string): CaptureLine[] =>
  text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      try {
        const value = JSON.parse(line) as unknown;
        return isFailureRecord(value) ? { line, record: value } : { line };
      } catch {
        return { line };
      }
    });

export class FailureStore {
  private readonly memory: FailureRecord[] = [];
  private chain: Promise<unknown> = Promise.resolve();

  constructor(readonly file?: string) {}

  /** Records captured by this process (and not since removed). */
  records(): readonly FailureRecord[] {
    return this.memory;
  }

  append(record: FailureRecord): Promise<void> {
    this.memory.push(record);
    const file = this.file;
    if (!file) return Promise.resolve();
    return this.enqueue(async () => {
      await mkdir(path.dirname(file), { recursive: true });
      await appendFile(file, `${JSON.stringify(record)}\n`, 'utf8');
    });
  }

  /** Every record in the file (or in memory when there is no file). */
  readAll(): Promise<FailureRecord[]> {
    return this.enqueue(async () =>
      this.file ? (await this.readLines()).flatMap((l) => (l.record ? [l.record] : [])) : [...this.memory],
    );
  }

  /** Removes the records with these request ids; returns how many were removed. */
  remove(requestIds: ReadonlySet<string>): Promise<number> {
    const keep = (r: FailureRecord): boolean => !requestIds.has(r.requestContext.requestId);
    const before = this.memory.length;
    this.memory.splice(0, this.memory.length, ...this.memory.filter(keep));
    const removedFromMemory = before - this.memory.length;
    const file = this.file;
    if (!file) return Promise.resolve(removedFromMemory);
    return this.enqueue(async () => {
      const lines = await this.readLines();
      const kept = lines.filter((l) => !l.record || keep(l.record));
      // Write then rename, so a crash never leaves a half-written capture.
      const temp = `${file}.${process.pid}.tmp`;
      await writeFile(temp, kept.map((l) => `${l.line}\n`).join(''), 'utf8');
      await rename(temp, file);
      return lines.length - kept.length;
    });
  }

  /** Resolves once every file operation started so far has finished. */
  settled(): Promise<void> {
    return this.chain.then(
      () => undefined,
      () => undefined,
    );
  }

  private async readLines(): Promise<CaptureLine[]> {
    try {
      return parseCaptureLines(await readFile(this.file!, 'utf8'));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
  }

  private enqueue<T>(operation: () => Promise<T>): Promise<T> {
    const result = this.chain.then(operation, operation);
    this.chain = result.catch(() => undefined);
    return result;
  }
}

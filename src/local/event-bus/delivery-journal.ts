/**
 * The local bus's write-ahead journal: an entry PutEvents acknowledged survives a
 * crash of the stack (`kill -9` included), and its unfinished deliveries resume on
 * the next start. EventBridge and Lambda keep an accepted event durably; without
 * this file the local bus kept it only in memory.
 *
 * JSON lines, each one of:
 *   {"type":"accepted","acceptedAt":"<ISO>","event":{...},"deliveries":[{requestId,ruleLogicalId,functionName}]}
 *   {"type":"attempted","requestId":"...","attempts":2}   an attempt failed: a resumed delivery keeps its retry budget
 *   {"type":"done","requestId":"..."}                     succeeded, or written to the on-failure capture
 *
 * Every write is appended and fsynced before its promise resolves; appends queued
 * while a write is in flight go out together (one write, one fsync). Replay folds
 * the lines into the deliveries still open. A last line that does not parse is a
 * write torn by a crash (never acknowledged) and is dropped. The file stays
 * bounded: it is rewritten with only the open deliveries at every open and once
 * enough has been appended since the last rewrite (temp file, fsync, rename).
 */
import { copyFile, mkdir, open, readFile, rename, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type { EventEnvelope } from './envelope';
import type { EventLogger } from '../../event-processing/observability';
import { resolveLogger } from './logger';

/** One rule target's delivery of an event: the unit that is resumed and marked done. */
export type JournaledDelivery = { requestId: string; ruleLogicalId: string; functionName: string };

export type AcceptedEntry = {
  event: EventEnvelope;
  /** Epoch ms; a resumed delivery's event age counts from here, as Lambda's does. */
  acceptedAt: number;
  deliveries: readonly JournaledDelivery[];
};

/** A delivery accepted and not yet done. */
export type OpenDelivery = JournaledDelivery & {
  event: EventEnvelope;
  acceptedAt: number;
  /** Attempts that ran and failed before the crash (0: none recorded). */
  attempts: number;
};

export type JournalLine =
  | { type: 'accepted'; acceptedAt: string; event: EventEnvelope; deliveries: JournaledDelivery[] }
  | { type: 'attempted'; requestId: string; attempts: number }
  | { type: 'done'; requestId: string };

export type ReplayResult = {
  open: OpenDelivery[];
  lines: number;
  /** The last line did not parse: a write cut short by a crash, dropped. */
  tornTail: boolean;
  /** 1-based numbers of other lines that did not parse (never written by the journal). */
  unreadableLines: number[];
};

/** Default: rewrite once 1 MiB was appended since the last rewrite (or twice the rewritten size). */
export const DEFAULT_COMPACT_AFTER_BYTES = 1024 * 1024;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isNonEmptyString = (value: unknown): value is string => typeof value === 'string' && value !== '';

const parseDelivery = (value: unknown): JournaledDelivery | undefined =>
  isObject(value) &&
  isNonEmptyString(value.requestId) &&
  isNonEmptyString(value.ruleLogicalId) &&
  isNonEmptyString(value.functionName)
    ? { requestId: value.requestId, ruleLogicalId: value.ruleLogicalId, functionName: value.functionName }
    : undefined;

const isEnvelope = (value: unknown): value is EventEnvelope =>
  isObject(value) &&
  isNonEmptyString(value.id) &&
  typeof value['detail-type'] === 'string' &&
  typeof value.source === 'string' &&
  isObject(value.detail);

/** One line of the journal, or undefined when it is not one (torn or foreign). */
export const parseJournalLine = (text: string): JournalLine | undefined => {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isObject(value)) return undefined;
  switch (value.type) {
    case 'accepted': {
      if (!isEnvelope(value.event) || !Array.isArray(value.deliveries)) return undefined;
      if (typeof value.acceptedAt !== 'string' || Number.isNaN(Date.parse(value.acceptedAt))) return undefined;
      const deliveries = value.deliveries.map(parseDelivery);
      if (deliveries.some((d) => d === undefined)) return undefined;
      return {
        type: 'accepted',
        acceptedAt: value.acceptedAt,
        event: value.event,
        deliveries: deliveries as JournaledDelivery[],
      };
    }
    case 'attempted':
      return isNonEmptyString(value.requestId) && Number.isInteger(value.attempts) && (value.attempts as number) >= 0
        ? { type: 'attempted', requestId: value.requestId, attempts: value.attempts as number }
        : undefined;
    case 'done':
      return isNonEmptyString(value.requestId) ? { type: 'done', requestId: value.requestId } : undefined;
    default:
      return undefined;
  }
};

const acceptedLine = (entry: AcceptedEntry): JournalLine => ({
  type: 'accepted',
  acceptedAt: new Date(entry.acceptedAt).toISOString(),
  event: entry.event,
  deliveries: entry.deliveries.map(({ requestId, ruleLogicalId, functionName }) => ({
    requestId,
    ruleLogicalId,
    functionName,
  })),
});

/**
 * In-memory state: the open deliveries by request id, in acceptance order. Keyed by
 * request id, not event id: an in-process publisher may publish one event id twice.
 */
class OpenDeliveries {
  private readonly byRequest = new Map<string, OpenDelivery>();

  add(entry: AcceptedEntry): void {
    for (const d of entry.deliveries) {
      // A line written twice (a rewrite raced an append) is one delivery.
      if (this.byRequest.has(d.requestId)) continue;
      this.byRequest.set(d.requestId, { ...d, event: entry.event, acceptedAt: entry.acceptedAt, attempts: 0 });
    }
  }

  attempted(requestId: string, attempts: number): boolean {
    const open = this.byRequest.get(requestId);
    if (!open || attempts <= open.attempts) return false;
    open.attempts = attempts;
    return true;
  }

  done(requestId: string): boolean {
    return this.byRequest.delete(requestId);
  }

  has(requestId: string): boolean {
    return this.byRequest.has(requestId);
  }

  list(): OpenDelivery[] {
    return [...this.byRequest.values()];
  }

  /** The lines that rebuild this state: one accepted line per event, then its attempts. */
  lines(): JournalLine[] {
    const groups = new Map<EventEnvelope, OpenDelivery[]>();
    for (const open of this.byRequest.values()) {
      const group = groups.get(open.event) ?? [];
      group.push(open);
      groups.set(open.event, group);
    }
    return [...groups.values()].flatMap((group) => [
      acceptedLine({ event: group[0]!.event, acceptedAt: group[0]!.acceptedAt, deliveries: group }),
      ...group
        .filter((d) => d.attempts > 0)
        .map((d): JournalLine => ({ type: 'attempted', requestId: d.requestId, attempts: d.attempts })),
    ]);
  }
}

const fold = (text: string): { state: OpenDeliveries; result: Omit<ReplayResult, 'open'> } => {
  const state = new OpenDeliveries();
  const raw = text.split('\n');
  // A file written by the journal ends with a newline; the piece after the last one is torn or empty.
  const lastIndex = raw.length - 1;
  let tornTail = false;
  const unreadableLines: number[] = [];
  let lines = 0;
  raw.forEach((text, index) => {
    if (text.trim() === '') return;
    lines++;
    const line = parseJournalLine(text);
    if (!line) {
      if (index === lastIndex || (index === lastIndex - 1 && raw[lastIndex] === '')) tornTail = true;
      else unreadableLines.push(index + 1);
      return;
    }
    switch (line.type) {
      case 'accepted':
        state.add({ event: line.event, acceptedAt: Date.parse(line.acceptedAt), deliveries: line.deliveries });
        return;
      case 'attempted':
        state.attempted(line.requestId, line.attempts);
        return;
      case 'done':
        state.done(line.requestId);
        return;
    }
  });
  return { state, result: { lines, tornTail, unreadableLines } };
};

/** Pure: the deliveries a journal's text leaves open. */
export const replayJournal = (text: string): ReplayResult => {
  const { state, result } = fold(text);
  return { open: state.list(), ...result };
};

const serialize = (lines: readonly JournalLine[]): string => lines.map((l) => `${JSON.stringify(l)}\n`).join('');

/** fsync of the folder, so a rename survives a power cut; not every platform allows it. */
const syncDirectory = async (dir: string): Promise<void> => {
  let handle: FileHandle | undefined;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch {
    /* best effort */
  } finally {
    await handle?.close();
  }
};

export type DeliveryJournalOptions = {
  logger?: EventLogger;
  quiet?: boolean;
  compactAfterBytes?: number;
};

type Waiter = { resolve: () => void; reject: (error: unknown) => void };

export class DeliveryJournal {
  private buffer: string[] = [];
  private waiters: Waiter[] = [];
  private writing: Promise<void> | undefined;
  private appendedSinceCompaction = 0;
  private compactedSize = 0;
  private closed = false;
  /** Lines appended, fsyncs and rewrites by this process. */
  private counters = { appends: 0, fsyncs: 0, compactions: 0 };

  private constructor(
    readonly file: string,
    private handle: FileHandle,
    private readonly state: OpenDeliveries,
    private readonly logger: EventLogger,
    private readonly compactAfterBytes: number,
  ) {}

  /**
   * Reads the journal (a missing file is an empty one), rewrites it with only the
   * open deliveries (which also drops a torn last line before anything is appended
   * after it) and returns them in acceptance order, for the caller to resume.
   */
  static async open(
    file: string,
    options: DeliveryJournalOptions = {},
  ): Promise<{ journal: DeliveryJournal; replay: ReplayResult }> {
    const logger = resolveLogger(options.logger, options.quiet);
    await mkdir(path.dirname(file), { recursive: true });
    let text = '';
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    const { state, result } = fold(text);
    if (result.tornTail) logger.warn(`[event-bus] ${file}: dropped a torn last line (a write cut short by a crash)`);
    if (result.unreadableLines.length > 0) {
      // Not something the journal writes: keep the original for a human before rewriting.
      const copy = `${file}.unreadable-${Date.now()}`;
      await copyFile(file, copy);
      logger.error(
        `[event-bus] ${file}: lines ${result.unreadableLines.join(', ')} are not journal lines and were skipped; the original is kept as ${copy}`,
      );
    }
    const handle = await DeliveryJournal.rewrite(file, state.lines());
    const journal = new DeliveryJournal(
      file,
      handle.handle,
      state,
      logger,
      options.compactAfterBytes ?? DEFAULT_COMPACT_AFTER_BYTES,
    );
    journal.compactedSize = handle.size;
    return { journal, replay: { open: state.list(), ...result } };
  }

  /** Resolves once the entry is on disk: only then may it be acknowledged. */
  accept(entries: readonly AcceptedEntry[]): Promise<void> {
    const lines = entries.filter((e) => e.deliveries.length > 0);
    if (lines.length === 0) return Promise.resolve();
    for (const entry of lines) this.state.add(entry);
    return this.append(lines.map(acceptedLine)).catch((error: unknown) => {
      // Not on disk, so not acknowledged: the sender retries it, this journal must not resume it.
      for (const entry of lines) for (const d of entry.deliveries) this.state.done(d.requestId);
      throw error;
    });
  }

  /** A failed attempt of an open delivery; other request ids (redrive's) are not journaled. */
  attempted(requestId: string, attempts: number): Promise<void> {
    if (!this.state.attempted(requestId, attempts)) return Promise.resolve();
    return this.append([{ type: 'attempted', requestId, attempts }]);
  }

  /** The delivery finished: succeeded, or its failure is in the on-failure capture. */
  done(requestId: string): Promise<void> {
    if (!this.state.done(requestId)) return Promise.resolve();
    return this.append([{ type: 'done', requestId }]);
  }

  isOpen(requestId: string): boolean {
    return this.state.has(requestId);
  }

  open(): OpenDelivery[] {
    return this.state.list();
  }

  stats(): { open: number; appends: number; fsyncs: number; compactions: number } {
    return { open: this.state.list().length, ...this.counters };
  }

  /** Resolves once everything appended so far is on disk (or failed). */
  async settled(): Promise<void> {
    while (this.writing) await this.writing;
  }

  async close(): Promise<void> {
    await this.settled();
    if (this.closed) return;
    this.closed = true;
    await this.handle.close();
  }

  private append(lines: readonly JournalLine[]): Promise<void> {
    if (this.closed) return Promise.reject(new Error(`the delivery journal ${this.file} is closed`));
    return new Promise<void>((resolve, reject) => {
      this.buffer.push(serialize(lines));
      this.waiters.push({ resolve, reject });
      this.counters.appends += lines.length;
      this.writing ??= this.flush();
    });
  }

  /** Group commit: whatever was queued while the last write ran goes out in the next one. */
  private async flush(): Promise<void> {
    while (this.buffer.length > 0) {
      const chunk = this.buffer.splice(0).join('');
      const waiters = this.waiters.splice(0);
      try {
        await this.handle.write(chunk);
        await this.handle.datasync();
        this.counters.fsyncs++;
        this.appendedSinceCompaction += Buffer.byteLength(chunk);
        waiters.forEach((w) => w.resolve());
      } catch (error) {
        waiters.forEach((w) => w.reject(error));
      }
      if (this.appendedSinceCompaction >= Math.max(this.compactAfterBytes, 2 * this.compactedSize)) {
        await this.compact().catch((error: unknown) =>
          this.logger.error(`[event-bus] could not compact ${this.file}: ${String(error)}`),
        );
      }
    }
    this.writing = undefined;
  }

  /** Runs inside flush, so no append interleaves with the swap of files. */
  private async compact(): Promise<void> {
    const { handle, size } = await DeliveryJournal.rewrite(this.file, this.state.lines());
    const old = this.handle;
    this.handle = handle;
    await old.close();
    this.compactedSize = size;
    this.appendedSinceCompaction = 0;
    this.counters.compactions++;
  }

  /** Writes the lines to a temp file, fsyncs, renames over the journal; returns an append handle. */
  private static async rewrite(
    file: string,
    lines: readonly JournalLine[],
  ): Promise<{ handle: FileHandle; size: number }> {
    const text = serialize(lines);
    const temp = `${file}.${process.pid}.tmp`;
    const tempHandle = await open(temp, 'w');
    try {
      await tempHandle.write(text);
      await tempHandle.sync();
    } finally {
      await tempHandle.close();
    }
    // Opened before the rename, so a failure leaves the caller on the old file, never on none.
    const handle = await open(temp, 'a');
    try {
      await rename(temp, file);
    } catch (error) {
      await handle.close();
      throw error;
    }
    await syncDirectory(path.dirname(file));
    return { handle, size: Buffer.byteLength(text) };
  }
}

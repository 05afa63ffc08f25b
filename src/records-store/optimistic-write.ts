import { RetryableError } from '../recording-engine/errors';
import type { Versioned, WriteResult } from './records-store';

/** One record's reads and conditional writes, as the optimistic loop needs them. */
export type OptimisticRecord<S> = {
  /**
   * The record and its version, or null when it does not exist yet. `attempt` is 1 for the
   * first load, more after a conflict: a remembered record may answer the first (see
   * record-cache.ts), never one after a conflict.
   */
  load(attempt: number): Promise<Versioned<S> | null>;
  /** At version 1, unless it exists ('conflict'). */
  create(state: S): Promise<WriteResult>;
  /** At version + 1, if still at `version` ('conflict' otherwise). */
  update(state: S, version: number): Promise<WriteResult>;
};

export type OptimisticWriteOptions<S> = {
  /** The next state from the current one (null: none yet). Pure. */
  decide(current: S | null): S;
  isSame(current: S, next: S): boolean;
  maxAttempts: number;
  /** Called before re-reading after a conflicting concurrent write. */
  onConflict?(attempt: number, operation: 'create' | 'update'): void;
  /** Names the record in the error thrown once every attempt conflicted. */
  describe: string;
};

export type OptimisticWriteResult<S> =
  | { kind: 'written'; operation: 'create'; next: S; attempts: number }
  | { kind: 'written'; operation: 'update'; previous: S; next: S; attempts: number }
  | { kind: 'unchanged'; current: S };

/**
 * Read, decide, write conditioned on the version read, and on a conflict start over on
 * fresh state, up to `maxAttempts`; then a RetryableError ('version_conflict'), so the
 * event is retried later rather than applied to a state it never saw.
 */
export const optimisticWrite = async <S>(
  record: OptimisticRecord<S>,
  options: OptimisticWriteOptions<S>,
): Promise<OptimisticWriteResult<S>> => {
  for (let attempt = 1; attempt <= options.maxAttempts; attempt++) {
    const current = await record.load(attempt);
    const next = options.decide(current?.state ?? null);
    if (!current) {
      if ((await record.create(next)) === 'written')
        return { kind: 'written', operation: 'create', next, attempts: attempt };
      options.onConflict?.(attempt, 'create');
      continue;
    }
    if (options.isSame(current.state, next)) return { kind: 'unchanged', current: current.state };
    if ((await record.update(next, current.version)) === 'written') {
      return { kind: 'written', operation: 'update', previous: current.state, next, attempts: attempt };
    }
    options.onConflict?.(attempt, 'update');
  }
  throw new RetryableError(
    'version_conflict',
    `${options.describe}: still conflicting after ${options.maxAttempts} attempts`,
  );
};

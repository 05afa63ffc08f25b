/**
 * `purgeRecording(id)`: the owner deletes one recording now, through the retention job's
 * own code path (recording-deletion.ts). Anyone else is refused as Unauthorized; a missing
 * id is said so; a recording already deleted answers the same as when it was deleted.
 */
import { isOwnedBy } from '../user-directory/owner-value';
import type { UserPoolCaller } from '../user-directory/user-pool-caller';
import { deleteRecording, type RecordingDeletionDeps } from './recording-deletion';
import { isFrozen } from './tombstone';

/** The `PurgedRecording` type of the schema. */
export type PurgedRecording = {
  recordingId: string;
  deletedAt: string;
  /** Objects deleted by this call (0 when it was already deleted). */
  objectsDeleted: number;
  alreadyDeleted: boolean;
};

/** A request that can never succeed as sent (not the caller's, no such recording, still recording): never retried. */
export class PurgeRequestError extends Error {
  constructor(
    override readonly name: 'Unauthorized' | 'NotFound' | 'InProgress',
    message: string,
  ) {
    super(`${name}: ${message}`);
  }
}

export const purgeRecording = async (
  request: { recordingId: string; caller: UserPoolCaller | null },
  deps: Omit<RecordingDeletionDeps, 'dryRun'>,
): Promise<PurgedRecording> => {
  const { recordingId, caller } = request;
  if (caller === null) throw new PurgeRequestError('Unauthorized', 'recordings are deleted by their signed-in owner');
  const found = await deps.store.getRecording(recordingId);
  if (found === null) throw new PurgeRequestError('NotFound', `there is no recording ${recordingId}`);
  if (!isOwnedBy(found.state.owner, caller)) {
    throw new PurgeRequestError('Unauthorized', `recording ${recordingId} is not yours to delete`);
  }
  // IVS still writes under its prefix: what it wrote after the deletion would stay behind.
  if (found.state.recordingStatus === 'STARTED' && !isFrozen(found.state)) {
    throw new PurgeRequestError(
      'InProgress',
      `recording ${recordingId} is still being recorded: delete it once it ended`,
    );
  }
  const done = await deleteRecording(found, deps);
  switch (done.kind) {
    case 'already-deleted':
      return { recordingId, deletedAt: done.recording.deletedAt ?? '', objectsDeleted: 0, alreadyDeleted: true };
    case 'deleted':
      return {
        recordingId,
        deletedAt: done.recording.deletedAt ?? '',
        objectsDeleted: done.objectsDeleted,
        alreadyDeleted: false,
      };
    case 'incomplete':
      // Thrown so the caller sees it failed; the recording is frozen and queued: the next scheduled run finishes it.
      throw new Error(
        `recording ${recordingId}: ${done.errors.length} object(s) could not be deleted yet (first: ${done.errors[0]?.key}, ${done.errors[0]?.code}); the next retention run retries`,
      );
    case 'would-delete':
      throw new Error('purgeRecording never runs as a dry run');
  }
};

/**
 * What invokes RecordingRetention, parsed: its schedule (EventBridge Scheduler: any event
 * that is not an AppSync call), or the `purgeRecording` mutation (AppSync: `fieldName`,
 * `arguments`, `identity`).
 */
import { userPoolCaller, type UserPoolCaller } from '../user-directory/user-pool-caller';

export const PURGE_RECORDING_FIELD = 'purgeRecording';

export type RetentionRequest =
  | { kind: 'scheduled' }
  | { kind: 'purge'; recordingId: string; caller: UserPoolCaller | null };

/** Bad input from AppSync: a clear error, nothing changed. */
export class RetentionInputError extends Error {
  override readonly name = 'RetentionInputError';
}

export const parseRetentionEvent = (event: unknown): RetentionRequest => {
  const fields = (typeof event === 'object' && event !== null ? event : {}) as Record<string, unknown>;
  if (!('fieldName' in fields)) return { kind: 'scheduled' };
  if (fields.fieldName !== PURGE_RECORDING_FIELD) {
    throw new RetentionInputError(`the retention function does not answer ${String(fields.fieldName)}`);
  }
  const id = (fields.arguments as Record<string, unknown> | undefined)?.id;
  if (typeof id !== 'string' || id.trim() === '') throw new RetentionInputError('id must be a non-empty recording id');
  return { kind: 'purge', recordingId: id, caller: userPoolCaller(fields.identity) };
};

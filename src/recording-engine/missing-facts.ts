/**
 * Whether a record that IVS is done with still lacks a fact that reconciliation can learn
 * (the metadata file under the recording's prefix; IVS GetStreamSession): its lost events
 * left it final but incomplete. Records still being recorded (STARTED, LIVE) are not
 * counted here: reconciliation finds those by status. Pure.
 */
import { unreachable } from './exhaustive';
import type { RecordingState, StreamSessionState } from './records';

/**
 * A COMPLETED or FAILED recording with an S3 prefix, missing its start, end or duration, or
 * its media index (the end file's S3 event may have been lost too).
 */
export const recordingLacksFacts = (recording: RecordingState): boolean => {
  switch (recording.recordingStatus) {
    case 'STARTED':
      return false;
    case 'COMPLETED':
    case 'FAILED':
      return (
        recording.s3KeyPrefix !== null &&
        (recording.startTime === null ||
          recording.endTime === null ||
          recording.recordingDurationMs === null ||
          recording.mediaIndexedAt === null)
      );
    default:
      return unreachable(recording.recordingStatus, 'recording status');
  }
};

/** An ENDED or FAILED session missing its start or end time. */
export const streamSessionLacksFacts = (session: StreamSessionState): boolean => {
  switch (session.status) {
    case 'LIVE':
      return false;
    case 'ENDED':
    case 'FAILED':
      return session.startTime === null || session.endTime === null;
    default:
      return unreachable(session.status, 'stream session status');
  }
};

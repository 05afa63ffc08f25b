/**
 * The deterministic id of a lifecycle event: a UUID-shaped SHA-256 of the recording id and
 * the transition, so every publish of one transition (a redelivered IVS event, two
 * containers racing) carries the same `detail.eventId`, and consumers dedupe on it.
 * Anyone can compute it: SHA-256 of the UTF-8 text
 * `ivs-recording-tracker/lifecycle/v1\n<recordingId>\n<READY|FAILED|DELETED>`, its first 16
 * bytes with the version nibble set to 8 (RFC 9562 custom) and the variant bits to 10.
 */
import { createHash } from 'node:crypto';

const NAMESPACE = 'ivs-recording-tracker/lifecycle/v1';

export const lifecycleEventId = (recordingId: string, transition: 'READY' | 'FAILED' | 'DELETED'): string => {
  const bytes = createHash('sha256').update(`${NAMESPACE}\n${recordingId}\n${transition}`, 'utf8').digest();
  bytes[6] = (bytes[6]! & 0x0f) | 0x80;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
};

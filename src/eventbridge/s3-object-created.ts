/**
 * S3's "Object Created" event on EventBridge (a bucket with EventBridge notifications on):
 * the envelope fields this project reads, and the detail shape AWS documents, which the
 * local S3 store sends too.
 */
import { PermanentEventError } from '../recording-engine/errors';
import type { EventEnvelope } from './envelope';

export const S3_EVENT_SOURCE = 'aws.s3';
export const OBJECT_CREATED = 'Object Created';

/** `detail` of an "Object Created" event, as S3 sends it. */
export type ObjectCreatedDetail = {
  version: '0';
  bucket: { name: string };
  object: { key: string; size: number; etag: string; sequencer: string; 'version-id'?: string };
  'request-id': string;
  requester: string;
  'source-ip-address'?: string;
  /** PutObject, POST Object, CopyObject or CompleteMultipartUpload. */
  reason: string;
};

export type ObjectCreated = { eventId: string; bucket: string; key: string };

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** True for an S3 "Object Created" envelope (whatever its detail holds). */
export const isObjectCreatedEvent = (raw: unknown): boolean =>
  isObject(raw) && raw.source === S3_EVENT_SOURCE && raw['detail-type'] === OBJECT_CREATED;

/** The bucket and key of an "Object Created" event; bad input is a PermanentEventError. */
export const parseObjectCreated = (raw: unknown): ObjectCreated => {
  const eventId = isObject(raw) && typeof raw.id === 'string' ? raw.id : undefined;
  const detail = isObject(raw) && isObject(raw.detail) ? raw.detail : null;
  if (!eventId || detail === null)
    throw new PermanentEventError('invalid_event', 'not an EventBridge event with a detail', eventId);
  const bucket = isObject(detail.bucket) ? detail.bucket.name : undefined;
  if (typeof bucket !== 'string' || bucket === '')
    throw new PermanentEventError('invalid_field', 'detail.bucket.name missing', eventId, 'detail.bucket.name');
  const key = isObject(detail.object) ? detail.object.key : undefined;
  if (typeof key !== 'string' || key === '')
    throw new PermanentEventError('invalid_field', 'detail.object.key missing', eventId, 'detail.object.key');
  return { eventId, bucket, key };
};

/** The envelope S3 sends for an object it stored (the local store builds it with this). */
export const objectCreatedEvent = (fields: {
  id: string;
  time: string;
  account: string;
  region: string;
  detail: ObjectCreatedDetail;
}): EventEnvelope => ({
  version: '0',
  id: fields.id,
  'detail-type': OBJECT_CREATED,
  source: S3_EVENT_SOURCE,
  account: fields.account,
  time: fields.time,
  region: fields.region,
  resources: [`arn:aws:s3:::${fields.detail.bucket.name}`],
  detail: fields.detail,
});

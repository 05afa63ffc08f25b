import { randomUUID } from 'node:crypto';

import type { EventEnvelope } from '../../eventbridge/envelope';

export type { EventEnvelope };

export const DEFAULT_ACCOUNT = '123456789012';
export const DEFAULT_REGION = 'us-east-1';

/** EventBridge drops the milliseconds: several events of one recording share a second. */
export const envelopeTime = (date: Date): string => date.toISOString().replace(/\.\d{3}Z$/, 'Z');

/** An envelope for in-process publishers (tests, simulators), filled like PutEvents would. */
export const makeEnvelope = (input: {
  source: string;
  detailType: string;
  detail: Record<string, unknown>;
  resources?: string[];
  time?: Date;
  id?: string;
  account?: string;
  region?: string;
}): EventEnvelope => ({
  version: '0',
  id: input.id ?? randomUUID(),
  'detail-type': input.detailType,
  source: input.source,
  account: input.account ?? DEFAULT_ACCOUNT,
  time: envelopeTime(input.time ?? new Date()),
  region: input.region ?? DEFAULT_REGION,
  resources: input.resources ?? [],
  detail: input.detail,
});

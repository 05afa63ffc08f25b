import type { generateClient } from 'aws-amplify/data';
import type { Schema } from '../../amplify/data/resource';
import { PARKED_QUEUE, type ParkedEvent } from '../parked-events/parked-event';
import { STREAM_SESSION_FIELDS, type RecordingState, type StreamSessionState } from '../recording-engine/records';
import { recordingLacksFacts, streamSessionLacksFacts } from '../recording-engine/missing-facts';
// The UTC day of a write is the key of the incomplete-records indexes.
import { utcDay } from '../recording-engine/event-time';
import { isConditionalCheckFailure, retryableDataError } from './data-errors';
import { allPages, type Page } from './paging';
import { EXPIRY_QUEUE, recordingIndexKeys } from './recording-index-keys';
import { findProfileByChannelArn } from './profile-lookup';
import type { ProfileRef, RecordsStore, Versioned, WriteResult } from './records-store';
import { RECORDING_GRAPHQL_FIELDS, recordingStateFrom, streamSessionStateFrom } from './stored-state';

export type DataClient = ReturnType<typeof generateClient<Schema>>;

/**
 * Fields the models have besides the engine's: the store's version, the sparse index key of
 * incomplete records, and Amplify's timestamps.
 */
export const STORE_FIELDS = ['version', 'incompleteOn', 'createdAt', 'updatedAt'] as const;
/** The Recording's own derived index keys (recording-index-keys.ts). */
export const RECORDING_STORE_FIELDS = [...STORE_FIELDS, 'expiryQueue', 'recordedAt'] as const;

export type AmplifyRecordsStoreOptions = {
  /** Epoch ms of a write; default Date.now. */
  now?: () => number;
};

/**
 * Every field of the model, reads and writes alike. A mutation's selection is what AppSync
 * delivers to subscribers, and owner-filtered subscriptions are matched on it: a write that
 * selected less would leave a frontend's live view empty or stale.
 */
export const RECORDING_SELECTION = [...RECORDING_GRAPHQL_FIELDS, ...RECORDING_STORE_FIELDS].join(' ');
export const STREAM_SESSION_SELECTION = [...STREAM_SESSION_FIELDS, ...STORE_FIELDS].join(' ');

// One request reads the recording and checks its stream session: AppSync runs both root fields.
const LOAD_RECORDING = /* GraphQL */ `
  query LoadRecording($recordingId: ID!, $streamSessionId: ID!) {
    getRecording(id: $recordingId) { ${RECORDING_SELECTION} }
    getStreamSession(id: $streamSessionId) { id channelArn }
  }`;
const RECORDINGS_BY_S3_KEY_PREFIX = /* GraphQL */ `
  query RecordingsByS3KeyPrefix($s3KeyPrefix: String!, $nextToken: String) {
    recordingsByS3KeyPrefix(s3KeyPrefix: $s3KeyPrefix, nextToken: $nextToken) {
      items { ${RECORDING_SELECTION} }
      nextToken
    }
  }`;
const GET_RECORDING = /* GraphQL */ `
  query GetRecording($id: ID!) { getRecording(id: $id) { ${RECORDING_SELECTION} } }`;
const RECORDINGS_BY_EXPIRY_QUEUE = /* GraphQL */ `
  query RecordingsByExpiryQueue(
    $expiryQueue: ExpiryQueue!
    $expiresAt: ModelStringKeyConditionInput
    $limit: Int
    $nextToken: String
  ) {
    recordingsByExpiryQueue(
      expiryQueue: $expiryQueue
      expiresAt: $expiresAt
      sortDirection: ASC
      limit: $limit
      nextToken: $nextToken
    ) {
      items { ${RECORDING_SELECTION} }
      nextToken
    }
  }`;
const GET_STREAM_SESSION = /* GraphQL */ `
  query GetStreamSession($id: ID!) { getStreamSession(id: $id) { ${STREAM_SESSION_SELECTION} } }`;
const CREATE_RECORDING = /* GraphQL */ `
  mutation CreateRecording($input: CreateRecordingInput!) { createRecording(input: $input) { ${RECORDING_SELECTION} } }`;
const UPDATE_RECORDING = /* GraphQL */ `
  mutation UpdateRecording($input: UpdateRecordingInput!, $condition: ModelRecordingConditionInput) {
    updateRecording(input: $input, condition: $condition) { ${RECORDING_SELECTION} }
  }`;
const CREATE_STREAM_SESSION = /* GraphQL */ `
  mutation CreateStreamSession($input: CreateStreamSessionInput!) {
    createStreamSession(input: $input) { ${STREAM_SESSION_SELECTION} }
  }`;
const UPDATE_STREAM_SESSION = /* GraphQL */ `
  mutation UpdateStreamSession($input: UpdateStreamSessionInput!, $condition: ModelStreamSessionConditionInput) {
    updateStreamSession(input: $input, condition: $condition) { ${STREAM_SESSION_SELECTION} }
  }`;

/** Every document the store sends, for the test that checks them against the schema. */
export const STORE_DOCUMENTS = {
  LOAD_RECORDING,
  RECORDINGS_BY_S3_KEY_PREFIX,
  GET_RECORDING,
  RECORDINGS_BY_EXPIRY_QUEUE,
  GET_STREAM_SESSION,
  CREATE_RECORDING,
  UPDATE_RECORDING,
  CREATE_STREAM_SESSION,
  UPDATE_STREAM_SESSION,
} as const;

type Stored = Record<string, unknown> & { version: number };

const PARKED_EVENT_FIELDS = ['id', 'channelArn', 'eventId', 'event', 'parkedAt', 'expiresAt'] as const;
const PARKED_PAGE = 100;
const EXPIRED_PAGE = 100;

const parkedEventFrom = (row: Record<(typeof PARKED_EVENT_FIELDS)[number], unknown>): ParkedEvent => ({
  id: String(row.id),
  channelArn: String(row.channelArn),
  eventId: String(row.eventId),
  event: String(row.event),
  parkedAt: String(row.parkedAt),
  expiresAt: Number(row.expiresAt),
});

/**
 * The records store over the generated Amplify Data client (IAM auth, as the
 * function is granted by `allow.resource`). Conditional writes go through
 * `client.graphql` because the model methods do not take a condition.
 */
export class AmplifyRecordsStore implements RecordsStore {
  private readonly now: () => number;

  constructor(
    private readonly client: DataClient,
    options: AmplifyRecordsStoreOptions = {},
  ) {
    this.now = options.now ?? Date.now;
  }

  /** null removes the attribute (update) or leaves it out (create): the record leaves the index. */
  private incompleteOn(lacksFacts: boolean): string | null {
    return lacksFacts ? utcDay(this.now()) : null;
  }

  // Raw documents: the model methods take no condition. The result shape is ours to state.
  private send(query: string, variables: Record<string, unknown>): Promise<unknown> {
    return this.client.graphql({ query, variables: variables as never }) as Promise<unknown>;
  }

  private async request<T>(operation: string, query: string, variables: Record<string, unknown>): Promise<T> {
    try {
      const result = (await this.send(query, variables)) as { data: T };
      return result.data;
    } catch (error) {
      throw retryableDataError(operation, error);
    }
  }

  private async write(operation: string, query: string, variables: Record<string, unknown>): Promise<WriteResult> {
    try {
      await this.send(query, variables);
      return 'written';
    } catch (error) {
      if (isConditionalCheckFailure(error)) return 'conflict';
      throw retryableDataError(operation, error);
    }
  }

  findProfileByChannelArn(channelArn: string): Promise<ProfileRef | null> {
    return findProfileByChannelArn(this.client, channelArn);
  }

  async loadRecording(recordingId: string, streamSessionId: string) {
    const data = await this.request<{
      getRecording: Stored | null;
      getStreamSession: { id: string; channelArn: string } | null;
    }>('loadRecording', LOAD_RECORDING, { recordingId, streamSessionId });
    return {
      recording: data.getRecording
        ? { version: data.getRecording.version, state: recordingStateFrom(data.getRecording) }
        : null,
      streamSessionChannelArn: data.getStreamSession?.channelArn ?? null,
    };
  }

  createRecording(state: RecordingState): Promise<WriteResult> {
    // A null index key in a create is stored as a DynamoDB NULL, which the index refuses
    // (incompleteOn; s3KeyPrefix of a Start Failure): unknown fields are left out.
    const incompleteOn = this.incompleteOn(recordingLacksFacts(state));
    const known = Object.fromEntries(
      Object.entries({ ...state, ...recordingIndexKeys(state), incompleteOn }).filter(([, value]) => value !== null),
    );
    return this.write('createRecording', CREATE_RECORDING, { input: { ...known, version: 1 } });
  }

  updateRecording(state: RecordingState, version: number): Promise<WriteResult> {
    return this.write('updateRecording', UPDATE_RECORDING, {
      input: {
        ...state,
        ...recordingIndexKeys(state),
        incompleteOn: this.incompleteOn(recordingLacksFacts(state)),
        version: version + 1,
      },
      condition: { version: { eq: version } },
    });
  }

  async getRecording(recordingId: string): Promise<Versioned<RecordingState> | null> {
    const data = await this.request<{ getRecording: Stored | null }>('getRecording', GET_RECORDING, {
      id: recordingId,
    });
    return data.getRecording
      ? { version: data.getRecording.version, state: recordingStateFrom(data.getRecording) }
      : null;
  }

  async expiredRecordings(now: string, limit: number): Promise<Versioned<RecordingState>[]> {
    const rows = await allPages<Stored>(
      'recordingsByExpiryQueue',
      async (nextToken) => {
        const data = await this.request<{ recordingsByExpiryQueue: { items: Stored[]; nextToken: string | null } }>(
          'recordingsByExpiryQueue',
          RECORDINGS_BY_EXPIRY_QUEUE,
          { expiryQueue: EXPIRY_QUEUE, expiresAt: { le: now }, limit: Math.min(limit, EXPIRED_PAGE), nextToken },
        );
        return { data: data.recordingsByExpiryQueue.items, nextToken: data.recordingsByExpiryQueue.nextToken };
      },
      limit,
    );
    return rows.map((row) => ({ version: row.version, state: recordingStateFrom(row) }));
  }

  async findRecordingsByS3KeyPrefix(s3KeyPrefix: string): Promise<Versioned<RecordingState>[]> {
    const found: Versioned<RecordingState>[] = [];
    let nextToken: string | null = null;
    do {
      const data: { recordingsByS3KeyPrefix: { items: Stored[]; nextToken: string | null } } = await this.request(
        'findRecordingsByS3KeyPrefix',
        RECORDINGS_BY_S3_KEY_PREFIX,
        { s3KeyPrefix, nextToken },
      );
      for (const item of data.recordingsByS3KeyPrefix.items)
        found.push({ version: item.version, state: recordingStateFrom(item) });
      nextToken = data.recordingsByS3KeyPrefix.nextToken;
    } while (nextToken);
    return found;
  }

  async loadStreamSession(streamSessionId: string): Promise<Versioned<StreamSessionState> | null> {
    const data = await this.request<{ getStreamSession: Stored | null }>('loadStreamSession', GET_STREAM_SESSION, {
      id: streamSessionId,
    });
    return data.getStreamSession
      ? { version: data.getStreamSession.version, state: streamSessionStateFrom(data.getStreamSession) }
      : null;
  }

  createStreamSession(state: StreamSessionState): Promise<WriteResult> {
    // An unknown field is left out, not sent as null: the create resolver would store a
    // DynamoDB NULL, which the stale-session query's `attributeExists: false` cannot see
    // (updates remove a null field, so both ways end as "no attribute").
    const incompleteOn = this.incompleteOn(streamSessionLacksFacts(state));
    const known = Object.fromEntries(Object.entries({ ...state, incompleteOn }).filter(([, value]) => value !== null));
    return this.write('createStreamSession', CREATE_STREAM_SESSION, { input: { ...known, version: 1 } });
  }

  updateStreamSession(state: StreamSessionState, version: number): Promise<WriteResult> {
    return this.write('updateStreamSession', UPDATE_STREAM_SESSION, {
      input: {
        ...state,
        incompleteOn: this.incompleteOn(streamSessionLacksFacts(state)),
        version: version + 1,
      },
      condition: { version: { eq: version } },
    });
  }

  async parkEvent(parked: ParkedEvent): Promise<WriteResult> {
    let result;
    try {
      // The create resolver refuses an existing id: a duplicate delivery parks once.
      result = await this.client.models.ParkedEvent.create(
        { ...parked, parkedQueue: PARKED_QUEUE },
        { selectionSet: ['id'] },
      );
    } catch (error) {
      if (isConditionalCheckFailure(error)) return 'conflict';
      throw retryableDataError('parkEvent', error);
    }
    if (!result.errors?.length) return 'written';
    if (isConditionalCheckFailure(result)) return 'conflict';
    throw retryableDataError('parkEvent', result);
  }

  parkedEventsOfChannel(channelArn: string, limit: number): Promise<ParkedEvent[]> {
    return this.parkedByIndex('parkedEventsByChannelArn', limit, (options) =>
      this.client.models.ParkedEvent.parkedEventsByChannelArn({ channelArn }, options),
    );
  }

  parkedEvents(limit: number): Promise<ParkedEvent[]> {
    return this.parkedByIndex('parkedEventsByQueue', limit, (options) =>
      this.client.models.ParkedEvent.parkedEventsByQueue({ parkedQueue: PARKED_QUEUE }, options),
    );
  }

  /** Oldest first, every page of one parked-event index query, up to `limit`. */
  private async parkedByIndex(
    operation: string,
    limit: number,
    query: (options: {
      sortDirection: 'ASC';
      limit: number;
      selectionSet: (typeof PARKED_EVENT_FIELDS)[number][];
      nextToken?: string;
    }) => Promise<Page<Record<(typeof PARKED_EVENT_FIELDS)[number], unknown>>>,
  ): Promise<ParkedEvent[]> {
    const rows = await allPages(
      operation,
      (nextToken) =>
        query({
          sortDirection: 'ASC',
          limit: Math.min(limit, PARKED_PAGE),
          selectionSet: [...PARKED_EVENT_FIELDS],
          ...(nextToken ? { nextToken } : {}),
        }),
      limit,
    );
    return rows.map(parkedEventFrom);
  }

  async deleteParkedEvent(id: string): Promise<void> {
    let result;
    try {
      result = await this.client.models.ParkedEvent.delete({ id }, { selectionSet: ['id'] });
    } catch (error) {
      if (isConditionalCheckFailure(error)) return;
      throw retryableDataError('deleteParkedEvent', error);
    }
    // The delete resolver requires the item to exist: one already gone fails its condition.
    if (result.errors?.length && !isConditionalCheckFailure(result))
      throw retryableDataError('deleteParkedEvent', result);
  }
}

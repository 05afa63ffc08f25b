import type { generateClient } from 'aws-amplify/data';
import type { Schema } from '../../amplify/data/resource';
import {
  RECORDING_FIELDS,
  STREAM_SESSION_FIELDS,
  type RecordingState,
  type StreamSessionState,
} from '../recording-engine/records';
import { isConditionalCheckFailure, retryableDataError } from './data-errors';
import type { ProfileRef, RecordsStore, Versioned, WriteResult } from './records-store';
import { recordingStateFrom, streamSessionStateFrom } from './stored-state';

export type DataClient = ReturnType<typeof generateClient<Schema>>;

const RECORDING_SELECTION = [...RECORDING_FIELDS, 'version'].join(' ');
const STREAM_SESSION_SELECTION = [...STREAM_SESSION_FIELDS, 'version'].join(' ');
// What a write returns is what subscribers receive (AppSync publishes the mutation's response,
// and the owner filter reads its `owner`): every field a client shows.
const RECORDING_WRITTEN = `${RECORDING_SELECTION} createdAt updatedAt`;
const STREAM_SESSION_WRITTEN = `${STREAM_SESSION_SELECTION} createdAt updatedAt`;

// One request reads the recording and checks its stream session: AppSync runs both root fields.
const LOAD_RECORDING = /* GraphQL */ `
  query LoadRecording($recordingId: ID!, $streamSessionId: ID!) {
    getRecording(id: $recordingId) { ${RECORDING_SELECTION} }
    getStreamSession(id: $streamSessionId) { id }
  }`;
const GET_STREAM_SESSION = /* GraphQL */ `
  query GetStreamSession($id: ID!) { getStreamSession(id: $id) { ${STREAM_SESSION_SELECTION} } }`;
const CREATE_RECORDING = /* GraphQL */ `
  mutation CreateRecording($input: CreateRecordingInput!) { createRecording(input: $input) { ${RECORDING_WRITTEN} } }`;
const UPDATE_RECORDING = /* GraphQL */ `
  mutation UpdateRecording($input: UpdateRecordingInput!, $condition: ModelRecordingConditionInput) {
    updateRecording(input: $input, condition: $condition) { ${RECORDING_WRITTEN} }
  }`;
const CREATE_STREAM_SESSION = /* GraphQL */ `
  mutation CreateStreamSession($input: CreateStreamSessionInput!) { createStreamSession(input: $input) { ${STREAM_SESSION_WRITTEN} } }`;
const UPDATE_STREAM_SESSION = /* GraphQL */ `
  mutation UpdateStreamSession($input: UpdateStreamSessionInput!, $condition: ModelStreamSessionConditionInput) {
    updateStreamSession(input: $input, condition: $condition) { ${STREAM_SESSION_WRITTEN} }
  }`;

type Stored = Record<string, unknown> & { version: number };

/**
 * The records store over the generated Amplify Data client (IAM auth, as the
 * function is granted by `allow.resource`). Conditional writes go through
 * `client.graphql` because the model methods do not take a condition.
 */
export class AmplifyRecordsStore implements RecordsStore {
  constructor(private readonly client: DataClient) {}

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

  async findProfileByChannelArn(channelArn: string): Promise<ProfileRef | null> {
    let result;
    try {
      result = await this.client.models.Profile.profilesByChannelArn(
        { channelArn },
        { selectionSet: ['id', 'owner', 'channelArn', 'channelName'] },
      );
    } catch (error) {
      throw retryableDataError('profilesByChannelArn', error);
    }
    if (result.errors?.length) throw retryableDataError('profilesByChannelArn', result);
    // A channel belongs to one profile; if an admin created two, the oldest id wins deterministically.
    const [profile] = [...result.data].sort((a, b) => a.id.localeCompare(b.id));
    return profile
      ? { id: profile.id, owner: profile.owner ?? null, channelArn: profile.channelArn, channelName: profile.channelName ?? null }
      : null;
  }

  async loadRecording(recordingId: string, streamSessionId: string) {
    const data = await this.request<{ getRecording: Stored | null; getStreamSession: { id: string } | null }>(
      'loadRecording',
      LOAD_RECORDING,
      { recordingId, streamSessionId },
    );
    return {
      recording: data.getRecording
        ? { version: data.getRecording.version, state: recordingStateFrom(data.getRecording) }
        : null,
      streamSessionExists: data.getStreamSession !== null,
    };
  }

  createRecording(state: RecordingState): Promise<WriteResult> {
    return this.write('createRecording', CREATE_RECORDING, { input: { ...state, version: 1 } });
  }

  updateRecording(state: RecordingState, version: number): Promise<WriteResult> {
    return this.write('updateRecording', UPDATE_RECORDING, {
      input: { ...state, version: version + 1 },
      condition: { version: { eq: version } },
    });
  }

  async loadStreamSession(streamSessionId: string): Promise<Versioned<StreamSessionState> | null> {
    const data = await this.request<{ getStreamSession: Stored | null }>(
      'loadStreamSession',
      GET_STREAM_SESSION,
      { id: streamSessionId },
    );
    return data.getStreamSession
      ? { version: data.getStreamSession.version, state: streamSessionStateFrom(data.getStreamSession) }
      : null;
  }

  createStreamSession(state: StreamSessionState): Promise<WriteResult> {
    return this.write('createStreamSession', CREATE_STREAM_SESSION, { input: { ...state, version: 1 } });
  }

  updateStreamSession(state: StreamSessionState, version: number): Promise<WriteResult> {
    return this.write('updateStreamSession', UPDATE_STREAM_SESSION, {
      input: { ...state, version: version + 1 },
      condition: { version: { eq: version } },
    });
  }
}

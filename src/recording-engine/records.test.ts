import { describe, expect, it } from 'vitest';
import { RECORDING_FIELDS, STREAM_SESSION_FIELDS, type RecordingState, type StreamSessionState } from './records';

// Compile-time: the field lists name every field of the records (describeChange and
// isSame* compare only listed fields, so a missing one would hide changes).
type Missing<T, L extends readonly (keyof T)[]> = Exclude<keyof T, L[number]>;
const recordingFieldsComplete: [Missing<RecordingState, typeof RECORDING_FIELDS>] extends [never] ? true : false = true;
const streamFieldsComplete: [Missing<StreamSessionState, typeof STREAM_SESSION_FIELDS>] extends [never] ? true : false =
  true;

describe('given the record field lists', () => {
  it('when compared with the record types then they are complete and without repeats', () => {
    expect([recordingFieldsComplete, streamFieldsComplete]).toEqual([true, true]);
    expect(new Set(RECORDING_FIELDS).size).toBe(RECORDING_FIELDS.length);
    expect(new Set(STREAM_SESSION_FIELDS).size).toBe(STREAM_SESSION_FIELDS.length);
  });
  it('when compared with the schema then every field is a Recording / StreamSession model field', async () => {
    const { readFile } = await import('node:fs/promises');
    const schema = await readFile(new URL('../../amplify/data/resource.ts', import.meta.url), 'utf8');
    const modelFields = (model: string): string[] => {
      const start = schema.indexOf(`${model}: a`);
      const body = schema.slice(start, schema.indexOf('.authorization', start));
      return [...body.matchAll(/^\s{8}(\w+): a\./gm)].map((m) => m[1] ?? '');
    };
    // `id` is implicit in Amplify models; `version`, `incompleteOn` and the Recording's
    // derived index keys are the store's; relations are not fields.
    const { STORE_FIELDS, RECORDING_STORE_FIELDS } = await import('../records-store/amplify-records-store');
    const relations = new Set<string>(['profile', 'streamSession', 'streamSessions', 'recordings']);
    const schemaRecording = modelFields('Recording').filter(
      (f) => !relations.has(f) && !(RECORDING_STORE_FIELDS as readonly string[]).includes(f),
    );
    const schemaStream = modelFields('StreamSession').filter(
      (f) => !relations.has(f) && !(STORE_FIELDS as readonly string[]).includes(f),
    );
    expect([...RECORDING_FIELDS].filter((f) => f !== 'id').sort()).toEqual(schemaRecording.sort());
    expect([...STREAM_SESSION_FIELDS].filter((f) => f !== 'id').sort()).toEqual(schemaStream.sort());
  });
});

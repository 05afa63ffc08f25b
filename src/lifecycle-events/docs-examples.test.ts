import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RecordingState } from '../recording-engine/records';
import failedJson from './fixtures/failed-recording.json';
import indexedJson from './fixtures/indexed-recording.json';
import { compileEventPattern } from '../local/event-bus/event-pattern';
import { LIFECYCLE_EVENTS_PATTERN, lifecycleEntry } from './lifecycle-events';

const DOC = path.join(import.meta.dirname, '../../docs/lifecycle-events.md');
const README = readFileSync(path.join(import.meta.dirname, '../../README.md'), 'utf8');
const examples = [...readFileSync(DOC, 'utf8').matchAll(/```json\n([\s\S]*?)```/g)].map(
  (match) => JSON.parse(match[1]!) as Record<string, unknown>,
);
const fixture = (json: unknown): RecordingState => structuredClone(json) as RecordingState;
const indexed = fixture(indexedJson);

describe('given the examples of docs/lifecycle-events.md', () => {
  it('when the Recording Ready event is compared with the entry the code builds then they agree', () => {
    const entry = lifecycleEntry(indexed, 'READY');
    const [ready] = examples;
    expect(ready).toMatchObject({
      'detail-type': entry.detailType,
      source: entry.source,
      resources: entry.resources,
      time: entry.time!.replace(/\.\d{3}Z$/, 'Z'),
    });
    expect(ready?.detail).toEqual(entry.detail);
  });

  it('when the Recording Failed and Recording Deleted details are compared then they are what the code builds', () => {
    expect(examples[1]).toEqual(lifecycleEntry(fixture(failedJson), 'FAILED').detail);
    expect(examples[2]).toEqual(
      lifecycleEntry({ ...indexed, deletedAt: '2026-12-30T03:00:00.000Z' }, 'DELETED').detail,
    );
  });
});

describe("given the README's rule for consumers", () => {
  it('when its pattern JSON is read then it is the code pattern, and it matches every lifecycle event and no IVS event', () => {
    const blocks = [...README.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => JSON.parse(m[1]!) as unknown);
    expect(blocks).toContainEqual(LIFECYCLE_EVENTS_PATTERN);
    const matches = compileEventPattern(LIFECYCLE_EVENTS_PATTERN);
    for (const transition of ['READY', 'FAILED', 'DELETED'] as const) {
      const entry = lifecycleEntry({ ...indexed, deletedAt: '2026-12-30T03:00:00.000Z' }, transition);
      expect(matches({ source: entry.source, 'detail-type': entry.detailType, detail: entry.detail })).toBe(true);
    }
    expect(matches({ source: 'aws.ivs', 'detail-type': 'IVS Recording State Change', detail: {} })).toBe(false);
  });
});

import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../cloud-assembly/synthesize';
import { EntriesFileError, parseEntriesFile } from './entries-file';

const entry = (overrides: Record<string, unknown> = {}) => ({
  Source: 'custom.ivs.simulator',
  DetailType: 'IVS Recording State Change',
  Detail: '{"recording_status":"Recording Start"}',
  Resources: ['arn:aws:ivs:us-east-1:123456789012:channel/DemoChannel1'],
  ...overrides,
});

describe('given an entries file', () => {
  it('when it holds valid entries then each becomes a PutEvents entry', () => {
    const [parsed] = parseEntriesFile(JSON.stringify([entry({ Time: '2026-11-23T10:00:00Z' })]));
    expect(parsed).toEqual({
      Source: 'custom.ivs.simulator',
      DetailType: 'IVS Recording State Change',
      Detail: '{"recording_status":"Recording Start"}',
      Resources: ['arn:aws:ivs:us-east-1:123456789012:channel/DemoChannel1'],
      Time: new Date('2026-11-23T10:00:00Z'),
    });
  });

  it.each([
    ['not JSON', '{', /not JSON/],
    ['not an array', '{}', /JSON array/],
    ['empty', '[]', /1 to 10 entries, the file has 0/],
    ['eleven entries', JSON.stringify(Array.from({ length: 11 }, () => entry())), /has 11/],
    ['an entry without Source', JSON.stringify([entry({ Source: undefined })]), /entry 0: Source/],
    ['a Detail object instead of a string', JSON.stringify([entry({ Detail: { a: 1 } })]), /entry 0: Detail/],
    [
      'a Detail string that is not an object',
      JSON.stringify([entry({ Detail: '[1]' })]),
      /Detail must be a JSON object/,
    ],
    ['Resources that are not strings', JSON.stringify([entry({ Resources: [1] })]), /Resources/],
    ['a bad Time', JSON.stringify([entry({ Time: 'yesterday' })]), /Time/],
  ])('when it is %s then it is refused with a clear error', (_name, text, message) => {
    expect(() => parseEntriesFile(text)).toThrow(EntriesFileError);
    expect(() => parseEntriesFile(text)).toThrow(message);
  });
});

describe('given the shipped test-events files', () => {
  it('when parsed then each is a valid put-events file for the simulator source', async () => {
    const dir = path.join(PROJECT_ROOT, 'test-events');
    const files = (await readdir(dir)).filter((f) => f.endsWith('.json'));
    expect(files).toEqual(
      expect.arrayContaining(['recording-start.json', 'recording-end.json', 'recording-failure.json']),
    );
    for (const file of files) {
      const entries = parseEntriesFile(await readFile(path.join(dir, file), 'utf8'));
      for (const e of entries) expect(e.Source, file).toBe('custom.ivs.simulator');
    }
  });
});

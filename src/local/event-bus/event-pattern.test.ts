import { describe, expect, it } from 'vitest';
import { compileEventPattern, EventPatternError } from './event-pattern';

type Case = {
  name: string;
  pattern: Record<string, unknown>;
  matching: unknown[];
  notMatching: unknown[];
};

const cases: Case[] = [
  {
    name: 'exact values (an array is an OR)',
    pattern: { source: ['aws.ivs', 'custom.ivs.simulator'] },
    matching: [{ source: 'aws.ivs' }, { source: 'custom.ivs.simulator', extra: 1 }],
    notMatching: [{ source: 'aws.s3' }, { source: 'AWS.IVS' }, {}, { source: null }],
  },
  {
    name: 'exact numbers, booleans and null keep their type',
    pattern: { detail: { n: [5], b: [true], z: [null] } },
    matching: [{ detail: { n: 5.0, b: true, z: null } }],
    notMatching: [
      { detail: { n: '5', b: true, z: null } },
      { detail: { n: 5, b: 'true', z: null } },
      { detail: { n: 5, b: true } },
    ],
  },
  {
    name: 'nested objects',
    pattern: { detail: { recording_status: ['Recording End'] } },
    matching: [{ detail: { recording_status: 'Recording End', other: 'x' } }],
    notMatching: [{ detail: { recording_status: 'Recording Start' } }, { detail: 'Recording End' }, {}],
  },
  {
    name: 'an array in the event matches if any element matches',
    pattern: { resources: ['arn:aws:ivs:us-west-2:1:channel/a'] },
    matching: [{ resources: ['arn:x', 'arn:aws:ivs:us-west-2:1:channel/a'] }],
    notMatching: [{ resources: ['arn:x'] }, { resources: [] }],
  },
  {
    name: 'an array of objects matches if any element matches the nested pattern',
    pattern: { detail: { items: { kind: ['b'] } } },
    matching: [{ detail: { items: [{ kind: 'a' }, { kind: 'b' }] } }],
    notMatching: [{ detail: { items: [{ kind: 'a' }] } }],
  },
  {
    name: 'prefix',
    pattern: { source: [{ prefix: 'custom.' }] },
    matching: [{ source: 'custom.ivs.simulator' }],
    notMatching: [{ source: 'aws.ivs' }, { source: 'x.custom.ivs' }, { source: 7 }],
  },
  {
    name: 'prefix ignoring case',
    pattern: { source: [{ prefix: { 'equals-ignore-case': 'CUSTOM.' } }] },
    matching: [{ source: 'custom.ivs' }, { source: 'Custom.x' }],
    notMatching: [{ source: 'aws.custom.' }],
  },
  {
    name: 'suffix',
    pattern: { detail: { key: [{ suffix: '.m3u8' }] } },
    matching: [{ detail: { key: 'media/hls/master.m3u8' } }],
    notMatching: [{ detail: { key: 'media/hls/master.m3u8.bak' } }, { detail: { key: 'x.M3U8' } }],
  },
  {
    name: 'anything-but a value',
    pattern: { detail: { recording_status: [{ 'anything-but': 'Recording Start' }] } },
    matching: [{ detail: { recording_status: 'Recording End' } }],
    notMatching: [{ detail: { recording_status: 'Recording Start' } }, { detail: {} }],
  },
  {
    name: 'anything-but a list',
    pattern: { detail: { code: [{ 'anything-but': [100, 200] }] } },
    matching: [{ detail: { code: 300 } }, { detail: { code: '100' } }],
    notMatching: [{ detail: { code: 100 } }, { detail: { code: 200 } }],
  },
  {
    name: 'anything-but a prefix',
    pattern: { source: [{ 'anything-but': { prefix: 'aws.' } }] },
    matching: [{ source: 'custom.ivs.simulator' }],
    notMatching: [{ source: 'aws.ivs' }],
  },
  {
    name: 'exists: true',
    pattern: { detail: { reason: [{ exists: true }] } },
    matching: [{ detail: { reason: '' } }, { detail: { reason: 0 } }],
    notMatching: [{ detail: {} }, { detail: { reason: { nested: 1 } } }, {}],
  },
  {
    name: 'exists: false',
    pattern: { detail: { reason: [{ exists: false }] } },
    matching: [{ detail: {} }, {}, { detail: { other: 1 } }],
    notMatching: [{ detail: { reason: 'x' } }],
  },
  {
    name: 'numeric ranges',
    pattern: { detail: { recording_duration_ms: [{ numeric: ['>', 0, '<=', 1000] }] } },
    matching: [{ detail: { recording_duration_ms: 1 } }, { detail: { recording_duration_ms: 1000 } }],
    notMatching: [
      { detail: { recording_duration_ms: 0 } },
      { detail: { recording_duration_ms: 1001 } },
      { detail: { recording_duration_ms: '5' } },
    ],
  },
  {
    name: 'numeric equality',
    pattern: { detail: { n: [{ numeric: ['=', 3.5] }] } },
    matching: [{ detail: { n: 3.5 } }],
    notMatching: [{ detail: { n: 3 } }],
  },
  {
    name: 'equals-ignore-case',
    pattern: { 'detail-type': [{ 'equals-ignore-case': 'ivs recording state change' }] },
    matching: [{ 'detail-type': 'IVS Recording State Change' }],
    notMatching: [{ 'detail-type': 'IVS Stream State Change' }],
  },
  {
    name: 'wildcard',
    pattern: { resources: [{ wildcard: 'arn:aws:ivs:*:channel/*' }] },
    matching: [{ resources: ['arn:aws:ivs:us-west-2:123456789012:channel/AbCdef1G2hij'] }],
    notMatching: [{ resources: ['arn:aws:s3:::bucket'] }],
  },
  {
    name: 'wildcard with an escaped star',
    pattern: { detail: { k: [{ wildcard: 'a\\*b*' }] } },
    matching: [{ detail: { k: 'a*bc' } }],
    notMatching: [{ detail: { k: 'axbc' } }],
  },
  {
    name: '$or between sub-patterns',
    pattern: {
      source: ['aws.ivs'],
      $or: [{ detail: { event_name: ['Stream Start'] } }, { detail: { recording_status: [{ exists: true }] } }],
    },
    matching: [
      { source: 'aws.ivs', detail: { event_name: 'Stream Start' } },
      { source: 'aws.ivs', detail: { recording_status: 'Recording End' } },
    ],
    notMatching: [
      { source: 'aws.ivs', detail: { event_name: 'Stream End' } },
      { source: 'custom', detail: { event_name: 'Stream Start' } },
    ],
  },
];

describe('compileEventPattern', () => {
  describe.each(cases)('given a pattern with $name', ({ pattern, matching, notMatching }) => {
    const matches = compileEventPattern(pattern);
    it.each(matching.map((event) => [JSON.stringify(event), event]))(
      'when the event is %s then it matches',
      (_, event) => {
        expect(matches(event)).toBe(true);
      },
    );
    it.each(notMatching.map((event) => [JSON.stringify(event), event]))(
      'when the event is %s then it does not match',
      (_, event) => {
        expect(matches(event)).toBe(false);
      },
    );
  });

  it.each([
    ['an unknown operator', { source: [{ prefx: 'aws.' }] }, /unknown or unsupported operator "prefx"/],
    ['cidr (not supported locally)', { ip: [{ cidr: '10.0.0.0/8' }] }, /operator "cidr"/],
    ['a leaf that is not an array', { source: 'aws.ivs' }, /must be an array/],
    ['an empty pattern', {}, /must not be empty/],
    ['a numeric with a bad comparison', { n: [{ numeric: ['>>', 1] }] }, /unknown comparison/],
    ['exists that is not a boolean', { n: [{ exists: 'yes' }] }, /true or false/],
    ['a wildcard with consecutive stars', { n: [{ wildcard: 'a**' }] }, /consecutive/],
    ['an operator object with two keys', { n: [{ prefix: 'a', suffix: 'b' }] }, /exactly one key/],
    ['$or with a single alternative', { $or: [{ a: ['x'] }] }, /at least two/],
  ])('given %s, when it is compiled, then it fails with a clear error', (_, pattern, message) => {
    expect(() => compileEventPattern(pattern, 'rule R')).toThrow(EventPatternError);
    expect(() => compileEventPattern(pattern, 'rule R')).toThrow(message);
  });

  it('given an error deep in a pattern, when it is compiled, then the message names the path', () => {
    expect(() => compileEventPattern({ detail: { x: [{ bogus: 1 }] } }, 'rule R')).toThrow(
      /^rule R\.detail\.x\[0\]: unknown/,
    );
  });
});

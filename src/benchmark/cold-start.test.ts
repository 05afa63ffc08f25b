import { describe, expect, it } from 'vitest';
import { parseChildResult, streamStartEvent } from './cold-start';

describe('given the output of a cold-start child', () => {
  it('when the function logged around the result then the result line is found', () => {
    const out = '{"level":"INFO","message":"StreamSession created"}\n\nBENCH_RESULT {"bootMs":30,"importMs":200,"firstEventMs":40,"totalMs":270,"outcome":"written"}\n';
    expect(parseChildResult(out)).toEqual({ bootMs: 30, importMs: 200, firstEventMs: 40, totalMs: 270, outcome: 'written' });
  });

  it('when the child printed no result then there is none', () => {
    expect(parseChildResult('{"level":"ERROR"}\n')).toBeNull();
  });
});

describe('given a channel', () => {
  it('when the cold-start event is made then it is a Stream Start on that channel with its account and region', () => {
    const event = streamStartEvent('arn:aws:ivs:eu-west-1:111122223333:channel/AbCdEf123456', 'st-1');
    expect(event).toMatchObject({ account: '111122223333', region: 'eu-west-1', resources: ['arn:aws:ivs:eu-west-1:111122223333:channel/AbCdEf123456'], detail: { event_name: 'Stream Start', stream_id: 'st-1' } });
  });
});

import { describe, expect, it } from 'vitest';
import { alternate, coldStartMedians, coldStartRatio, parseChildResult, streamStartEvent } from './cold-start';

describe('given the output of a cold-start child', () => {
  it('when the function logged around the result then the result line is found', () => {
    const out =
      '{"level":"INFO","message":"StreamSession created"}\n\nBENCH_RESULT {"bootMs":30,"importMs":200,"firstEventMs":40,"totalMs":270,"outcome":"written"}\n';
    expect(parseChildResult(out)).toEqual({
      bootMs: 30,
      importMs: 200,
      firstEventMs: 40,
      totalMs: 270,
      outcome: 'written',
    });
  });

  it('when the child printed no result then there is none', () => {
    expect(parseChildResult('{"level":"ERROR"}\n')).toBeNull();
  });
});

describe('given a channel', () => {
  it('when the cold-start event is made then it is a Stream Start on that channel with its account and region', () => {
    const event = streamStartEvent('arn:aws:ivs:eu-west-1:111122223333:channel/AbCdEf123456', 'st-1');
    expect(event).toMatchObject({
      account: '111122223333',
      region: 'eu-west-1',
      resources: ['arn:aws:ivs:eu-west-1:111122223333:channel/AbCdEf123456'],
      detail: { event_name: 'Stream Start', stream_id: 'st-1' },
    });
  });
});

describe('given cold starts of the handler and of the minimal handler', () => {
  const run = (totalMs: number, importMs = 0) => ({
    bootMs: 1,
    importMs,
    firstEventMs: 2,
    totalMs,
    wallMs: totalMs + 50,
  });
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

  it('when the medians are taken then each measure is the median of its own runs', () => {
    expect(coldStartMedians([run(300, 10), run(100, 30), run(200, 20)], median)).toEqual({
      importMs: 20,
      firstEventMs: 2,
      totalMs: 200,
      wallMs: 250,
    });
  });

  it('when the ratio is taken then it is handler over minimal, process start to first event written', () => {
    expect(coldStartRatio(coldStartMedians([run(300)], median), coldStartMedians([run(120)], median))).toBe(2.5);
  });

  it('when the minimal handler measured nothing then there is no ratio but an error', () => {
    expect(() => coldStartRatio(coldStartMedians([run(300)], median), coldStartMedians([run(0)], median))).toThrow(
      /must be positive/,
    );
  });

  it('when runs alternate then the handler and the minimal handler take turns, each run numbered', async () => {
    const order: string[] = [];
    const result = await alternate(2, async (which, i) => {
      order.push(`${which}${i}`);
      return i;
    });
    expect(order).toEqual(['handler0', 'minimal0', 'handler1', 'minimal1']);
    expect(result).toEqual({ handler: [0, 1], minimal: [0, 1] });
  });
});

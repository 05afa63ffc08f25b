import { describe, expect, it } from 'vitest';
import { initialLiveStatus, liveLabel, liveStatusReducer, type LiveEvent, type LiveStatus } from './live-status';

const after = (events: LiveEvent[], status: LiveStatus = initialLiveStatus(2)) =>
  events.reduce(liveStatusReducer, status);

describe('given a page with two subscriptions', () => {
  it('when the socket connects and one subscription is acknowledged (twice) then live updates are still connecting', () => {
    const status = after([
      { type: 'connection', state: 'Disconnected' },
      { type: 'connection', state: 'Connecting' },
      { type: 'ack', id: 'a' },
      { type: 'ack', id: 'a' },
    ]);
    expect(liveLabel(status)).toBe('connecting');
    expect(status.ready).toBe(0);
  });

  it('when both are acknowledged then live updates are on, and the page is told once (even if an ack repeats)', () => {
    const status = after([
      { type: 'connection', state: 'Connected' },
      { type: 'ack', id: 'a' },
      { type: 'ack', id: 'b' },
      { type: 'ack', id: 'b' },
    ]);
    expect(liveLabel(status)).toBe('on');
    expect(status.ready).toBe(1);
  });

  it('when the connection is lost after it was on then updates are interrupted, and ready again after the resubscription', () => {
    const on = after([
      { type: 'ack', id: 'a' },
      { type: 'ack', id: 'b' },
    ]);
    const lost = after([{ type: 'connection', state: 'ConnectionDisrupted' }], on);
    expect(liveLabel(lost)).toBe('interrupted');
    const back = after(
      [
        { type: 'connection', state: 'Connected' },
        { type: 'ack', id: 'a' },
        { type: 'ack', id: 'b' },
      ],
      lost,
    );
    expect(liveLabel(back)).toBe('on');
    expect(back.ready).toBe(2);
  });
});

/**
 * Plays one recording: asks the `playback` query, then plays its master playlist with
 * hls.js, its poster shown until it plays, and a thumbnail scrubber from its thumbnails.
 *
 * Signed access: the app and the media are on different sites (CloudFront's domain), so the
 * browser cannot be given CloudFront's cookies (a page sets cookies for its own site only).
 * hls.js instead appends the signed query string (Policy, Signature, Key-Pair-Id) to every
 * request it makes (`xhrSetup`): one custom policy covers every playlist, segment and image
 * under the recording's prefix. Playlists name their segments by relative URLs, which drop a
 * query string, so signing each request, not the first URL, is what makes this work. Images
 * come with the query string already in their URLs. Native HLS (Safari without MSE) resolves
 * the segments itself and would need the cookies: hls.js is used wherever MSE exists.
 */
import { generateClient } from 'aws-amplify/data';
import { useEffect, useRef, useState } from 'react';
import type { Schema } from '../../amplify/data/resource';
import { withSignedQuery } from '../../src/playback/media-urls';
import { ThumbnailScrubber } from './thumbnail-scrubber';
import './recording-player.css';

type Playback = NonNullable<Schema['playback']['returnType']>;

type Loaded = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'loaded'; playback: Playback };

const usePlayback = (recordingId: string): Loaded => {
  const [loaded, setLoaded] = useState<Loaded>({ kind: 'loading' });
  useEffect(() => {
    let current = true;
    setLoaded({ kind: 'loading' });
    generateClient<Schema>()
      .queries.playback({ recordingId })
      .then(({ data, errors }) => {
        if (!current) return;
        if (errors?.length || !data) {
          setLoaded({ kind: 'error', message: errors?.map((e) => e.message).join('; ') || 'no answer' });
        } else setLoaded({ kind: 'loaded', playback: data });
      })
      .catch((error: unknown) => {
        if (current) setLoaded({ kind: 'error', message: error instanceof Error ? error.message : String(error) });
      });
    return () => {
      current = false;
    };
  }, [recordingId]);
  return loaded;
};

const Video = ({ playback }: { playback: Playback }) => {
  const video = useRef<HTMLVideoElement>(null);
  const [playError, setPlayError] = useState<string | null>(null);
  const [timeMs, setTimeMs] = useState(0);
  const { masterPlaylistUrl, signedQuery } = playback;

  useEffect(() => {
    const element = video.current;
    if (!element || !masterPlaylistUrl || !signedQuery) return;
    let hls: import('hls.js').default | undefined;
    let closed = false;
    // hls.js is loaded with the first player (its own chunk), not with the records page.
    void import('hls.js').then(({ default: Hls }) => {
      if (closed) return;
      if (!Hls.isSupported()) {
        setPlayError('this browser has no Media Source Extensions: HLS playback needs hls.js');
        return;
      }
      hls = new Hls({
        xhrSetup: (xhr, url) => xhr.open('GET', withSignedQuery(url, signedQuery), true),
      });
      hls.on(Hls.Events.ERROR, (_event, data) => {
        if (data.fatal) setPlayError(`${data.type}: ${data.details}`);
      });
      hls.loadSource(masterPlaylistUrl);
      hls.attachMedia(element);
    });
    return () => {
      closed = true;
      hls?.destroy();
    };
  }, [masterPlaylistUrl, signedQuery]);

  const thumbnails = (playback.thumbnails ?? []).flatMap((t) => (t ? [t] : []));
  return (
    <>
      {/* biome-ignore lint/a11y/useMediaCaption: recordings of live streams have no captions */}
      <video
        ref={video}
        className="player-video"
        controls
        playsInline
        poster={playback.posterUrl ?? undefined}
        data-master-playlist={masterPlaylistUrl ?? undefined}
        onTimeUpdate={(e) => setTimeMs(e.currentTarget.currentTime * 1000)}
      />
      {playError && (
        <p role="alert" className="warning">
          The video could not be played ({playError}).
        </p>
      )}
      {thumbnails.length > 0 && (
        <ThumbnailScrubber
          thumbnails={thumbnails}
          durationMs={playback.durationMs ?? thumbnails.at(-1)!.endMs}
          currentMs={timeMs}
          onSeek={(ms) => {
            if (video.current) video.current.currentTime = ms / 1000;
            setTimeMs(ms);
          }}
        />
      )}
    </>
  );
};

export const RecordingPlayer = ({ recordingId, onClose }: { recordingId: string; onClose: () => void }) => {
  const loaded = usePlayback(recordingId);
  return (
    <section className="player" aria-labelledby="player-heading">
      <div className="player-head">
        <h2 id="player-heading">Recording {recordingId.split('-').pop()}</h2>
        <button type="button" onClick={onClose}>
          Close player
        </button>
      </div>
      {loaded.kind === 'loading' && <p aria-busy="true">Loading the recording…</p>}
      {loaded.kind === 'error' && (
        <p role="alert" className="error">
          Could not load the recording: {loaded.message}
        </p>
      )}
      {loaded.kind === 'loaded' &&
        (() => {
          const { playback } = loaded;
          switch (playback.status) {
            case 'READY':
              return <Video playback={playback} />;
            case 'NOT_READY':
              return <p role="status">Not ready to play yet: {playback.reason}</p>;
            case 'FAILED':
              return (
                <p role="alert" className="error">
                  This recording failed: {playback.reason}
                </p>
              );
            default:
              return <p role="alert">Unknown playback status {String(playback.status)}</p>;
          }
        })()}
    </section>
  );
};

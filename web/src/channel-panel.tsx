import { generateClient } from 'aws-amplify/data';
import { useState } from 'react';
import type { Schema } from '../../amplify/data/resource';
import type { ProfileRow } from './records-state';

type Client = ReturnType<typeof generateClient<Schema>>;
type Channel = { channelArn: string; channelName: string; ingestEndpoint: string };
type StreamKey = { ingestEndpoint: string; streamKey: string };

const client: { current?: Client } = {};
const dataClient = (): Client => (client.current ??= generateClient<Schema>());

const messageOf = (errors: readonly { message: string }[] | undefined, fallback: string) =>
  errors?.map((e) => e.message).join('; ') || fallback;

/** The RTMPS URL a broadcasting tool (OBS, ffmpeg) streams to. */
const ingestUrl = (endpoint: string) => `rtmps://${endpoint}:443/app/`;

/** One channel: its ingest server, and its stream key when asked for (never shown unasked). */
const ChannelKey = ({
  channelArn,
  name,
  ingestEndpoint,
}: {
  channelArn: string;
  name: string;
  ingestEndpoint?: string;
}) => {
  const [key, setKey] = useState<StreamKey | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const toggle = async () => {
    if (key) return setKey(null);
    setBusy(true);
    setError(null);
    try {
      const { data, errors } = await dataClient().queries.streamKey({ channelArn });
      if (data) setKey(data);
      else setError(messageOf(errors, 'no stream key came back'));
    } catch (e) {
      setError(messageOf((e as { errors?: { message: string }[] }).errors, String(e)));
    } finally {
      setBusy(false);
    }
  };
  const endpoint = key?.ingestEndpoint ?? ingestEndpoint;
  return (
    <div className="channel-key" data-channel-arn={channelArn}>
      <p>
        <strong>{name}</strong>
        {endpoint && (
          <>
            {' '}
            · Ingest server: <code data-field="ingest-server">{ingestUrl(endpoint)}</code>
          </>
        )}
      </p>
      <button type="button" onClick={toggle} disabled={busy} aria-expanded={key !== null}>
        {busy ? 'Loading…' : key ? 'Hide stream key' : 'Show stream key'}
      </button>
      {key && (
        <p>
          Stream key (keep it secret): <code data-field="stream-key">{key.streamKey}</code>
        </p>
      )}
      {error && (
        <p role="alert" className="error">
          Could not read the stream key: {error}
        </p>
      )}
    </div>
  );
};

/**
 * The signed-in user's channels: a user with none creates one here (createChannel: an IVS
 * channel with the backend's recording configuration, and its Profile); each channel shows its
 * ingest server and, on request, its stream key (the owner-only streamKey query).
 */
export const ChannelPanel = ({ profiles }: { profiles: readonly ProfileRow[] }) => {
  const [created, setCreated] = useState<Channel | null>(null);
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const create = async (event: React.FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const { data, errors } = await dataClient().mutations.createChannel(name.trim() ? { name: name.trim() } : {});
      if (data) setCreated(data);
      else setError(messageOf(errors, 'no channel came back'));
    } catch (e) {
      setError(messageOf((e as { errors?: { message: string }[] }).errors, String(e)));
    } finally {
      setBusy(false);
    }
  };
  // The profile of a channel created here arrives by subscription; until then, show the answer.
  const channels = profiles.map((p) => ({
    channelArn: p.channelArn,
    name: p.channelName || p.channelArn.split('/').pop() || p.channelArn,
    ingestEndpoint: created?.channelArn === p.channelArn ? created.ingestEndpoint : undefined,
  }));
  if (created && !profiles.some((p) => p.channelArn === created.channelArn)) {
    channels.push({
      channelArn: created.channelArn,
      name: created.channelName,
      ingestEndpoint: created.ingestEndpoint,
    });
  }
  return (
    <section aria-labelledby="channel-panel-heading" className="channel-panel">
      <h2 id="channel-panel-heading">Your channel</h2>
      {channels.map((c) => (
        <ChannelKey key={c.channelArn} {...c} />
      ))}
      {channels.length === 0 && (
        <form onSubmit={create}>
          <label>
            Channel name (optional){' '}
            <input value={name} onChange={(e) => setName(e.target.value)} pattern="[A-Za-z0-9_\-]{1,128}" />
          </label>{' '}
          <button type="submit" disabled={busy}>
            {busy ? 'Creating…' : 'Create my channel'}
          </button>
        </form>
      )}
      {error && (
        <p role="alert" className="error">
          Could not create the channel: {error}
        </p>
      )}
    </section>
  );
};

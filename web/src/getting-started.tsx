import type { ProfileRow } from './records-state';

type Props = {
  kind: 'no-channel' | 'no-recordings';
  email: string;
  /** Against the local stack (`npm start`): the commands run here; in the cloud, IVS sends the events. */
  local: boolean;
  profiles: readonly ProfileRow[];
};

const Commands = ({ lines, label }: { lines: string[]; label: string }) => (
  <pre aria-label={label} tabIndex={0}>
    <code>{lines.join('\n')}</code>
  </pre>
);

/** What a new user does next, with the commands filled in for them. */
export const GettingStarted = ({ kind, email, local, profiles }: Props) => {
  const channelArn = profiles[0]?.channelArn ?? 'arn:aws:ivs:<region>:<account>:channel/<id>';
  if (kind === 'no-channel') {
    return (
      <div className="getting-started" role="region" aria-labelledby="no-channel-heading">
        <h2 id="no-channel-heading">No channel is registered to your account yet</h2>
        <p>
          Recordings are tracked per IVS channel. Register your channel for <strong>{email}</strong> (in a terminal, in
          the project folder):
        </p>
        <Commands
          label="Register a channel"
          lines={[
            `npx tsx scripts/create-profile.ts --channel-arn ${channelArn} --channel-name "My channel" --owner ${email}`,
          ]}
        />
        {local && (
          <p>
            To try the page first, sign in as the demo user that <code>npm start</code> prints: it owns the demo channel
            that the files in <code>test-events/</code> are for.
          </p>
        )}
        <p>This page updates by itself once the channel exists.</p>
      </div>
    );
  }
  return (
    <div className="getting-started" role="region" aria-labelledby="no-recordings-heading">
      <h3 id="no-recordings-heading">No recordings yet</h3>
      {local ? (
        <>
          <p>Send the test events (in a terminal, in the project folder); the rows appear here as they arrive:</p>
          <Commands
            label="Send test events"
            lines={[
              'npm run events -- test-events/recording-start.json',
              'npm run events -- test-events/recording-end.json',
              'npm run events -- test-events/recording-failure.json',
            ]}
          />
          <p>
            The files are for the demo channel (<code>channel/DemoChannel1</code>); for another channel, copy them and
            put its ARN in <code>Resources</code>.
          </p>
        </>
      ) : (
        <p>
          Stream to <code>{channelArn}</code> with auto-record on: IVS reports the recording and it appears here. In a
          sandbox, <code>aws events put-events --entries file://test-events/recording-start.json</code> sends a test
          event (use your channel&apos;s ARN in <code>Resources</code>).
        </p>
      )}
    </div>
  );
};

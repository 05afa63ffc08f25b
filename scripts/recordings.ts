// Prints a channel's stream sessions and recordings as a frontend reads them (index queries): npm run recordings -- --help
// The AWS SDK and Amplify load after the command line is read: --help and usage errors answer at once.
import { channelArnValue, parseCommandLine, runCommand } from '../src/cli/command-line';
import { DEFAULT_OUTPUTS_FILE } from '../src/cli/local-stack-endpoint';
import { PROJECT_ROOT } from '../src/cloud-assembly/synthesize';
import { demoChannelArn } from '../src/local/stack/demo-channel';

const USAGE = `usage: npm run recordings -- [--channel-arn <arn>] [--outputs FILE]

Prints a channel's stream sessions and recordings, read with the index queries a frontend uses.
  --channel-arn ARN  default: the channel of test-events/ (the demo channel)
  --outputs FILE     default ${DEFAULT_OUTPUTS_FILE} (the local stack's, or a deployed sandbox's)`;

await runCommand('recordings', async () => {
  const { values } = parseCommandLine(USAGE, {
    options: { 'channel-arn': { type: 'string' }, outputs: { type: 'string', default: DEFAULT_OUTPUTS_FILE } },
  });
  const channelArn =
    values['channel-arn'] !== undefined
      ? channelArnValue('channel-arn', values['channel-arn'])
      : await demoChannelArn(PROJECT_ROOT);
  const { dataClientForOutputs } = await import('../src/data-client/outputs-file');
  const { channelRecordings } = await import('../src/records-store/channel-recordings');
  const { client } = await dataClientForOutputs(values.outputs);
  const view = await channelRecordings(client, channelArn);
  if (!view) {
    console.log(`No Profile for ${channelArn}: create one with scripts/create-profile.ts`);
    return;
  }
  console.log(`Profile ${view.profileId} (${channelArn})`);
  console.log('\nStream sessions');
  console.table(view.streamSessions);
  console.log('Recordings');
  console.table(view.recordings.map(({ streamSessionId: _s, ...r }) => r));
});

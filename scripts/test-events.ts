// Writes the test events of test-events/ for your own channel: npm run test-events -- --help
import path from 'node:path';
import { channelArnValue, parseCommandLine, runCommand, UsageError } from '../src/cli/command-line';
import { PROJECT_ROOT } from '../src/cloud-assembly/synthesize';
import { demoChannelArn } from '../src/local/stack/demo-channel';
import { TEST_EVENT_FILES, writeTestEvents } from '../src/put-events/test-events';

const DEFAULT_OUT = '.local/test-events';

const USAGE = `usage: npm run test-events -- --channel-arn <arn> [--out DIR] [--bucket NAME]

Writes the put-events entries files of test-events/ (a recorded broadcast and one whose
recording fails to start) for your channel, to send to a deployed sandbox with the AWS CLI.
  --channel-arn ARN  your channel: arn:aws:ivs:<region>:<account>:channel/<id>
  --out DIR          where to write them (default ${DEFAULT_OUT})
  --bucket NAME      the recordings bucket the events name (default: the backend's default
                     for the channel's account and region, as IVS_RECORDINGS_BUCKET would be)`;

await runCommand('test-events', async () => {
  const { values } = parseCommandLine(USAGE, {
    options: {
      'channel-arn': { type: 'string' },
      out: { type: 'string', default: DEFAULT_OUT },
      bucket: { type: 'string' },
    },
  });
  if (!values['channel-arn']) throw new UsageError('--channel-arn is required');
  const channelArn = channelArnValue('channel-arn', values['channel-arn']);
  const outDir = path.resolve(values.out);
  await writeTestEvents({
    templatesDir: path.join(PROJECT_ROOT, 'test-events'),
    templateChannelArn: await demoChannelArn(PROJECT_ROOT),
    channelArn,
    outDir,
    ...(values.bucket ? { bucketName: values.bucket } : {}),
  });
  const shown = path.relative(process.cwd(), outDir) || '.';
  console.log(`Wrote the test events for ${channelArn} into ${shown}. Send them to your sandbox's region:`);
  for (const name of TEST_EVENT_FILES) console.log(`  aws events put-events --entries file://${shown}/${name}`);
});

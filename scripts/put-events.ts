// Sends a put-events entries file, like `aws events put-events --entries file://...`: npm run events -- --help
// The AWS SDK and Amplify load after the command line is read: --help and usage errors answer at once.
import { readFile } from 'node:fs/promises';
import { parseCommandLine, runCommand, UsageError } from '../src/cli/command-line';
import { DEFAULT_OUTPUTS_FILE, localStackEndpoint } from '../src/cli/local-stack-endpoint';
import { assertReachable } from '../src/cli/reachable';
import { EntriesFileError, parseEntriesFile } from '../src/put-events/entries-file';

const USAGE = `usage: npm run events -- <entries.json> [--aws | --endpoint-url URL] [--region R] [--outputs FILE]

Sends a put-events entries file (the format of aws events put-events --entries file://...).
  (default)           the local stack (npm start): the endpoint from amplify_outputs.json
                      (custom.local.eventsEndpoint), or LOCAL_EVENTS_PORT when set
  --aws               your AWS account's default bus (AWS credentials)
  --endpoint-url URL  any EventBridge-compatible endpoint
  --region R          the region to sign for (default AWS_REGION, else us-east-1)
  --outputs FILE      where to find the local endpoints (default ${DEFAULT_OUTPUTS_FILE})
Exits 1 if any entry failed.`;

await runCommand('events', async () => {
  const { values, positionals } = parseCommandLine(USAGE, {
    allowPositionals: true,
    options: {
      'endpoint-url': { type: 'string' },
      aws: { type: 'boolean', default: false },
      region: { type: 'string' },
      outputs: { type: 'string', default: DEFAULT_OUTPUTS_FILE },
    },
  });
  if (positionals.length !== 1) throw new UsageError(`give one entries file, got ${positionals.length}`);
  if (values.aws && values['endpoint-url']) throw new UsageError('--aws and --endpoint-url are exclusive');
  const file = positionals[0]!.replace(/^file:\/\//, '');
  let entries;
  try {
    entries = parseEntriesFile(await readFile(file, 'utf8'));
  } catch (error) {
    if (error instanceof EntriesFileError) throw new UsageError(`${file}: ${error.message}`);
    if ((error as { code?: string }).code === 'ENOENT') throw new UsageError(`${file} not found`);
    throw error;
  }
  const endpoint = values.aws
    ? undefined
    : (values['endpoint-url'] ?? (await localStackEndpoint('events', values.outputs)));
  if (endpoint) await assertReachable(endpoint, 'start the local stack with npm start, or pass --aws');
  const { eventBridgeClientFor, formatResult, sendEntries } = await import('../src/put-events/send-entries');
  const result = await sendEntries(eventBridgeClientFor({ endpoint, region: values.region }), entries);
  console.log(`Sent ${entries.length} entries to ${endpoint ?? 'AWS EventBridge'}`);
  for (const entry of result.entries) console.log(formatResult(entry));
  return result.failedEntryCount > 0 ? 1 : 0;
});

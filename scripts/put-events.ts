// Sends a put-events entries file, like `aws events put-events --entries file://...`.
//   npm run events -- test-events/recording-start.json            (the local stack, npm start)
//   npm run events -- test-events/recording-start.json --aws      (your AWS account's default bus)
//   npm run events -- file.json --endpoint-url http://host:port   (any EventBridge-compatible endpoint)
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { parseEntriesFile } from '../src/put-events/entries-file';
import {
  LOCAL_EVENTS_ENDPOINT,
  eventBridgeClientFor,
  formatResult,
  sendEntries,
} from '../src/put-events/send-entries';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    'endpoint-url': { type: 'string' },
    aws: { type: 'boolean', default: false },
    region: { type: 'string' },
  },
});
if (positionals.length !== 1) {
  console.error('usage: npm run events -- <entries.json> [--aws | --endpoint-url URL] [--region R]');
  process.exit(2);
}
const file = positionals[0]!.replace(/^file:\/\//, '');
const endpoint = values.aws ? undefined : (values['endpoint-url'] ?? LOCAL_EVENTS_ENDPOINT);
try {
  const entries = parseEntriesFile(await readFile(file, 'utf8'));
  const result = await sendEntries(eventBridgeClientFor({ endpoint, region: values.region }), entries);
  console.log(`Sent ${entries.length} entries to ${endpoint ?? 'AWS EventBridge'}`);
  for (const entry of result.entries) console.log(formatResult(entry));
  process.exitCode = result.failedEntryCount > 0 ? 1 : 0;
} catch (error) {
  const code = (error as { code?: string }).code;
  console.error(
    code === 'ECONNREFUSED'
      ? `Nothing answers at ${endpoint}: start the local stack with npm start, or pass --aws`
      : `put-events failed: ${(error as Error).message}`,
  );
  process.exitCode = 1;
}

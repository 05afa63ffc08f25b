// npm start: the whole pipeline on this machine, no AWS account (see README, "Run it locally").
//   npm start                 data kept in .local/data across restarts
//   npm start -- --in-memory  keep nothing
import { parseArgs } from 'node:util';
import { PROJECT_ROOT } from '../src/cloud-assembly/synthesize';
import { PortInUseError } from '../src/local/stack/free-ports';
import { startLocalStack } from '../src/local/stack/local-stack';
import { startBanner } from '../src/local/stack/start-banner';

const { values } = parseArgs({ options: { 'in-memory': { type: 'boolean', default: false } } });
const port = (name: string, fallback: number): number => {
  const value = process.env[name];
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0 || parsed > 65535) {
    console.error(`${name} must be a port number, got "${value}"`);
    process.exit(2);
  }
  return parsed;
};

try {
  const stack = await startLocalStack({
    inMemory: values['in-memory'],
    eventsPort: port('LOCAL_EVENTS_PORT', 4010),
    dataPort: port('LOCAL_DATA_PORT', 20002),
    s3Port: port('LOCAL_S3_PORT', 4566),
    lambdaPort: port('LOCAL_LAMBDA_PORT', 4011),
    userPoolPort: port('LOCAL_USER_POOL_PORT', 4012),
  });
  console.log(startBanner(stack, PROJECT_ROOT));
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping the local stack...`);
    await stack.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
} catch (error) {
  console.error(
    error instanceof PortInUseError
      ? `Cannot start: ${error.message}`
      : `Cannot start the local stack: ${(error as Error).stack ?? String(error)}`,
  );
  process.exit(1);
}

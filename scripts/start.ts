// npm start: the whole pipeline on this machine, no AWS account (see README, "Quick start"): npm start -- --help
import path from 'node:path';
import { parseCommandLine, runCommand } from '../src/cli/command-line';
import { PROJECT_ROOT } from '../src/cloud-assembly/synthesize';
import { PortInUseError } from '../src/local/stack/free-ports';
import { LOCAL_PORTS, LOCAL_SERVICES, requestedPorts } from '../src/local/stack/local-endpoints';
import type { LocalStack } from '../src/local/stack/local-stack';
import { StackAlreadyRunningError } from '../src/local/stack/stack-lock';

const USAGE = `usage: npm start -- [--in-memory] [--local-dir DIR] [--outputs FILE] [--assembly DIR]

Runs the backend on this machine: the local data API, EventBridge, S3 and Lambda Invoke
endpoints, the real handler. Writes every endpoint into amplify_outputs.json (custom.local),
where the other scripts find them. One stack per folder (a lock in the local folder).
  --in-memory      keep nothing (default: data kept in <local dir>/data)
  --local-dir DIR  data, failed events, lock (default .local)
  --outputs FILE   where to write the outputs (default amplify_outputs.json; one written by
                   ampx is never overwritten: then <local dir>/amplify_outputs.json)
  --assembly DIR   an already synthesized sandbox assembly (skips the synthesis)
Ports (0: any free port): ${LOCAL_SERVICES.map((s) => `${LOCAL_PORTS[s].variable} (${LOCAL_PORTS[s].default})`).join(', ')}.
SIGINT (Ctrl-C) or SIGTERM stops it.`;

// Registered first: a signal during startup stops the stack as soon as it is up.
let stack: LocalStack | undefined;
let stopRequested: string | undefined;
const stop = async (signal: string): Promise<void> => {
  // npm forwards the terminal's Ctrl-C that this process already got: the first one counts.
  if (stopRequested && stack === undefined) return;
  stopRequested ??= signal;
  if (!stack) return;
  const running = stack;
  stack = undefined;
  console.log(`\n${signal}: stopping the local stack...`);
  // Stopping waits for accepted events; never longer than this.
  setTimeout(() => {
    console.error('The local stack did not stop within 10 s: exiting anyway');
    process.exit(1);
  }, 10_000).unref();
  await running.stop();
  process.exit(0);
};
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void stop(signal));

await runCommand('start', async () => {
  const { values } = parseCommandLine(USAGE, {
    options: {
      'in-memory': { type: 'boolean', default: false },
      'local-dir': { type: 'string' },
      outputs: { type: 'string' },
      assembly: { type: 'string' },
    },
  });
  const requested = requestedPorts(process.env);
  const ports = {
    eventsPort: requested.events,
    dataPort: requested.data,
    s3Port: requested.s3,
    lambdaPort: requested.lambda,
    userPoolPort: requested.userPool,
  };
  const { startLocalStack } = await import('../src/local/stack/local-stack');
  const { startBanner } = await import('../src/local/stack/start-banner');
  try {
    stack = await startLocalStack({
      inMemory: values['in-memory'],
      ...ports,
      ...(values['local-dir'] ? { localDir: path.resolve(values['local-dir']) } : {}),
      ...(values.outputs ? { outputsFile: path.resolve(values.outputs) } : {}),
      ...(values.assembly ? { assemblyDir: path.resolve(values.assembly) } : {}),
    });
  } catch (error) {
    if (error instanceof PortInUseError || error instanceof StackAlreadyRunningError) {
      console.error(`Cannot start: ${error.message}`);
      return 1;
    }
    throw error;
  }
  console.log(startBanner(stack, PROJECT_ROOT));
  if (stopRequested) await stop(stopRequested);
  // The servers keep the process alive until a signal stops them.
});

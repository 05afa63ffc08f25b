// Creates a confirmed user in the backend's Cognito user pool and prints its sub: npm run create-user -- --help
// The AWS SDK loads after the command line is read: --help and usage errors answer at once.
import { readFile } from 'node:fs/promises';
import { parseCommandLine, runCommand, UsageError } from '../src/cli/command-line';
import { DEFAULT_OUTPUTS_FILE } from '../src/cli/local-stack-endpoint';
import { assertReachable } from '../src/cli/reachable';

const USAGE = `usage: npm run create-user -- --email <address> --password <password> [--outputs <amplify_outputs.json>]

Creates a confirmed user (no invitation e-mail) with a permanent password and prints its sub.
The user pool comes from the outputs file (default ${DEFAULT_OUTPUTS_FILE}): the local one of
npm start (custom.local.userPoolEndpoint), or a deployed one (then AWS credentials allowed to
call cognito-idp:AdminCreateUser, AdminSetUserPassword and ListUsers on it must be in the
environment).`;

await runCommand('create-user', async () => {
  const { values } = parseCommandLine(USAGE, {
    options: {
      email: { type: 'string' },
      password: { type: 'string' },
      outputs: { type: 'string', default: DEFAULT_OUTPUTS_FILE },
    },
  });
  if (!values.email || !values.password) throw new UsageError('--email and --password are required');
  const { createConfirmedUser, userPoolFromOutputs, UserDirectoryError } = await import(
    '../src/user-directory/cognito-users'
  );
  let outputs: unknown;
  try {
    outputs = JSON.parse(await readFile(values.outputs, 'utf8'));
  } catch (error) {
    throw new UserDirectoryError(
      (error as { code?: string }).code === 'ENOENT'
        ? `${values.outputs} not found: start the local stack (npm start) or deploy with npx ampx sandbox first`
        : `${values.outputs} is not valid JSON: ${(error as Error).message}`,
    );
  }
  const pool = userPoolFromOutputs(outputs, values.outputs);
  if (pool.localEndpoint) await assertReachable(pool.localEndpoint);
  const user = await createConfirmedUser(pool, values.email, values.password);
  console.error(
    `Created ${user.email ?? values.email} in ${pool.localEndpoint ? `the local user pool (${pool.localEndpoint})` : `user pool ${pool.userPoolId}`}; sub:`,
  );
  console.log(user.sub);
});

// Creates a confirmed user in the backend's Cognito user pool and prints its sub.
//   npm run create-user -- --email <address> --password <password> [--outputs amplify_outputs.json]
// Against the local user pool (npm start; custom.local.userPoolEndpoint in the outputs file)
// or, with an outputs file from ampx, against Cognito with admin credentials of the account.
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { createConfirmedUser, userPoolFromOutputs, UserDirectoryError } from '../src/user-directory/cognito-users';

const USAGE = `usage: npm run create-user -- --email <address> --password <password> [--outputs <amplify_outputs.json>]

Creates a confirmed user (no invitation e-mail) with a permanent password and prints its sub.
The user pool comes from the outputs file: the local one of npm start, or a deployed one
(then AWS credentials allowed to call cognito-idp:AdminCreateUser, AdminSetUserPassword and
ListUsers on it must be in the environment).`;

const { values } = parseArgs({
  options: {
    email: { type: 'string' },
    password: { type: 'string' },
    outputs: { type: 'string', default: 'amplify_outputs.json' },
    help: { type: 'boolean', short: 'h' },
  },
  strict: true,
});
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
if (!values.email || !values.password) {
  console.error(`create-user: --email and --password are required\n\n${USAGE}`);
  process.exit(2);
}
try {
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
  const user = await createConfirmedUser(pool, values.email, values.password);
  console.error(`Created ${user.email ?? values.email} in ${pool.localEndpoint ? `the local user pool (${pool.localEndpoint})` : `user pool ${pool.userPoolId}`}; sub:`);
  console.log(user.sub);
} catch (error) {
  const e = error as Error;
  const hint = e.name === 'ECONNREFUSED' || /ECONNREFUSED|fetch failed/.test(e.message) ? ' (is npm start running?)' : '';
  console.error(`create-user failed: ${e instanceof UserDirectoryError ? '' : `${e.name}: `}${e.message}${hint}`);
  process.exitCode = 1;
}

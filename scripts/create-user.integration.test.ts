// npm run create-user, run as a user runs it, against a local user pool.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../src/cloud-assembly/synthesize';
import { startLocalUserPool, type LocalUserPool } from '../src/local/user-pool';

const run = promisify(execFile);
/** Stands for the test's outputs file in the table (made once the pool runs). */
const OUTPUTS = '<outputs>';
let pool: LocalUserPool;
let dir: string;
let outputs: string;

const createUser = async (...args: string[]) => {
  try {
    const { stdout, stderr } = await run(
      path.join(PROJECT_ROOT, 'node_modules/.bin/tsx'),
      ['scripts/create-user.ts', ...args],
      { cwd: PROJECT_ROOT },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
};

beforeAll(async () => {
  pool = await startLocalUserPool({ port: 0 });
  dir = await mkdtemp(path.join(tmpdir(), 'create-user-'));
  outputs = path.join(dir, 'amplify_outputs.json');
  await writeFile(
    outputs,
    JSON.stringify({
      auth: { user_pool_id: pool.userPoolId, aws_region: pool.region },
      custom: { local: { userPoolEndpoint: pool.endpoint } },
    }),
  );
});

afterAll(async () => {
  await pool?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('npm run create-user', () => {
  it("given an e-mail and a password, when run, then it prints the new confirmed user's sub and nothing else on stdout", async () => {
    const result = await createUser('--email', 'cli@example.com', '--password', 'Passw0rd!', '--outputs', outputs);

    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe(pool.findUser('cli@example.com')?.sub);
    expect(pool.findUser('cli@example.com')?.status).toBe('CONFIRMED');
  });

  it('given --help, when run, then it prints the usage', async () => {
    const result = await createUser('--help');

    expect(result).toMatchObject({
      code: 0,
      stdout: expect.stringContaining('usage: npm run create-user -- --email <address> --password <password>'),
    });
  });

  it.each([
    [['--email', 'a@example.com'], 2, '--email and --password are required'],
    [
      ['--email', 'cli@example.com', '--password', 'Passw0rd!', '--outputs', OUTPUTS],
      1,
      'a user with the e-mail cli@example.com already exists',
    ],
    [
      ['--email', 'b@example.com', '--password', 'short', '--outputs', OUTPUTS],
      1,
      "the password does not meet the pool's policy: Password not long enough",
    ],
    [
      ['--email', 'c@example.com', '--password', 'Passw0rd!', '--outputs', path.join(tmpdir(), 'none.json')],
      1,
      'not found: start the local stack (npm start)',
    ],
  ])('given %j, when run, then it exits %i saying "%s"', async (args, code, message) => {
    const result = await createUser(...args.map((a) => (a === OUTPUTS ? outputs : a)));

    expect(result.code).toBe(code);
    expect(result.stderr).toContain(message);
    expect(result.stdout).toBe('');
  });
});

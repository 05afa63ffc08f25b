import { spawn } from 'node:child_process';
import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../src/cloud-assembly/synthesize';

type BuildSpec = {
  version: number;
  backend: { phases: { build: { commands: string[] } } };
  frontend: { phases: { build: { commands: string[] } }; artifacts: { baseDirectory: string; files: string[] } };
};

const readBuildSpec = async (): Promise<BuildSpec> => {
  const document = parseDocument(await readFile(path.join(PROJECT_ROOT, 'amplify.yml'), 'utf8'));
  expect(document.errors).toEqual([]);
  return document.toJSON() as BuildSpec;
};

/** Runs a command line (no shell) in a folder; resolves with its exit code and output. */
const run = (commandLine: string, cwd: string): Promise<{ code: number | null; output: string }> =>
  new Promise((resolve, reject) => {
    const [command, ...args] = commandLine.split(/\s+/);
    const child = spawn(command!, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, output }));
  });

describe('given the Amplify Hosting build spec (amplify.yml)', () => {
  it('when a branch builds then it installs with npm install, then deploys the branch backend', async () => {
    const spec = await readBuildSpec();
    expect(spec.version).toBe(1);
    const [install, deploy, ...others] = spec.backend.phases.build.commands;
    // npm ci refuses this lock (aws-amplify/amplify-backend#3158): bundled deps it calls missing.
    expect(install).toMatch(/^npm install(\s|$)/);
    expect(deploy).toBe('npx ampx pipeline-deploy --branch $AWS_BRANCH --app-id $AWS_APP_ID');
    expect(others).toEqual([]);
  });

  it('when the backend is deployed then the frontend phase builds the web app and serves what the build writes', async () => {
    const { frontend } = await readBuildSpec();
    expect(frontend.phases.build.commands).toEqual(['npm run web:build']);
    const { scripts } = JSON.parse(await readFile(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    expect(scripts['web:build']).toBe('vite build --config web/vite.config.ts');
    // web/web-config.ts builds into web/dist (outDir relative to the web root).
    expect(frontend.artifacts).toEqual({ baseDirectory: 'web/dist', files: ['**/*'] });
  });

  it('when its install command runs on the committed lock file then npm accepts it', async () => {
    const [install] = (await readBuildSpec()).backend.phases.build.commands;
    const dir = await mkdtemp(path.join(tmpdir(), 'build-spec-'));
    try {
      await copyFile(path.join(PROJECT_ROOT, 'package.json'), path.join(dir, 'package.json'));
      await copyFile(path.join(PROJECT_ROOT, 'package-lock.json'), path.join(dir, 'package-lock.json'));
      // Resolves the whole tree from the lock as a real install would, writes nothing.
      const { code, output } = await run(`${install!} --dry-run --prefer-offline --ignore-scripts`, dir);
      expect(output).not.toMatch(/EUSAGE|Missing: .* from lock file/);
      expect(code, output.slice(-2000)).toBe(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 180_000);

  it('when the README explains deploys then it names the same install command', async () => {
    const [install] = (await readBuildSpec()).backend.phases.build.commands;
    const readme = await readFile(path.join(PROJECT_ROOT, 'README.md'), 'utf8');
    expect(readme).toContain('`amplify.yml`');
    expect(readme).toContain(`\`${install!}\``);
  });
});

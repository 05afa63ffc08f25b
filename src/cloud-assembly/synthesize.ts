import { spawn } from 'node:child_process';
import { mkdir, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export type BackendType = 'sandbox' | 'branch';

export type SynthesizeOptions = {
  backendType: BackendType;
  /** Where the cloud assembly is written. */
  outDir: string;
  /** The project root (the folder holding amplify/backend.ts). */
  projectRoot?: string;
  namespace?: string;
  name?: string;
  /** Extra environment of the synthesis: the settings backend.ts reads (ALARM_EMAIL, ...). */
  env?: NodeJS.ProcessEnv;
};

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The three context keys ampx passes when it synthesizes a backend. */
export const amplifyContext = (options: SynthesizeOptions): Record<string, string> => ({
  'amplify-backend-namespace': options.namespace ?? 'ivsrecordings',
  'amplify-backend-name': options.name ?? (options.backendType === 'sandbox' ? 'local' : 'main'),
  'amplify-backend-type': options.backendType,
});

/**
 * Synthesizes amplify/backend.ts into a cloud assembly the way ampx does,
 * without ampx and without AWS: the backend entry runs under tsx with the CDK
 * output folder and the Amplify context given through the environment.
 */
export const synthesizeBackend = async (options: SynthesizeOptions): Promise<string> => {
  const projectRoot = options.projectRoot ?? PROJECT_ROOT;
  const outDir = path.resolve(projectRoot, options.outDir);
  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });
  const require = createRequire(path.join(projectRoot, 'package.json'));
  const tsxCli = require.resolve('tsx/cli');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...options.env,
    CDK_OUTDIR: outDir,
    CDK_CONTEXT_JSON: JSON.stringify(amplifyContext(options)),
  };
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [tsxCli, path.join(projectRoot, 'amplify/backend.ts')], {
      cwd: projectRoot,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`Synthesis of amplify/backend.ts failed (exit ${code}):\n${output}`)),
    );
  });
  return outDir;
};

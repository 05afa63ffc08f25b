import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build, preview } from 'vite';
import { webConfig } from '../web-config';

export type WebAppServer = { url: string; stop(): Promise<void> };

/**
 * The production build of the web app, served on a free port with its own
 * amplify_outputs.json (the repo's file is never read or written).
 */
export const serveWebApp = async (outputs: unknown): Promise<WebAppServer> => {
  const dir = await mkdtemp(path.join(tmpdir(), 'web-app-'));
  const outputsFile = path.join(dir, 'amplify_outputs.json');
  await writeFile(outputsFile, JSON.stringify(outputs));
  const outDir = path.join(dir, 'dist');
  await build({ ...webConfig({ outputsFile: null, outDir }), configFile: false, logLevel: 'error' });
  const server = await preview({
    ...webConfig({ outputsFile, outDir }),
    configFile: false,
    logLevel: 'error',
    preview: { host: '127.0.0.1', port: 0, strictPort: true },
  });
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('the preview server did not report its address');
  return {
    url,
    stop: async () => {
      await server.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
};

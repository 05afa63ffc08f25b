import { readFileSync } from 'node:fs';
import type { Connect, Plugin } from 'vite';

/** Served next to index.html; web/src/amplify-config.ts fetches it at start. */
export const OUTPUTS_URL_PATH = '/amplify_outputs.json';

/**
 * Gives the app its amplify_outputs.json: the dev and preview servers serve `file` as it is
 * now (restart the stack, reload the page), and a build copies it into the output, as
 * Amplify Hosting needs (its backend phase writes the file before the frontend builds).
 * `file: null` builds without it (the browser tests serve their own).
 */
export const outputsFilePlugin = (file: string | null): Plugin => {
  const read = () => {
    if (!file) throw new Error('no amplify_outputs.json configured');
    try {
      return readFileSync(file, 'utf8');
    } catch (error) {
      throw new Error(
        `cannot read ${file} (${(error as Error).message}): start the local stack (npm start) or deploy (npx ampx sandbox) first, or set AMPLIFY_OUTPUTS`,
      );
    }
  };
  const serve: Connect.NextHandleFunction = (req, res, next) => {
    if (req.url?.split('?')[0] !== OUTPUTS_URL_PATH || !file) return next();
    try {
      const body = read();
      res.setHeader('Content-Type', 'application/json');
      res.setHeader('Cache-Control', 'no-store');
      res.end(body);
    } catch (error) {
      res.statusCode = 404;
      res.setHeader('Content-Type', 'text/plain');
      res.end((error as Error).message);
    }
  };
  return {
    name: 'amplify-outputs-file',
    configureServer: (server) => {
      server.middlewares.use(serve);
    },
    configurePreviewServer: (server) => {
      server.middlewares.use(serve);
    },
    generateBundle() {
      if (file) this.emitFile({ type: 'asset', fileName: OUTPUTS_URL_PATH.slice(1), source: read() });
    },
  };
};

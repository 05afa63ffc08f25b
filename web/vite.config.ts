import path from 'node:path';
import { defineConfig } from 'vite';
import { WEB_ROOT, webConfig } from './web-config';

/**
 * `npm run web` (dev server) and `npm run web:build` (web/dist, what Amplify Hosting serves).
 * The backend's configuration is the project's amplify_outputs.json, or the file that
 * AMPLIFY_OUTPUTS names (e.g. .local/amplify_outputs.json, where the local stack writes it
 * when the project's file belongs to a deployed sandbox).
 */
export default defineConfig(
  webConfig({
    outputsFile: path.resolve(path.dirname(WEB_ROOT), process.env.AMPLIFY_OUTPUTS ?? 'amplify_outputs.json'),
  }),
);

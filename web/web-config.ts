import type { InlineConfig } from 'vite';
import { outputsFilePlugin } from './outputs-file-plugin';

export const WEB_ROOT = import.meta.dirname;

/**
 * The web app's Vite configuration, shared by web/vite.config.ts (`npm run web`,
 * `npm run web:build`) and the browser tests, which point it at their own outputs file
 * (and pass `configFile: false`).
 */
export const webConfig = ({
  outputsFile,
  outDir = 'dist',
}: {
  outputsFile: string | null;
  outDir?: string;
}): InlineConfig => ({
  root: WEB_ROOT,
  // Relative asset URLs: the build works from any path it is served under.
  base: './',
  plugins: [outputsFilePlugin(outputsFile)],
  // React's automatic JSX runtime through Vite's own transformer (no @vitejs/plugin-react: its
  // optional Babel peers conflict with the Amplify CLI's; the app needs no Fast Refresh).
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir,
    emptyOutDir: true,
    // aws-amplify and the Authenticator make one ~0.9 MB script (~260 kB gzipped): said here, not warned on every build.
    chunkSizeWarningLimit: 1200,
    rolldownOptions: {
      // "use client" marks React Server Components boundaries; this is a client-only app.
      onwarn: (warning, warn) => {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
});

/**
 * The committed recording fixtures (made once by scripts/make-media-fixtures.ts with ffmpeg):
 * a short real HLS recording with two renditions and JPEG thumbnails, laid out as IVS writes
 * them under a recording's prefix, and the events/*.json files. Read by the simulator (to
 * write a recording into the local S3 store) and the tests.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const MEDIA_FIXTURES_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'recording');

/** Every fixture file under the prefix, key relative to it (e.g. `media/hls/master.m3u8`). */
export const mediaFixtureFiles = async (dir = MEDIA_FIXTURES_DIR): Promise<{ key: string; body: Buffer }[]> => {
  const files: { key: string; body: Buffer }[] = [];
  const walk = async (folder: string, prefix: string): Promise<void> => {
    for (const entry of (await readdir(folder, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) await walk(full, `${prefix}${entry.name}/`);
      else files.push({ key: `${prefix}${entry.name}`, body: await readFile(full) });
    }
  };
  await walk(dir, '');
  return files;
};

// Makes the committed recording fixtures with ffmpeg (run once; tests never run it): npx tsx scripts/make-media-fixtures.ts --help
import { execFileSync } from 'node:child_process';
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseCommandLine, runCommand } from '../src/cli/command-line';
import { MEDIA_FIXTURES_DIR } from '../src/recording-media/media-fixtures';

const USAGE = `usage: npx tsx scripts/make-media-fixtures.ts [--out <dir>]

Makes a short real HLS recording laid out as IVS auto-record writes it, under a recording
prefix: media/hls/master.m3u8 and byte-range-multivariant.m3u8; per rendition (160p30,
360p30) playlist.m3u8, byte-range-variant.m3u8 and 2 s MPEG-TS segments; JPEG thumbnails
(media/thumbnails/thumb<N>.jpg, media/latest_thumbnail/thumb.jpg). From ffmpeg's test
pattern (testsrc2 and a sine tone), 4 s, tiny bitrates. Needs ffmpeg (apt-get install
ffmpeg); nothing at run time does. The events/*.json templates are written by hand.
  --out  default ${MEDIA_FIXTURES_DIR}`;

const SECONDS = 4;
const SEGMENT_SECONDS = 2;
const RENDITIONS = [
  { name: '160p30', width: 284, height: 160, videoKbps: 40 },
  { name: '360p30', width: 640, height: 360, videoKbps: 90 },
] as const;

const ffmpeg = (args: string[]) => execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', ...args]);

/** The same segments as a byte-range playlist: each whole segment file as one range. */
const byteRangePlaylist = async (dir: string): Promise<string> => {
  const playlist = await readFile(path.join(dir, 'playlist.m3u8'), 'utf8');
  const lines: string[] = [];
  for (const line of playlist.split('\n')) {
    if (line.endsWith('.ts')) {
      const { size } = await stat(path.join(dir, line));
      lines.push(`#EXT-X-BYTERANGE:${size}@0`);
    }
    lines.push(line.startsWith('#EXT-X-VERSION') ? '#EXT-X-VERSION:4' : line);
  }
  return lines.join('\n');
};

await runCommand('make-media-fixtures', async () => {
  const { values } = parseCommandLine(USAGE, { options: { out: { type: 'string' } } });
  const out = path.resolve(values.out ?? MEDIA_FIXTURES_DIR);
  const hls = path.join(out, 'media/hls');
  await rm(path.join(out, 'media'), { recursive: true, force: true });
  const source = ['-f', 'lavfi', '-i', `testsrc2=size=640x360:rate=30:duration=${SECONDS}`];
  const tone = ['-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=22050:duration=${SECONDS}`];
  const master = ['#EXTM3U', '#EXT-X-VERSION:3', '#EXT-X-INDEPENDENT-SEGMENTS'];
  const byteRangeMaster = ['#EXTM3U', '#EXT-X-VERSION:4', '#EXT-X-INDEPENDENT-SEGMENTS'];
  for (const r of RENDITIONS) {
    const dir = path.join(hls, r.name);
    await mkdir(dir, { recursive: true });
    ffmpeg([
      ...source,
      ...tone,
      ...['-vf', `scale=${r.width}:${r.height}`, '-c:v', 'libx264', '-profile:v', 'baseline', '-preset', 'veryfast'],
      ...['-b:v', `${r.videoKbps}k`, '-maxrate', `${r.videoKbps}k`, '-bufsize', `${r.videoKbps * 2}k`],
      ...['-g', String(30 * SEGMENT_SECONDS), '-keyint_min', String(30 * SEGMENT_SECONDS), '-sc_threshold', '0'],
      ...['-c:a', 'aac', '-b:a', '16k', '-ac', '1'],
      ...['-f', 'hls', '-hls_time', String(SEGMENT_SECONDS), '-hls_playlist_type', 'vod'],
      ...['-hls_segment_filename', path.join(dir, '%d.ts'), path.join(dir, 'playlist.m3u8')],
    ]);
    await writeFile(path.join(dir, 'byte-range-variant.m3u8'), await byteRangePlaylist(dir));
    const bandwidth = (r.videoKbps + 16) * 1000 * 1.2;
    const info = `#EXT-X-STREAM-INF:BANDWIDTH=${Math.round(bandwidth)},RESOLUTION=${r.width}x${r.height},CODECS="avc1.42c01e,mp4a.40.2",FRAME-RATE=30.000`;
    master.push(info, `${r.name}/playlist.m3u8`);
    byteRangeMaster.push(info, `${r.name}/byte-range-variant.m3u8`);
  }
  // Highest first, as IVS lists them.
  const reorder = (lines: string[]) => [...lines.slice(0, 3), ...lines.slice(5, 7), ...lines.slice(3, 5)].join('\n');
  await writeFile(path.join(hls, 'master.m3u8'), `${reorder(master)}\n`);
  await writeFile(path.join(hls, 'byte-range-multivariant.m3u8'), `${reorder(byteRangeMaster)}\n`);
  const thumbnails = path.join(out, 'media/thumbnails');
  await mkdir(thumbnails, { recursive: true });
  ffmpeg([
    ...source,
    ...['-vf', `fps=1/${SEGMENT_SECONDS},scale=160:90`, '-q:v', '10', '-start_number', '0'],
    path.join(thumbnails, 'thumb%d.jpg'),
  ]);
  const latest = path.join(out, 'media/latest_thumbnail');
  await mkdir(latest, { recursive: true });
  ffmpeg([
    ...source,
    ...['-ss', String(SECONDS - 0.5), '-frames:v', '1', '-vf', 'scale=160:90', '-q:v', '10'],
    path.join(latest, 'thumb.jpg'),
  ]);
  let total = 0;
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) await walk(file);
      else total += (await stat(file)).size;
    }
  };
  await walk(out);
  console.log(`Wrote the recording fixtures to ${out}: ${total} bytes in all`);
});

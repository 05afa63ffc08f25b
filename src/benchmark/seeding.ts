/** Grows the tables to N Recordings (and as many StreamSessions) straight into dynalite. */
import { performance } from 'node:perf_hooks';
import type { DataPhase } from './bench-stack';
import { batchWrite, marshallItem } from './dynamo-direct';
import { seedProfileRow, seedRecordingRows } from './seed-rows';

/** Seeded channels: under one list page (100), so the baseline's Profile lookups never miss. */
export const SEED_CHANNELS = 30;

export type SeedProgress = (done: number, total: number) => void;

/** Writes rows [from, to); returns the time it took. Profiles are written when from = 0. */
export const seedRows = async (
  phase: DataPhase,
  from: number,
  to: number,
  onProgress?: SeedProgress,
): Promise<number> => {
  const started = performance.now();
  if (from === 0) {
    const profiles = Array.from({ length: SEED_CHANNELS }, (_, c) => marshallItem(seedProfileRow(c)));
    await batchWrite(phase.dynamo, phase.tables.Profile, profiles);
  }
  const CHUNK = 5_000;
  for (let start = from; start < to; start += CHUNK) {
    const end = Math.min(to, start + CHUNK);
    const rows = Array.from({ length: end - start }, (_, k) => seedRecordingRows(start + k, SEED_CHANNELS));
    await Promise.all([
      batchWrite(
        phase.dynamo,
        phase.tables.Recording,
        rows.map((r) => marshallItem(r.recording)),
      ),
      batchWrite(
        phase.dynamo,
        phase.tables.StreamSession,
        rows.map((r) => marshallItem(r.session)),
      ),
    ]);
    onProgress?.(end, to);
  }
  return performance.now() - started;
};

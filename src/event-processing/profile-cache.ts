import { LruMap } from '../records-store/lru-map';
import type { ProfileRef } from '../records-store/records-store';

export type ProfileCacheOptions = {
  /** How many channels a warm container remembers. */
  maxEntries?: number;
  /** How long a found profile is trusted, so an admin's change is seen within this time. */
  ttlMs?: number;
  now?: () => number;
};

type Entry = { profile: ProfileRef; expiresAt: number };

/**
 * Profiles by channel ARN, remembered per warm container: bounded (least recently
 * used goes first) and expiring. Only found profiles are kept: a profile created
 * after a miss is seen on the next event.
 */
export class ProfileCache {
  private readonly entries: LruMap<string, Entry>;
  private readonly ttlMs: number;
  private readonly now: () => number;
  hits = 0;
  misses = 0;

  constructor(
    private readonly load: (channelArn: string) => Promise<ProfileRef | null>,
    options: ProfileCacheOptions = {},
  ) {
    this.entries = new LruMap(options.maxEntries ?? 1000);
    this.ttlMs = options.ttlMs ?? 5 * 60_000;
    this.now = options.now ?? Date.now;
  }

  async get(channelArn: string): Promise<ProfileRef | null> {
    const entry = this.entries.get(channelArn);
    if (entry && entry.expiresAt > this.now()) {
      this.hits++;
      return entry.profile;
    }
    this.entries.delete(channelArn);
    this.misses++;
    const profile = await this.load(channelArn);
    if (profile) this.entries.set(channelArn, { profile, expiresAt: this.now() + this.ttlMs });
    return profile;
  }

  get size(): number {
    return this.entries.size;
  }
}

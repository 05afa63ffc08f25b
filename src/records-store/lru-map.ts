/**
 * A map bounded to `maxEntries`: reading or writing a key makes it the most recently
 * used, and a write beyond the bound drops the least recently used. One copy of the
 * policy, for the caches a warm container keeps (profiles, record versions).
 */
export class LruMap<K, V> {
  // A Map iterates in insertion order: re-inserting a key marks it most recently used.
  private readonly entries = new Map<K, V>();

  constructor(readonly maxEntries: number) {
    if (!Number.isInteger(maxEntries) || maxEntries < 0) {
      throw new Error(`LruMap: maxEntries must be a non-negative integer, not ${maxEntries}`);
    }
  }

  get(key: K): V | undefined {
    if (!this.entries.has(key)) return undefined;
    const value = this.entries.get(key) as V;
    this.entries.delete(key);
    this.entries.set(key, value);
    return value;
  }

  set(key: K, value: V): void {
    this.entries.delete(key);
    if (this.maxEntries === 0) return;
    this.entries.set(key, value);
    while (this.entries.size > this.maxEntries) {
      this.entries.delete(this.entries.keys().next().value as K);
    }
  }

  delete(key: K): void {
    this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }
}

import { beforeEach } from 'vitest';
import { InMemoryRecordsStore, storedProfileOf } from './in-memory-records-store';
import { describeRecordsStoreContract } from './records-store.contract';

let store: InMemoryRecordsStore;
let clock = 0;
beforeEach(() => {
  store = new InMemoryRecordsStore();
});

describeRecordsStoreContract('in-memory', () => ({
  store,
  addProfile: async (profile) => {
    // Profiles created in the same millisecond happen in AWS too: the id then decides.
    const createdAt = new Date(Date.UTC(2026, 10, 30) + Math.floor(clock++ / 2)).toISOString();
    const stored = storedProfileOf({ ...profile, createdAt });
    store.addProfile(stored);
    return { id: stored.id, createdAt };
  },
}));

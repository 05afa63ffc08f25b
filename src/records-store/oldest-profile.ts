/**
 * A channel belongs to one profile; if an admin created two, every reader must pick the
 * same one: the oldest (earliest createdAt), then the lowest id. Strings compare by code
 * units, never by locale, so the choice cannot depend on the machine's settings.
 */
export type ProfileOrderKey = { id: string; createdAt?: string | null };

const byCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export const compareProfiles = (a: ProfileOrderKey, b: ProfileOrderKey): number =>
  byCodeUnits(a.createdAt ?? '', b.createdAt ?? '') || byCodeUnits(a.id, b.id);

export const oldestProfile = <T extends ProfileOrderKey>(profiles: readonly T[]): T | undefined =>
  [...profiles].sort(compareProfiles)[0];

import type { PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';

/** Thrown for an entries file that AWS would refuse as a whole. */
export class EntriesFileError extends Error {
  override readonly name = 'EntriesFileError';
}

const MAX_ENTRIES = 10;

const requireString = (entry: Record<string, unknown>, field: string, index: number): string => {
  const value = entry[field];
  if (typeof value !== 'string' || value.length === 0) {
    throw new EntriesFileError(`entry ${index}: ${field} must be a non-empty string`);
  }
  return value;
};

/**
 * Parses the contents of a put-events entries file (the `--entries file://x.json`
 * format of `aws events put-events`): an array of 1 to 10 entries whose Detail is
 * the detail object encoded as a JSON string.
 */
export const parseEntriesFile = (text: string): PutEventsRequestEntry[] => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new EntriesFileError(`not JSON: ${(error as Error).message}`);
  }
  if (!Array.isArray(parsed)) throw new EntriesFileError('the file must hold a JSON array of entries');
  if (parsed.length < 1 || parsed.length > MAX_ENTRIES) {
    throw new EntriesFileError(`a put-events call takes 1 to ${MAX_ENTRIES} entries, the file has ${parsed.length}`);
  }
  return parsed.map((raw: unknown, index) => {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      throw new EntriesFileError(`entry ${index}: must be an object`);
    }
    const entry = raw as Record<string, unknown>;
    const detail = requireString(entry, 'Detail', index);
    try {
      const decoded: unknown = JSON.parse(detail);
      if (typeof decoded !== 'object' || decoded === null || Array.isArray(decoded)) throw new Error('not an object');
    } catch {
      throw new EntriesFileError(`entry ${index}: Detail must be a JSON object encoded as a string`);
    }
    const resources = entry.Resources;
    if (resources !== undefined && !(Array.isArray(resources) && resources.every((r) => typeof r === 'string'))) {
      throw new EntriesFileError(`entry ${index}: Resources must be an array of strings`);
    }
    const time = entry.Time;
    if (time !== undefined && (typeof time !== 'string' || Number.isNaN(Date.parse(time)))) {
      throw new EntriesFileError(`entry ${index}: Time must be an ISO 8601 date string`);
    }
    return {
      Source: requireString(entry, 'Source', index),
      DetailType: requireString(entry, 'DetailType', index),
      Detail: detail,
      ...(resources !== undefined ? { Resources: resources as string[] } : {}),
      ...(time !== undefined ? { Time: new Date(time as string) } : {}),
      ...(typeof entry.EventBusName === 'string' ? { EventBusName: entry.EventBusName } : {}),
    };
  });
};

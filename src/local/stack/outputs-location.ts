import { readFile } from 'node:fs/promises';
import path from 'node:path';

/** Marks an amplify_outputs.json written by the local stack (the `custom` section is free-form). */
export const LOCAL_STACK_MARK = { ivsRecordingsLocalStack: true } as const;

/**
 * Where the local stack writes its amplify_outputs.json: the standard file (the
 * project's own), unless that one came from ampx (a deployed sandbox), which is
 * never overwritten: then beside it, in the local folder.
 */
export const outputsLocation = async (
  standard: string,
  localDir: string,
): Promise<{ file: string; besideAmpxOutputs: boolean }> => {
  let existing: unknown;
  try {
    existing = JSON.parse(await readFile(standard, 'utf8'));
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') return { file: standard, besideAmpxOutputs: false };
    // Unreadable or not JSON: not ours to overwrite either.
    return { file: path.join(localDir, 'amplify_outputs.json'), besideAmpxOutputs: true };
  }
  const ours = (existing as { custom?: Record<string, unknown> }).custom?.ivsRecordingsLocalStack === true;
  return ours
    ? { file: standard, besideAmpxOutputs: false }
    : { file: path.join(localDir, 'amplify_outputs.json'), besideAmpxOutputs: true };
};

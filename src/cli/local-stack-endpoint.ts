import path from 'node:path';
import { PROJECT_ROOT } from '../cloud-assembly/synthesize';
import { resolveLocalEndpoint, type LocalService } from '../local/stack/local-endpoints';

/** The outputs file scripts read by default (the one npm start and ampx write). */
export const DEFAULT_OUTPUTS_FILE = 'amplify_outputs.json';

/**
 * Where a script reaches a local stack service: its port variable, else the
 * outputs file it was given, else the one npm start writes beside ampx's
 * (.local/amplify_outputs.json), else the default port.
 */
export const localStackEndpoint = (
  service: LocalService,
  outputsFile: string = DEFAULT_OUTPUTS_FILE,
): Promise<string> =>
  resolveLocalEndpoint(service, [outputsFile, path.join(PROJECT_ROOT, '.local', 'amplify_outputs.json')]);

/**
 * The S3 and IVS clients `npm run reconcile` uses: against the local stack, the local
 * S3 store (stock client, path-style) and the IVS stand-in fed from a JSON file;
 * against AWS, the stock clients with the default credential chain.
 */
import { IvsClient } from '@aws-sdk/client-ivs';
import { S3Client } from '@aws-sdk/client-s3';
import type { IvsStreamSessionClient } from '../../reconciliation/ivs-sessions';
import { IvsStandIn } from '../ivs/ivs-stand-in';
import { localS3Client } from '../s3';
import { LOCAL_HOST, LOCAL_PORTS } from './local-endpoints';

export type ReconcileClientOptions = {
  local: boolean;
  region: string;
  /** Local only; default the local stack's default S3 port (scripts pass the one amplify_outputs.json names). */
  s3Endpoint?: string;
  /** Local only: the stand-in's stream sessions; default .local/ivs-stream-sessions.json. */
  ivsSessionsFile: string;
};

export const reconcileClients = (
  options: ReconcileClientOptions,
): { s3: S3Client; ivs: IvsStreamSessionClient; describe: string } => {
  if (options.local) {
    const endpoint = options.s3Endpoint ?? `http://${LOCAL_HOST}:${LOCAL_PORTS.s3.default}`;
    return {
      s3: localS3Client(endpoint, options.region),
      ivs: new IvsStandIn({ sessions: options.ivsSessionsFile }),
      describe: `local S3 store ${endpoint}, IVS stand-in ${options.ivsSessionsFile}`,
    };
  }
  return {
    s3: new S3Client({ region: options.region }),
    ivs: new IvsClient({ region: options.region }),
    describe: `AWS S3 and IVS in ${options.region}`,
  };
};

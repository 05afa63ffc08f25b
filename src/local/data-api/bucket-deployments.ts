/**
 * The objects the CDK bucket deployments would upload (e.g. modelIntrospectionSchema.json
 * into the model introspection bucket the functions read at cold start), read from the
 * assembly and served read-only by the local S3 store.
 */
import { copyFile, mkdir, mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileForKey, startLocalS3Store } from '../s3/local-s3-store';
import type { CfnEvaluator } from './cfn-evaluator';

export type S3ObjectModel = { bucket: string; key: string; file: string };

const filesUnder = async (dir: string): Promise<string[]> => {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await filesUnder(full)));
    else out.push(full);
  }
  return out;
};

/** The objects the assembly's `Custom::CDKBucketDeployment` resources would upload. */
export const readBucketDeployments = async (ev: CfnEvaluator): Promise<S3ObjectModel[]> => {
  const objects: S3ObjectModel[] = [];
  for (const ref of ev.resourcesOfType('Custom::CDKBucketDeployment')) {
    const props = ev.properties(ref);
    const bucket = String(props.DestinationBucketName);
    const prefix = typeof props.DestinationKeyPrefix === 'string' ? props.DestinationKeyPrefix : '';
    for (const key of (props.SourceObjectKeys as string[] | undefined) ?? []) {
      const source = ev.assets.get(key);
      if (!source) continue;
      const isDir = (await stat(source)).isDirectory();
      const files = isDir ? await filesUnder(source) : [];
      for (const file of files) {
        const relative = path.relative(source, file).split(path.sep).join('/');
        objects.push({ bucket, key: prefix ? `${prefix.replace(/\/$/, '')}/${relative}` : relative, file });
      }
    }
  }
  return objects;
};

/** The model introspection schema generateClient needs, as the one bucket deployment holding it. */
export const readModelIntrospection = async (objects: S3ObjectModel[]): Promise<Record<string, unknown>> => {
  const found = objects.filter((o) => o.key === 'modelIntrospectionSchema.json');
  if (found.length !== 1) {
    throw new Error(`Expected one modelIntrospectionSchema.json among the bucket deployments, found ${found.length}`);
  }
  return JSON.parse(await readFile(found[0]!.file, 'utf8')) as Record<string, unknown>;
};

export type ServedObjects = { endpoint: string; stop(): Promise<void> };

const copyInto = async (root: string, objects: S3ObjectModel[]): Promise<void> => {
  for (const object of objects) {
    const file = fileForKey(root, object.bucket, object.key);
    if (!file) throw new Error(`Bucket deployment key ${object.key} cannot be served locally`);
    await mkdir(path.dirname(file), { recursive: true });
    await copyFile(object.file, file);
  }
};

/** The objects, copied under a temporary root served by the local S3 store (read-only); stop removes both. */
export const serveBucketDeployments = async (objects: S3ObjectModel[]): Promise<ServedObjects> => {
  const root = await mkdtemp(path.join(os.tmpdir(), 'local-data-api-s3-'));
  const removeRoot = () => rm(root, { recursive: true, force: true });
  try {
    await copyInto(root, objects);
    const s3 = await startLocalS3Store({ root, port: 0, readOnly: true });
    return {
      endpoint: s3.endpoint,
      stop: async () => {
        await s3.stop();
        await removeRoot();
      },
    };
  } catch (e) {
    await removeRoot();
    throw e;
  }
};

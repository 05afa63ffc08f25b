/**
 * The synthesized Lambda bundle of a function, found in a cloud assembly the way a
 * deployment finds it: the function's Code.S3Key (`<hash>.zip`) names the asset folder
 * `asset.<hash>` beside the templates. And where its bytes come from, by package,
 * decoded from the bundle's source map (esbuild writes one beside index.mjs).
 */
import { readFile, readdir, stat } from 'node:fs/promises';
import path from 'node:path';

export type FunctionBundle = {
  functionName: string;
  templateFile: string;
  logicalId: string;
  /** The asset hash (Code.S3Key without `.zip`). */
  assetHash: string;
  /** The Lambda runtime (nodejs20.x...), which sets esbuild's target. */
  runtime: string;
  assetDir: string;
  /** index.mjs (or the handler file the Handler property names). */
  entryFile: string;
  bytes: number;
  sourceMapFile: string | null;
};

type LambdaResource = {
  Type: string;
  Properties?: {
    Code?: { S3Key?: unknown };
    Handler?: unknown;
    Runtime?: unknown;
    Tags?: { Key?: unknown; Value?: unknown }[];
  };
};

/** A Lambda function resource is the named function if its Amplify friendly-name tag or its logical id says so. */
const isFunctionNamed = (logicalId: string, resource: LambdaResource, functionName: string): boolean =>
  (resource.Properties?.Tags ?? []).some((t) => t.Key === 'amplify:friendly-name' && t.Value === functionName) ||
  logicalId.startsWith(`${functionName}lambda`);

export const findFunctionBundle = async (assemblyDir: string, functionName: string): Promise<FunctionBundle> => {
  const files = (await readdir(assemblyDir)).filter((f) => f.endsWith('.template.json')).sort();
  const found: Omit<FunctionBundle, 'assetDir' | 'entryFile' | 'bytes' | 'sourceMapFile'>[] = [];
  const handlers = new Map<string, string>();
  for (const templateFile of files) {
    const template = JSON.parse(await readFile(path.join(assemblyDir, templateFile), 'utf8')) as {
      Resources?: Record<string, LambdaResource>;
    };
    for (const [logicalId, resource] of Object.entries(template.Resources ?? {})) {
      if (resource.Type !== 'AWS::Lambda::Function' || !isFunctionNamed(logicalId, resource, functionName)) continue;
      const key = resource.Properties?.Code?.S3Key;
      if (typeof key !== 'string' || !key.endsWith('.zip')) {
        throw new Error(`${functionName} (${logicalId} in ${templateFile}) has no asset S3Key (inline code?)`);
      }
      const assetHash = key.slice(0, -'.zip'.length);
      const runtime = resource.Properties?.Runtime;
      if (typeof runtime !== 'string')
        throw new Error(`${functionName} (${logicalId} in ${templateFile}) has no literal Runtime`);
      found.push({ functionName, templateFile, logicalId, assetHash, runtime });
      handlers.set(
        assetHash,
        typeof resource.Properties?.Handler === 'string' ? resource.Properties.Handler : 'index.handler',
      );
    }
  }
  if (found.length !== 1) {
    throw new Error(`Expected one Lambda function named ${functionName} in ${assemblyDir}, found ${found.length}`);
  }
  const [fn] = found as [(typeof found)[number]];
  const assetDir = path.join(assemblyDir, `asset.${fn.assetHash}`);
  const moduleName = handlers.get(fn.assetHash)!.split('.')[0]!;
  const candidates = ['.mjs', '.js', '.cjs'].map((ext) => path.join(assetDir, `${moduleName}${ext}`));
  for (const entryFile of candidates) {
    const info = await stat(entryFile).catch(() => null);
    if (!info?.isFile()) continue;
    const map = await stat(`${entryFile}.map`).catch(() => null);
    return { ...fn, assetDir, entryFile, bytes: info.size, sourceMapFile: map?.isFile() ? `${entryFile}.map` : null };
  }
  throw new Error(`No ${moduleName}.mjs/.js in ${assetDir} (asset of ${fn.logicalId})`);
};

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const BASE64_VALUE = new Map([...BASE64].map((c, i) => [c, i]));

/** One source-map segment's fields (Base64 VLQ, relative values as written). */
export const decodeVlqSegment = (segment: string): number[] => {
  const values: number[] = [];
  let value = 0;
  let shift = 0;
  for (const char of segment) {
    const digit = BASE64_VALUE.get(char);
    if (digit === undefined) throw new Error(`Not a Base64 VLQ character: "${char}"`);
    value += (digit & 31) * 2 ** shift;
    if (digit & 32) {
      shift += 5;
      continue;
    }
    values.push(value & 1 ? -Math.floor(value / 2) : Math.floor(value / 2));
    value = 0;
    shift = 0;
  }
  if (shift !== 0) throw new Error(`Truncated VLQ segment "${segment}"`);
  return values;
};

/**
 * Characters of the generated code attributed to each source: each mapped segment
 * owns the text up to the next segment on its line. Text before a line's first
 * segment, unmapped segments and newlines go to null.
 */
export const charactersBySource = (
  map: { sources: string[]; mappings: string },
  code: string,
): { bySource: Map<string | null, number>; total: number } => {
  const bySource = new Map<string | null, number>();
  const add = (source: string | null, n: number) => n > 0 && bySource.set(source, (bySource.get(source) ?? 0) + n);
  const lines = code.split('\n');
  const mappingLines = map.mappings.split(';');
  let sourceIndex = 0;
  lines.forEach((line, i) => {
    const segments: { column: number; source: string | null }[] = [];
    let column = 0;
    for (const text of (mappingLines[i] ?? '').split(',')) {
      if (text === '') continue;
      const fields = decodeVlqSegment(text);
      column += fields[0] ?? 0;
      if (fields.length >= 4) {
        sourceIndex += fields[1]!;
        segments.push({ column, source: map.sources[sourceIndex] ?? null });
      } else {
        segments.push({ column, source: null });
      }
    }
    segments.sort((a, b) => a.column - b.column);
    add(null, Math.min(line.length, segments[0]?.column ?? line.length));
    segments.forEach((segment, s) => {
      const end = Math.min(line.length, segments[s + 1]?.column ?? line.length);
      add(segment.source, end - Math.min(line.length, segment.column));
    });
    if (i < lines.length - 1) add(null, 1);
  });
  return { bySource, total: code.length };
};

/** The npm package a source path belongs to (the last node_modules segment), or the project folder. */
export const packageOf = (source: string | null): string => {
  if (source === null) return '(unmapped: banner, glue)';
  const parts = source.replace(/\\/g, '/').split('/');
  const at = parts.lastIndexOf('node_modules');
  if (at >= 0) {
    const name = parts[at + 1] ?? '?';
    return name.startsWith('@') ? `${name}/${parts[at + 2] ?? '?'}` : name;
  }
  const rest = parts.filter((p) => p !== '..' && p !== '.');
  const root = rest.findIndex((p) => p === 'src' || p === 'amplify' || p === '.amplify');
  return root >= 0 ? `(project) ${rest[root]}/` : '(project)';
};

export type PackageShare = { name: string; characters: number; share: number; bytes: number };

/** Bytes of a bundle by package, largest first (estimated: characters scaled to the file's byte size). */
export const bundleBreakdown = (
  map: { sources: string[]; mappings: string },
  code: string,
  fileBytes: number,
): PackageShare[] => {
  const { bySource, total } = charactersBySource(map, code);
  const byPackage = new Map<string, number>();
  for (const [source, n] of bySource) byPackage.set(packageOf(source), (byPackage.get(packageOf(source)) ?? 0) + n);
  return [...byPackage]
    .map(([name, characters]) => ({
      name,
      characters,
      share: total === 0 ? 0 : characters / total,
      bytes: total === 0 ? 0 : Math.round((characters / total) * fileBytes),
    }))
    .sort((a, b) => b.characters - a.characters || a.name.localeCompare(b.name));
};

/** Groups the tail of a breakdown into one "other" row. */
export const topPackages = (shares: PackageShare[], n: number): PackageShare[] => {
  if (shares.length <= n) return shares;
  const rest = shares.slice(n);
  const other = rest.reduce(
    (acc, s) => ({
      ...acc,
      characters: acc.characters + s.characters,
      share: acc.share + s.share,
      bytes: acc.bytes + s.bytes,
    }),
    { name: `(${rest.length} other packages)`, characters: 0, share: 0, bytes: 0 },
  );
  return [...shares.slice(0, n), other];
};

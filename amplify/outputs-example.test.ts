import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { Amplify } from 'aws-amplify';
import { generateClient } from 'aws-amplify/data';
import { describe, expect, inject, it } from 'vitest';
import { PROJECT_ROOT } from '../src/cloud-assembly/synthesize';
import type { Schema } from './data/resource';

const readJson = async (file: string) => JSON.parse(await readFile(file, 'utf8')) as Record<string, any>;

/** The model introspection the synthesized backend would publish (what generateClient needs). */
const synthesizedIntrospection = async (assemblyDir: string) => {
  for (const entry of await readdir(assemblyDir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const file = path.join(assemblyDir, entry.name, 'modelIntrospectionSchema.json');
    const found = await readJson(file).catch(() => undefined);
    if (found) return found;
  }
  throw new Error('no modelIntrospectionSchema.json in the assembly');
};

describe('given amplify_outputs.example.json', () => {
  it('when compared with the synthesized backend then its model introspection is the current schema', async () => {
    const example = await readJson(path.join(PROJECT_ROOT, 'amplify_outputs.example.json'));
    expect(
      example.data.model_introspection,
      'amplify_outputs.example.json is stale: run npm run outputs:example',
    ).toEqual(await synthesizedIntrospection(inject('sandboxAssemblyDir')));
  });

  it('when Amplify is configured with it then the data client knows every model and the auth modes', async () => {
    const example = await readJson(path.join(PROJECT_ROOT, 'amplify_outputs.example.json'));
    Amplify.configure(example);
    const config = Amplify.getConfig();
    expect(config.API?.GraphQL).toMatchObject({
      endpoint: example.data.url,
      defaultAuthMode: 'userPool',
      apiKey: example.data.api_key,
    });
    expect(config.Auth?.Cognito.userPoolId).toBe(example.auth.user_pool_id);
    const client = generateClient<Schema>();
    expect(Object.keys(client.models).sort()).toEqual(['ParkedEvent', 'Profile', 'Recording', 'StreamSession']);
  });
});

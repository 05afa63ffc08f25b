import {
  getNamedType,
  isLeafType,
  isObjectType,
  parse,
  validate,
  type FieldNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { readTransformedSchema } from '../local/data-api/transformed-schema';
import { STORE_DOCUMENTS } from './amplify-records-store';

let schema: GraphQLSchema;
beforeAll(async () => {
  schema = await readTransformedSchema(inject('sandboxAssemblyDir'));
});

const rootFields = (document: string, operation: 'query' | 'mutation'): FieldNode[] =>
  parse(document)
    .definitions.filter(
      (d): d is OperationDefinitionNode => d.kind === 'OperationDefinition' && d.operation === operation,
    )
    .flatMap((d) => d.selectionSet.selections.filter((s): s is FieldNode => s.kind === 'Field'));

describe('given the documents the records store sends', () => {
  it('when validated against the synthesized schema then AppSync would accept every one', () => {
    for (const [name, document] of Object.entries(STORE_DOCUMENTS)) {
      expect({ name, errors: validate(schema, parse(document)).map((e) => e.message) }).toEqual({ name, errors: [] });
    }
  });

  it('when a mutation is sent then it selects owner and every field of its model (what subscribers receive)', () => {
    const mutations = Object.values(STORE_DOCUMENTS).flatMap((document) => rootFields(document, 'mutation'));
    expect(mutations.map((field) => field.name.value).sort()).toEqual([
      'createRecording',
      'createStreamSession',
      'updateRecording',
      'updateStreamSession',
    ]);
    const mutationType = schema.getMutationType();
    for (const field of mutations) {
      const returnType = mutationType?.getFields()[field.name.value]?.type;
      const returned = returnType ? getNamedType(returnType) : undefined;
      if (!isObjectType(returned)) throw new Error(`${field.name.value} returns no object type`);
      // Every scalar, enum and custom-type field of the model (a custom type, such as the
      // renditions, has no id); relations are other models, not fields of this one.
      const modelFields = Object.values(returned.getFields())
        .filter((f) => {
          const type = getNamedType(f.type);
          // Not a connection (a relation's page) either.
          return (
            isLeafType(type) || (isObjectType(type) && !('id' in type.getFields()) && !type.name.endsWith('Connection'))
          );
        })
        .map((f) => f.name);
      const selected = (field.selectionSet?.selections ?? []).flatMap((s) =>
        s.kind === 'Field' ? [s.name.value] : [],
      );
      expect({ mutation: field.name.value, selected: selected.sort() }).toEqual({
        mutation: field.name.value,
        selected: modelFields.sort(),
      });
      expect(selected).toContain('owner');
    }
  });
});

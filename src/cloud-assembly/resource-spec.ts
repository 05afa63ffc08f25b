import { loadAwsServiceSpec } from '@aws-cdk/aws-service-spec';
import type { CfnTemplate } from './assembly';

/**
 * The part of the CloudFormation resource specification (@aws-cdk/aws-service-spec,
 * the database aws-cdk-lib's L1 classes are generated from) that a template check reads.
 */
export type SpecType =
  | { type: 'string'; allowedValues?: string[] }
  | { type: 'integer'; allowedValues?: number[] }
  | { type: 'number' | 'boolean' | 'json' | 'date-time' | 'null' | 'tag' }
  | { type: 'ref'; reference: { $ref: string } }
  | { type: 'array' | 'map'; element: SpecType }
  | { type: 'union'; types: SpecType[] };
export type SpecShape = { properties: Record<string, { type: SpecType; required?: boolean }> };

export type ResourceSpec = {
  /** The spec of a resource type, undefined when CloudFormation has no such type. */
  resource(cloudFormationType: string): SpecShape | undefined;
  /** A property type definition (a nested object) by its id. */
  definition(id: string): SpecShape;
};

/** Loads the specification database (a few seconds: load it once per test file). */
export const loadResourceSpec = async (): Promise<ResourceSpec> => {
  const db = await loadAwsServiceSpec();
  return {
    resource: (cloudFormationType) => db.lookup('resource', 'cloudFormationType', 'equals', cloudFormationType)[0],
    definition: (id) => db.get('typeDefinition', id),
  };
};

/**
 * Types whose properties the spec cannot describe, and why. A type listed here is
 * still required to exist, except the ones marked `unknownToSpec`.
 */
export const SPEC_EXEMPTIONS: Record<string, { reason: string; unknownToSpec?: true }> = {
  // Custom resources carry whatever their provider reads; only ServiceToken is CloudFormation's.
  'AWS::CloudFormation::CustomResource': {
    reason: "properties are the provider function's input, beyond ServiceToken",
  },
  'AWS::CDK::Metadata': {
    reason: "CDK's own analytics resource, accepted by CloudFormation but absent from the spec",
    unknownToSpec: true,
  },
};

/** Keys CloudFormation accepts on a resource beside its Properties. */
const RESOURCE_ATTRIBUTES = new Set([
  'Type',
  'Properties',
  'DependsOn',
  'Condition',
  'Metadata',
  'DeletionPolicy',
  'UpdateReplacePolicy',
  'UpdatePolicy',
  'CreationPolicy',
]);

/** A value only known at deploy time (Ref, Fn::*, Condition): its type cannot be checked here. */
const isIntrinsic = (value: unknown): boolean => {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0]!.startsWith('Fn::') || keys[0] === 'Condition');
};

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** What is wrong with a value of a spec type, as lines naming the path; empty when nothing is. */
const checkValue = (spec: ResourceSpec, type: SpecType, value: unknown, at: string): string[] => {
  if (isIntrinsic(value)) return [];
  switch (type.type) {
    case 'string':
      return type.allowedValues && typeof value === 'string' && !type.allowedValues.includes(value)
        ? [`${at}: "${value}" is not one of ${type.allowedValues.join(', ')}`]
        : [];
    case 'integer':
      return type.allowedValues && typeof value === 'number' && !type.allowedValues.includes(value)
        ? [`${at}: ${value} is not one of ${type.allowedValues.join(', ')}`]
        : [];
    case 'number':
    case 'boolean':
    case 'json':
    case 'date-time':
    case 'null':
      return [];
    case 'tag':
      return isObject(value) && 'Key' in value && 'Value' in value ? [] : [`${at}: a tag needs Key and Value`];
    case 'ref':
      return isObject(value)
        ? checkProperties(spec, spec.definition(type.reference.$ref), value, at)
        : [`${at}: expected an object`];
    case 'array':
      return Array.isArray(value)
        ? value.flatMap((element, i) => checkValue(spec, type.element, element, `${at}[${i}]`))
        : [`${at}: expected a list`];
    case 'map':
      return isObject(value)
        ? Object.entries(value).flatMap(([key, element]) => checkValue(spec, type.element, element, `${at}.${key}`))
        : [`${at}: expected a map`];
    case 'union': {
      const attempts = type.types.map((member) => checkValue(spec, member, value, at));
      return attempts.some((problems) => problems.length === 0) ? [] : attempts.flat();
    }
  }
};

/** Unknown keys, missing required keys, and what is wrong inside each value of an object. */
const checkProperties = (
  spec: ResourceSpec,
  shape: SpecShape,
  value: Record<string, unknown>,
  at: string,
): string[] => [
  ...Object.keys(value)
    .filter((key) => !(key in shape.properties))
    .map((key) => `${at}.${key}: unknown property`),
  ...Object.entries(shape.properties)
    .filter(([key, property]) => property.required && !(key in value))
    .map(([key]) => `${at}.${key}: required property missing`),
  ...Object.entries(value).flatMap(([key, v]) => {
    const property = shape.properties[key];
    return property ? checkValue(spec, property.type, v, `${at}.${key}`) : [];
  }),
];

/**
 * Checks every resource of a template against the specification: unknown types,
 * unknown or missing required properties (nested objects included), values outside
 * an enumeration. Values computed at deploy time (intrinsics) are not checked.
 */
export const checkTemplateAgainstSpec = (spec: ResourceSpec, template: CfnTemplate): string[] =>
  Object.entries(template.Resources ?? {}).flatMap(([logicalId, resource]) => {
    const problems = Object.keys(resource)
      .filter((key) => !RESOURCE_ATTRIBUTES.has(key))
      .map((key) => `${logicalId}: unknown resource attribute ${key}`);
    // Custom::<Name> is CloudFormation's alias of AWS::CloudFormation::CustomResource.
    const type = resource.Type.startsWith('Custom::') ? 'AWS::CloudFormation::CustomResource' : resource.Type;
    const exemption = SPEC_EXEMPTIONS[type];
    if (exemption?.unknownToSpec) return problems;
    const shape = spec.resource(type);
    if (!shape) return [...problems, `${logicalId}: unknown resource type ${resource.Type}`];
    const properties = resource.Properties ?? {};
    if (exemption) {
      const required = Object.entries(shape.properties).filter(([key, p]) => p.required && !(key in properties));
      return [...problems, ...required.map(([key]) => `${logicalId}.${key}: required property missing`)];
    }
    return [...problems, ...checkProperties(spec, shape, properties, logicalId)];
  });

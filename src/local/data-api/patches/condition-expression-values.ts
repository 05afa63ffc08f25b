/**
 * Patch: `$util.transform.toDynamoDBConditionExpression` returns its expression values.
 *
 * In @aws-amplify/amplify-appsync-simulator 2.16.x the helper returns only `expression` and
 * `expressionNames`, so every mutation with a `condition` (and the model resolvers' own
 * conditions, e.g. optimistic `version` checks) reaches DynamoDB with placeholders that
 * have no values and fails. AppSync returns the values too.
 *
 * Both this helper and `toDynamoDBFilterExpression` also emit a value for
 * `attributeExists`, which the expression never uses; DynamoDB rejects unused values, so
 * only the values the expression mentions are kept (as AppSync does).
 */
import { applyOnce, requireSimulator, SIMULATOR } from './simulator-modules';

type Generated = {
  expressions: string[];
  expressionNames: Record<string, string>;
  expressionValues: Record<string, unknown>;
};
type VtlMap = { toJSON(): unknown };
type TransformUtils = {
  toDynamoDBConditionExpression(condition: VtlMap): string;
  toDynamoDBFilterExpression(filter: VtlMap): string;
};

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const usedValues = (expression: string, values: Record<string, unknown>) =>
  Object.fromEntries(
    Object.entries(values).filter(([name]) =>
      new RegExp(`${escapeRegExp(name)}(?![A-Za-z0-9_])`).test(expression),
    ),
  );

export const patchConditionExpressionValues = (): void => {
  const { transformUtils } = requireSimulator(`${SIMULATOR}/lib/velocity/util/transform/index.js`) as {
    transformUtils: TransformUtils;
  };
  const { generateFilterExpression } = requireSimulator(
    `${SIMULATOR}/lib/velocity/util/transform/dynamodb-filter.js`,
  ) as { generateFilterExpression(filter: unknown): Generated };
  const toExpression = (input: VtlMap) => {
    const generated = generateFilterExpression(input.toJSON());
    const expression = generated.expressions.join(' ').trim();
    return JSON.stringify({
      expression,
      expressionNames: generated.expressionNames,
      expressionValues: usedValues(expression, generated.expressionValues),
    });
  };
  applyOnce(transformUtils, 'condition-expression-values', () => {
    // The util object is shared by every template render, so replacing its methods is enough.
    transformUtils.toDynamoDBConditionExpression = toExpression;
    transformUtils.toDynamoDBFilterExpression = toExpression;
  });
};

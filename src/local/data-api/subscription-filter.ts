/**
 * AppSync enhanced subscription filters, as the local data API applies them.
 *
 * The generated subscription resolvers build a filter from the caller's identity (owner rules)
 * and the client's `filter` argument, convert it with `$util.transform.toSubscriptionFilter`
 * and set it with `$extensions.setSubscriptionFilter`. AppSync then delivers a mutation's
 * response to a subscriber only if it matches: the filter groups are alternatives (OR), the
 * filters of a group must all hold (AND).
 */

export const SUBSCRIPTION_FILTER_OPERATORS = [
  'eq',
  'ne',
  'lt',
  'le',
  'gt',
  'ge',
  'contains',
  'notContains',
  'beginsWith',
  'in',
  'notIn',
  'between',
  'containsAny',
  'attributeExists',
] as const;

export type SubscriptionFilterOperator = (typeof SUBSCRIPTION_FILTER_OPERATORS)[number];

export type FieldFilter = { fieldName: string; operator: SubscriptionFilterOperator; value: unknown };

/** What `$util.transform.toSubscriptionFilter` returns and `$extensions.setSubscriptionFilter` takes. */
export type SubscriptionFilter = { filterGroup: { filters: FieldFilter[] }[] };

const isOperator = (name: string): name is SubscriptionFilterOperator =>
  (SUBSCRIPTION_FILTER_OPERATORS as readonly string[]).includes(name);

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

type Conjunctions = FieldFilter[][];

/** AND of alternatives: every combination of one conjunction from each side. */
const both = (left: Conjunctions, right: Conjunctions): Conjunctions =>
  left.flatMap((l) => right.map((r) => [...l, ...r]));

const normalize = (input: unknown, path: string): Conjunctions => {
  if (!isRecord(input))
    throw new Error(`Subscription filter ${path}: expected an object, got ${JSON.stringify(input)}`);
  let result: Conjunctions = [[]];
  for (const [key, value] of Object.entries(input)) {
    if (value === null || value === undefined) continue;
    if (key === 'and' || key === 'or') {
      if (!Array.isArray(value)) throw new Error(`Subscription filter ${path}.${key}: expected a list`);
      const parts = value.map((part, i) => normalize(part, `${path}.${key}[${i}]`));
      result = both(result, key === 'and' ? parts.reduce(both, [[]]) : parts.flat());
    } else if (key === 'not') {
      throw new Error(`Subscription filter ${path}: "not" is not supported in subscription filters`);
    } else {
      if (!isRecord(value)) throw new Error(`Subscription filter ${path}.${key}: expected { operator: value }`);
      const filters = Object.entries(value)
        .filter(([, v]) => v !== undefined)
        .map(([operator, v]): FieldFilter => {
          if (!isOperator(operator)) {
            throw new Error(`Subscription filter ${path}.${key}: unknown operator "${operator}"`);
          }
          return { fieldName: key, operator, value: v };
        });
      result = both(result, [filters]);
    }
  }
  return result;
};

/**
 * `$util.transform.toSubscriptionFilter(Map)`: a model filter input (`{ field: { op: value } }`
 * combined with `and` / `or`) in AppSync's filter-group form (a disjunction of conjunctions).
 */
export const toSubscriptionFilter = (input: unknown): SubscriptionFilter => {
  const conjunctions = normalize(input, 'filter');
  // An empty conjunction always holds, so the whole filter does: no groups.
  if (conjunctions.some((filters) => filters.length === 0)) return { filterGroup: [] };
  return { filterGroup: conjunctions.map((filters) => ({ filters })) };
};

/** Reads a value that a template handed over (a JSON string or an object). */
export const parseSubscriptionFilter = (value: unknown): SubscriptionFilter => {
  const parsed: unknown = typeof value === 'string' ? JSON.parse(value) : value;
  if (!isRecord(parsed) || !Array.isArray(parsed.filterGroup)) {
    throw new Error(`setSubscriptionFilter: expected { filterGroup: [...] }, got ${JSON.stringify(parsed)}`);
  }
  return {
    filterGroup: parsed.filterGroup.map((group: unknown) => {
      if (!isRecord(group) || !Array.isArray(group.filters))
        throw new Error('setSubscriptionFilter: a filter group has no filters');
      return {
        filters: group.filters.map((f: unknown) => {
          if (
            !isRecord(f) ||
            typeof f.fieldName !== 'string' ||
            typeof f.operator !== 'string' ||
            !isOperator(f.operator)
          ) {
            throw new Error(`setSubscriptionFilter: bad filter ${JSON.stringify(f)}`);
          }
          return { fieldName: f.fieldName, operator: f.operator, value: f.value };
        }),
      };
    }),
  };
};

const fieldValue = (payload: Record<string, unknown>, fieldName: string): unknown =>
  fieldName.split('.').reduce<unknown>((v, part) => (isRecord(v) ? v[part] : undefined), payload);

/** Numbers with numbers, strings with strings; anything else does not compare. */
const compare = (a: unknown, b: unknown): number | undefined =>
  (typeof a === 'number' && typeof b === 'number') || (typeof a === 'string' && typeof b === 'string')
    ? a < b
      ? -1
      : a > b
        ? 1
        : 0
    : undefined;

const holds = (actual: unknown, { operator, value }: FieldFilter): boolean => {
  const present = actual !== undefined && actual !== null;
  switch (operator) {
    case 'attributeExists':
      return present === Boolean(value);
    case 'eq':
      return present && actual === value;
    case 'ne':
      return actual !== value;
    case 'lt':
      return (compare(actual, value) ?? 0) < 0;
    case 'le':
      return compare(actual, value) !== undefined && compare(actual, value)! <= 0;
    case 'gt':
      return (compare(actual, value) ?? 0) > 0;
    case 'ge':
      return compare(actual, value) !== undefined && compare(actual, value)! >= 0;
    case 'contains':
      return (
        (typeof actual === 'string' && typeof value === 'string' && actual.includes(value)) ||
        (Array.isArray(actual) && actual.includes(value))
      );
    case 'notContains':
      return !holds(actual, { fieldName: '', operator: 'contains', value });
    case 'beginsWith':
      return typeof actual === 'string' && typeof value === 'string' && actual.startsWith(value);
    case 'in':
      return present && Array.isArray(value) && value.includes(actual);
    case 'notIn':
      return !holds(actual, { fieldName: '', operator: 'in', value });
    case 'between':
      return (
        Array.isArray(value) &&
        value.length === 2 &&
        holds(actual, { fieldName: '', operator: 'ge', value: value[0] }) &&
        holds(actual, { fieldName: '', operator: 'le', value: value[1] })
      );
    case 'containsAny':
      return Array.isArray(actual) && Array.isArray(value) && value.some((v) => actual.includes(v));
  }
};

/** Whether a mutation's response (what subscribers would receive) passes the filter (no group: no filter). */
export const matchesSubscriptionFilter = (filter: SubscriptionFilter, payload: Record<string, unknown>): boolean =>
  filter.filterGroup.length === 0 ||
  filter.filterGroup.some((group) => group.filters.every((f) => holds(fieldValue(payload, f.fieldName), f)));

/**
 * Lambda runtimes past (or approaching) their deprecation, from AWS Lambda's runtime
 * deprecation policy ("Runtimes" page, deprecated runtimes table). After `deprecated`
 * a runtime gets no security patches; after `blockCreate` Lambda refuses to create
 * functions on it and after `blockUpdate` to update them, so a template using it
 * fails to deploy. Entries with a future date are announced deprecations. Dates are UTC
 * days (YYYY-MM-DD); blocking dates are given only where this project relies on them.
 * Add a runtime when AWS announces its date.
 */
export type RuntimeDeprecation = {
  runtime: string;
  deprecated: string;
  blockCreate?: string;
  blockUpdate?: string;
};

export const LAMBDA_RUNTIME_DEPRECATIONS: readonly RuntimeDeprecation[] = [
  { runtime: 'nodejs24.x', deprecated: '2028-04-30' },
  { runtime: 'nodejs22.x', deprecated: '2027-04-30' },
  { runtime: 'nodejs20.x', deprecated: '2026-04-30', blockCreate: '2026-08-31', blockUpdate: '2026-09-30' },
  { runtime: 'nodejs18.x', deprecated: '2025-09-01' },
  { runtime: 'nodejs16.x', deprecated: '2024-06-12' },
  { runtime: 'nodejs14.x', deprecated: '2023-12-04' },
  { runtime: 'nodejs12.x', deprecated: '2023-03-31' },
  { runtime: 'nodejs10.x', deprecated: '2021-07-30' },
  { runtime: 'nodejs8.10', deprecated: '2020-03-06' },
  { runtime: 'nodejs6.10', deprecated: '2019-08-12' },
  { runtime: 'nodejs4.3', deprecated: '2020-03-05' },
  { runtime: 'nodejs4.3-edge', deprecated: '2019-04-30' },
  { runtime: 'nodejs', deprecated: '2016-10-31' },
  { runtime: 'python3.13', deprecated: '2029-06-30' },
  { runtime: 'python3.12', deprecated: '2028-10-31' },
  { runtime: 'python3.11', deprecated: '2026-06-30' },
  { runtime: 'python3.10', deprecated: '2026-06-30' },
  { runtime: 'python3.9', deprecated: '2025-12-15' },
  { runtime: 'python3.8', deprecated: '2024-10-14' },
  { runtime: 'python3.7', deprecated: '2023-12-04' },
  { runtime: 'python3.6', deprecated: '2022-07-18' },
  { runtime: 'python2.7', deprecated: '2021-07-15' },
  // Other families, for completeness: a provider could use them.
  { runtime: 'java21', deprecated: '2029-06-30' },
  { runtime: 'java17', deprecated: '2026-06-30' },
  { runtime: 'java11', deprecated: '2026-06-30' },
  { runtime: 'java8.al2', deprecated: '2026-06-30' },
  { runtime: 'java8', deprecated: '2024-01-08' },
  { runtime: 'dotnet8', deprecated: '2026-11-10' },
  { runtime: 'dotnet6', deprecated: '2024-11-12' },
  { runtime: 'ruby3.3', deprecated: '2027-03-31' },
  { runtime: 'ruby3.2', deprecated: '2026-03-31' },
  { runtime: 'ruby2.7', deprecated: '2023-11-27' },
  { runtime: 'provided.al2023', deprecated: '2029-06-30' },
  { runtime: 'provided.al2', deprecated: '2026-06-30' },
  { runtime: 'provided', deprecated: '2024-01-08' },
  { runtime: 'go1.x', deprecated: '2024-01-08' },
];

/** The UTC day of an instant, as the list writes it. */
export const utcDay = (at: Date): string => at.toISOString().slice(0, 10);

/**
 * The deprecation entry of a runtime if it is deprecated on that day (on or after its
 * deprecation date), else undefined: a runtime with a future date is still supported.
 */
export const deprecationOn = (runtime: string, at: Date): RuntimeDeprecation | undefined =>
  LAMBDA_RUNTIME_DEPRECATIONS.find((d) => d.runtime === runtime && d.deprecated <= utcDay(at));

import type { EventLogger } from '../../event-processing/observability';

/** The bus logs through the one logger interface; console fits, tests pass `quietLogger`. */
export const quietLogger: EventLogger = { info: () => {}, warn: () => {}, error: () => {} };

export const resolveLogger = (logger: EventLogger | undefined, quiet: boolean | undefined): EventLogger =>
  quiet ? quietLogger : (logger ?? console);

/** The logging the bus needs; console fits, tests pass `quietLogger`. */
export type Logger = {
  info: (message: string) => void;
  warn: (message: string) => void;
  error: (message: string) => void;
  debug?: (message: string) => void;
};

export const quietLogger: Logger = { info: () => {}, warn: () => {}, error: () => {} };

export const resolveLogger = (logger: Logger | undefined, quiet: boolean | undefined): Logger =>
  quiet ? quietLogger : logger ?? console;

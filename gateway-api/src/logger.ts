/**
 * What the gateway's parts log through: pino's call shape (fields, then the
 * message), so a pino logger can be passed as it is.
 */
export interface Logger {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

/** Logs nothing. */
export const silentLogger: Logger = { info: () => {}, warn: () => {}, error: () => {} };

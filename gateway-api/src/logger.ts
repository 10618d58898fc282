/**
 * What the gateway's parts log through: pino's call shape (fields, then the
 * message), so a pino logger can be passed as it is.
 */
export interface Logger {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

/** One JSON object a line on standard error, pino's field names. */
export function jsonLinesLogger(
  write: (line: string) => void = (line) => process.stderr.write(line),
): Logger {
  const at =
    (level: number) =>
    (fields: object, message: string): void =>
      write(`${JSON.stringify({ level, time: Date.now(), ...fields, msg: message })}\n`);
  return { info: at(30), warn: at(40), error: at(50) };
}

/** Logs nothing. */
export const silentLogger: Logger = { info: () => {}, warn: () => {}, error: () => {} };

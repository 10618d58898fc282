import { fieldPath, type FieldIssue } from './issues';

/**
 * JSON arguments read as strictly as they are validated: an object key that
 * appears twice is refused (JSON.parse keeps the last one, so validation
 * would see one value while the transaction's arguments, which every
 * channel member receives, carry both). The scan is one pass over the text
 * with an explicit stack, linear in its length; its errors give positions
 * and paths, never the text.
 */

export const MAX_JSON_DEPTH = 20;

export type StrictJsonResult = { ok: true; value: unknown } | { ok: false; issue: FieldIssue };

/**
 * `argument` names the transaction argument (`serviceJson`), which syntax
 * errors name; `root` names the value it holds (`service`), where the path
 * of a duplicate key starts.
 */
export function parseStrictJson(
  text: string,
  names: { argument: string; root: string },
): StrictJsonResult {
  const problem = scanJson(text);
  if (problem?.kind === 'duplicate') {
    return {
      ok: false,
      issue: { field: fieldPath(names.root, problem.path), reason: 'appears twice' },
    };
  }
  if (problem?.kind === 'invalid') {
    return { ok: false, issue: { field: names.argument, reason: problem.reason } };
  }
  return { ok: true, value: JSON.parse(text) };
}

export type JsonProblem =
  { kind: 'duplicate'; path: PropertyKey[] } | { kind: 'invalid'; reason: string };

export function scanJson(text: string): JsonProblem | undefined {
  try {
    new JsonScanner(text).scan();
    return undefined;
  } catch (error) {
    if (error instanceof DuplicateKey) return { kind: 'duplicate', path: error.path };
    if (error instanceof Refused) return { kind: 'invalid', reason: error.message };
    throw error;
  }
}

type Frame = { kind: 'object'; keys: Set<string>; key: string } | { kind: 'array'; index: number };

class Refused extends Error {}

class DuplicateKey extends Error {
  constructor(readonly path: PropertyKey[]) {
    super('duplicate key');
  }
}

const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const SPACE = /[ \t\n\r]*/y;
const ESCAPE = /\\(?:["\\/bfnrt]|u[0-9A-Fa-f]{4})/y;
// JSON forbids raw control characters in strings; this class stops at them.
// eslint-disable-next-line no-control-regex
const UNESCAPED = /[^"\\\u0000-\u001f]*/y;

class JsonScanner {
  #at = 0;
  readonly #stack: Frame[] = [];

  constructor(private readonly text: string) {}

  /** Returns when `text` is one JSON value without duplicate keys; throws Refused or DuplicateKey. */
  scan(): void {
    this.#skipSpace();
    let valueDue = true;
    for (;;) {
      if (valueDue) {
        valueDue = this.#openOrRead();
        continue;
      }
      const frame = this.#stack.at(-1);
      if (frame === undefined) {
        if (this.#at < this.text.length) throw this.#problem('unexpected text after the value');
        return;
      }
      const close = frame.kind === 'object' ? '}' : ']';
      if (this.#take(close)) {
        this.#stack.pop();
      } else if (!this.#take(',')) {
        throw this.#problem(`expected ',' or '${close}'`);
      } else if (frame.kind === 'array') {
        frame.index += 1;
        valueDue = true;
      } else {
        this.#key(frame);
        valueDue = true;
      }
    }
  }

  /** Reads a scalar or an empty container (no value due next) or opens a container (its first value due). */
  #openOrRead(): boolean {
    const char = this.text[this.#at];
    if (char !== '{' && char !== '[') {
      this.#scalar();
      this.#skipSpace();
      return false;
    }
    if (this.#stack.length >= MAX_JSON_DEPTH) {
      throw new Refused(
        `nests deeper than ${MAX_JSON_DEPTH} levels (at character ${this.#at + 1})`,
      );
    }
    this.#at += 1;
    this.#skipSpace();
    if (char === '[') {
      if (this.#take(']')) return false;
      this.#stack.push({ kind: 'array', index: 0 });
      return true;
    }
    if (this.#take('}')) return false;
    const frame: Frame = { kind: 'object', keys: new Set(), key: '' };
    this.#stack.push(frame);
    this.#key(frame);
    return true;
  }

  /** Reads a key and its colon, refusing a key the object already has. */
  #key(frame: Frame & { kind: 'object' }): void {
    if (this.text[this.#at] !== '"') throw this.#problem('expected a field name in double quotes');
    const start = this.#at;
    this.#string();
    const written = this.text.slice(start, this.#at);
    const key = written.includes('\\') ? (JSON.parse(written) as string) : written.slice(1, -1);
    if (frame.keys.has(key)) {
      throw new DuplicateKey([...this.#pathTo(frame), key]);
    }
    frame.keys.add(key);
    frame.key = key;
    this.#skipSpace();
    if (!this.#take(':')) throw this.#problem("expected ':' after the field name");
  }

  #scalar(): void {
    const char = this.text[this.#at];
    if (char === '"') {
      this.#string();
    } else if (char === '-' || (char !== undefined && char >= '0' && char <= '9')) {
      NUMBER.lastIndex = this.#at;
      if (!NUMBER.test(this.text)) throw this.#problem('expected a number');
      this.#at = NUMBER.lastIndex;
    } else if (!['true', 'false', 'null'].some((word) => this.#takeWord(word))) {
      throw this.#problem(this.#at < this.text.length ? 'expected a value' : 'ends too early');
    }
  }

  #string(): void {
    this.#at += 1;
    for (;;) {
      UNESCAPED.lastIndex = this.#at;
      UNESCAPED.test(this.text);
      this.#at = UNESCAPED.lastIndex;
      const char = this.text[this.#at];
      if (char === '"') {
        this.#at += 1;
        return;
      }
      if (char === undefined) throw this.#problem('ends inside a string');
      if (char !== '\\') throw this.#problem('holds a control character inside a string');
      ESCAPE.lastIndex = this.#at;
      if (!ESCAPE.test(this.text)) throw this.#problem('holds an invalid escape sequence');
      this.#at = ESCAPE.lastIndex;
    }
  }

  #pathTo(frame: Frame): PropertyKey[] {
    const path: PropertyKey[] = [];
    for (const outer of this.#stack) {
      if (outer === frame) break;
      path.push(outer.kind === 'object' ? outer.key : outer.index);
    }
    return path;
  }

  #take(char: string): boolean {
    if (this.text[this.#at] !== char) return false;
    this.#at += 1;
    this.#skipSpace();
    return true;
  }

  #takeWord(word: string): boolean {
    if (!this.text.startsWith(word, this.#at)) return false;
    this.#at += word.length;
    return true;
  }

  #skipSpace(): void {
    SPACE.lastIndex = this.#at;
    SPACE.test(this.text);
    this.#at = SPACE.lastIndex;
  }

  /** Syntax errors say what was expected where, never what was found. */
  #problem(what: string): Refused {
    return new Refused(`is not valid JSON: ${what} at character ${this.#at + 1}`);
  }
}

/**
 * JSON.parse with a useful error: the line and column of the first mistake and what was expected
 * there. V8's own messages do not always carry a position, so on failure a small scanner walks
 * the text to find it.
 */

export class JsonSyntaxError extends Error {
  constructor(
    readonly line: number,
    readonly column: number,
    readonly detail: string,
  ) {
    super(`${line}:${column}: ${detail}`);
    this.name = 'JsonSyntaxError';
  }
}

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    const found = locateJsonError(text);
    if (found) throw found;
    throw new JsonSyntaxError(1, 1, (e as Error).message);
  }
}

/** 1-based line and column of an offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

/** The first syntax error of `text`, or null when it is valid JSON. */
export function locateJsonError(text: string): JsonSyntaxError | null {
  let i = 0;
  const fail = (what: string): never => {
    const { line, column } = lineColumn(text, i);
    const got = i >= text.length ? 'the end of the file' : JSON.stringify(text[i]);
    throw new JsonSyntaxError(line, column, `expected ${what}, found ${got}`);
  };
  const space = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const literal = (word: string) => {
    if (text.startsWith(word, i)) i += word.length;
    else fail('a value');
  };
  const string = () => {
    i++; // opening quote
    while (i < text.length && text[i] !== '"') {
      if (text.charCodeAt(i) < 0x20) fail('a closing " before the end of the line');
      if (text[i] === '\\') {
        i++;
        if (text[i] === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) i += 4;
        else if (!'"\\/bfnrt'.includes(text[i] ?? '')) fail('an escape (\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)');
      }
      i++;
    }
    if (i >= text.length) fail('a closing "');
    i++;
  };
  const number = () => {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i));
    if (!m || m[0] === '' || m[0] === '-') fail('a value');
    i += m![0].length;
  };
  const list = (close: string, item: () => void, what: string) => {
    i++;
    space();
    if (text[i] === close) return void i++;
    for (;;) {
      item();
      space();
      if (text[i] === ',') {
        i++;
        space();
        if (text[i] === close) fail(`${what} after "," (JSON allows no trailing comma)`);
      } else if (text[i] === close) return void i++;
      else fail(`"," or "${close}"`);
    }
  };
  const value = (): void => {
    space();
    const c = text[i];
    if (c === '{') list('}', member, 'a "key"');
    else if (c === '[') list(']', value, 'a value');
    else if (c === '"') string();
    else if (c === 't') literal('true');
    else if (c === 'f') literal('false');
    else if (c === 'n') literal('null');
    else if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) number();
    else fail('a value');
  };
  function member(): void {
    space();
    if (text[i] !== '"') fail('a "key" in double quotes');
    string();
    space();
    if (text[i] !== ':') fail('":" after the key');
    i++;
    value();
  }
  try {
    value();
    space();
    if (i < text.length) fail('the end of the file after the value');
    return null;
  } catch (e) {
    if (e instanceof JsonSyntaxError) return e;
    throw e;
  }
}

import { describe, expect, it } from 'vitest';
import { lineColumn, locateJsonError, parseJson } from './json.js';

const where = (text: string) => {
  const e = locateJsonError(text);
  return e && `${e.line}:${e.column} ${e.detail}`;
};

describe('locateJsonError', () => {
  it('finds nothing wrong in valid JSON, whatever JSON.parse accepts', () => {
    for (const text of ['{}', '[1, -2.5e3, "a\\u00e9\\n", true, false, null]', ' {"a": {"b": []}} \n']) {
      expect(JSON.parse(text)).toBeDefined();
      expect(locateJsonError(text)).toBeNull();
    }
  });

  it('gives the line and column of the first mistake and what was expected there', () => {
    expect(where('{\n  "a": 1,\n  "b": 2,\n}')).toBe('4:1 expected a "key" after "," (JSON allows no trailing comma), found "}"');
    expect(where('{\n  "a": 1\n  "b": 2\n}')).toBe('3:3 expected "," or "}", found "\\""');
    expect(where("{ 'a': 1 }")).toBe('1:3 expected a "key" in double quotes, found "\'"');
    expect(where('{"a": }')).toBe('1:7 expected a value, found "}"');
    expect(where('{"a": 1')).toBe('1:8 expected "," or "}", found the end of the file');
    expect(where('{"a": "x\ny"}')).toBe('1:9 expected a closing " before the end of the line, found "\\n"');
    expect(where('{} {}')).toBe('1:4 expected the end of the file after the value, found "{"');
  });

  it('parseJson throws the located error', () => {
    expect(() => parseJson('[1,,2]')).toThrow('1:4: expected a value, found ","');
  });

  it('counts lines and columns from 1', () => {
    expect(lineColumn('ab\ncd', 0)).toEqual({ line: 1, column: 1 });
    expect(lineColumn('ab\ncd', 4)).toEqual({ line: 2, column: 2 });
  });
});

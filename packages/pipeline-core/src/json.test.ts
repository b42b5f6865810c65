import { describe, expect, it } from 'vitest';
import { lineColumn, nestedTooDeep, parseJson, type JsonSyntaxError } from './json.js';

const where = (text: string) => {
  try {
    parseJson(text);
    return null;
  } catch (e) {
    const j = e as JsonSyntaxError;
    return `${j.line}:${j.column} ${j.detail}`;
  }
};

describe('parseJson', () => {
  it('parses what JSON.parse accepts', () => {
    expect(parseJson('[1, -2.5e3, "a\\u00e9\\n", true, false, null]')).toEqual([1, -2500, 'aé\n', true, false, null]);
  });

  it('gives the line and column of the first mistake (from V8’s position) and what is wrong there', () => {
    expect(where('{\n  "a": 1,\n  "b": 2,\n}')).toBe('4:1 expected double-quoted property name after "," (JSON allows no trailing comma)');
    expect(where('{\n  "a": 1\n  "b": 2\n}')).toBe("3:3 expected ',' or '}' after property value");
    expect(where("{ 'a': 1 }")).toBe("1:3 expected property name or '}'");
    expect(where('{"a": 1')).toBe("1:8 expected ',' or '}' after property value");
    expect(where('{"a": "x\ny"}')).toBe('1:9 bad control character in string literal');
    expect(where('{} {}')).toBe('1:4 unexpected non-whitespace character after JSON');
    expect(where('{"a": [1, 2')).toBe("1:12 expected ',' or ']' after array element");
    expect(where('{"a": tr')).toBe('1:9 unexpected end of JSON input');
  });

  it('locates an unexpected token from the context V8 quotes around it, in short and long texts', () => {
    expect(where('{"a": }')).toBe("1:7 unexpected token '}'");
    expect(where('{"a": x}')).toBe("1:7 unexpected token 'x'");
    const long = `{\n  "name": "x",\n  "stages": [\n    { "id": "a", "params": { "limit": tru } }\n  ]\n}`;
    expect(where(long)).toBe("4:42 unexpected token ' '");
    expect(long.split('\n')[3]!.slice(38, 42)).toBe('tru '); // column 42 (1-based) is the space after "tru"
    expect(where(`{"a": x${' '.repeat(40)}}`)).toBe("1:7 unexpected token 'x'");
  });

  it('counts lines and columns from 1', () => {
    expect(lineColumn('ab\ncd', 0)).toEqual({ line: 1, column: 1 });
    expect(lineColumn('ab\ncd', 4)).toEqual({ line: 2, column: 2 });
  });
});

describe('nestedTooDeep', () => {
  it('is false for a spec-like value and true past the limit, even 100,000 levels deep', () => {
    expect(nestedTooDeep({ stages: [{ params: { search: { params: { hidden: [1] } } } }] })).toBe(false);
    expect(nestedTooDeep([[[1]]], 3)).toBe(false);
    expect(nestedTooDeep([[[[1]]]], 3)).toBe(true);
    expect(nestedTooDeep(JSON.parse('['.repeat(100_000) + ']'.repeat(100_000)))).toBe(true);
  });
});

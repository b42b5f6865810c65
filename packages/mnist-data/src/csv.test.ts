import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { encodeCsv, parseCsv, readCsv } from './csv.js';
import { synthetic, useScratch } from './test-files.js';

const tmp = useScratch();
const four = synthetic(4);
const zeros = (n: number): string => Array.from({ length: n }, () => '0').join(',');

describe('CSV reader', () => {
  it('reads label,p0..p783 rows without a header', () => {
    const ds = readCsv(tmp.write('plain.csv', encodeCsv(four)));
    expect(ds.count).toBe(4);
    expect(ds.images).toEqual(four.images);
    expect(ds.labels).toEqual(four.labels);
    expect(ds.source).toBe(tmp.path('plain.csv'));
  });

  it('skips a header row, blank lines, CRLF endings and a byte-order mark', () => {
    const text = `\uFEFF${encodeCsv(four, { header: true }).replaceAll('\n', '\r\n')}\r\n\r\n`;
    const ds = readCsv(tmp.write('header.csv', text), 'fixture');
    expect(ds.count).toBe(4);
    expect(ds.images).toEqual(four.images);
    expect(ds.labels).toEqual(four.labels);
    expect(ds.source).toBe('fixture');
  });

  it('reads a file without a final newline, spaces around fields and whole floats', () => {
    const ds = parseCsv(new TextEncoder().encode(` 7 , 255.0,1.2e+01,${zeros(782)}`), 'mem');
    expect(ds.count).toBe(1);
    expect(ds.labels[0]).toBe(7);
    expect(Array.from(ds.image(0).subarray(0, 4))).toEqual([255, 12, 0, 0]);
  });

  it('reads .csv.gz', () => {
    const ds = readCsv(tmp.write('zipped.csv.gz', gzipSync(encodeCsv(four))));
    expect(ds.images).toEqual(four.images);
  });
});

describe('CSV errors', () => {
  it('rejects a row with the wrong number of fields, with its line number', () => {
    const text = `${encodeCsv(four)}3,${zeros(783)}\n`;
    expect(() => readCsv(tmp.write('short-row.csv', text))).toThrowErrorMatchingInlineSnapshot(`
      DATA_CSV_FIELDS at <tmp>/short-row.csv
      <tmp>/short-row.csv line 5: 784 fields, expected 785 (a label and 784 pixels)
    `);
  });

  it('rejects a pixel above 255, with its line and field', () => {
    const text = `label,x\n1,${zeros(10)},256,${zeros(773)}\n`;
    expect(() => readCsv(tmp.write('big-pixel.csv', text))).toThrowErrorMatchingInlineSnapshot(`
      DATA_CSV_PIXEL at <tmp>/big-pixel.csv
      <tmp>/big-pixel.csv line 2, field 12 (pixel 10): expected an integer 0..255, found "256"
    `);
  });

  it('rejects a pixel that is not a whole number', () => {
    expect(() => parseCsv(new TextEncoder().encode(`1,0.5,${zeros(783)}`), 'frac.csv')).toThrowErrorMatchingInlineSnapshot(`
      DATA_CSV_PIXEL at frac.csv
      frac.csv line 1, field 2 (pixel 0): expected an integer 0..255, found "0.5"
    `);
    expect(() => parseCsv(new TextEncoder().encode(`1,${zeros(783)},x1`), 'text.csv')).toThrowErrorMatchingInlineSnapshot(`
      DATA_CSV_PIXEL at text.csv
      text.csv line 1, field 785 (pixel 783): expected an integer 0..255, found "x1"
    `);
    expect(() => parseCsv(new TextEncoder().encode(`1,${zeros(783)},`), 'blank.csv')).toThrowErrorMatchingInlineSnapshot(`
      DATA_CSV_PIXEL at blank.csv
      blank.csv line 1, field 785 (pixel 783): expected an integer 0..255, found ""
    `);
    expect(() => parseCsv(new TextEncoder().encode(`1,-3,${zeros(783)}`), 'neg.csv')).toThrowErrorMatchingInlineSnapshot(`
      DATA_CSV_PIXEL at neg.csv
      neg.csv line 1, field 2 (pixel 0): expected an integer 0..255, found "-3"
    `);
  });

  it('rejects a label outside 0..9', () => {
    const text = `${encodeCsv(four)}\n10,${zeros(784)}\n`;
    expect(() => readCsv(tmp.write('label-10.csv', text))).toThrowErrorMatchingInlineSnapshot(`
      DATA_BAD_LABEL at <tmp>/label-10.csv
      <tmp>/label-10.csv line 6: label "10", expected a digit 0..9
    `);
    expect(() => parseCsv(new TextEncoder().encode(`,${zeros(784)}`), 'no-label.csv')).toThrowErrorMatchingInlineSnapshot(`
      DATA_BAD_LABEL at no-label.csv
      no-label.csv line 1: label "", expected a digit 0..9
    `);
  });

  it('rejects an empty file and a file with only a header', () => {
    expect(() => readCsv(tmp.write('empty.csv', ''))).toThrowErrorMatchingInlineSnapshot(`
      DATA_EMPTY at <tmp>/empty.csv
      CSV file <tmp>/empty.csv is empty (0 bytes)
    `);
    expect(() => readCsv(tmp.write('header-only.csv', 'label,p0\n\n'))).toThrowErrorMatchingInlineSnapshot(`
      DATA_EMPTY at <tmp>/header-only.csv
      CSV file <tmp>/header-only.csv has no data rows (only a header or blank lines)
    `);
  });

  it('names the missing path', () => {
    expect(() => readCsv(tmp.path('missing.csv'))).toThrowErrorMatchingInlineSnapshot(`
      DATA_MISSING at <tmp>/missing.csv
      CSV file not found: <tmp>/missing.csv
    `);
  });
});

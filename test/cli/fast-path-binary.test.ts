/**
 * Binary integers (`0b101`) are read by the exact parser only: the fast one reads them as strings.
 * The check looks only around each `0b`, so every place the marker can stand is tried here.
 */
import { parseDocumentValues } from '../../lib/cli/load';

describe('fast path and binary integers', () => {
  test.each([
    'a: 0b1', 'a: -0b1', 'a: +0b0', 'a:\t0b1', 'a: [0b1]', 'a: [ -0b1]', 'a: {x: 0b1}', 'a:\n  - 0b1', 'a:  \t  +0b1', 'a: [1,0b0]',
  ])('%j goes to the exact parser', (text) => {
    expect(parseDocumentValues(text, false)).toBeUndefined();
    expect(parseDocumentValues(text, true)).toBeDefined();
  });

  test.each(['name: app0b1', 'a: 0b', 'a: 0b2', 'a: x+0b1', 'image: repo/app:10b1'])('%j stays on the fast path', (text) => {
    expect(parseDocumentValues(text, false)).toEqual(parseDocumentValues(text, true));
  });
});

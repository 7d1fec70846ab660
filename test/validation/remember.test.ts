import { remembered } from '../../lib/validation/remember';

describe('remembered', () => {
  test('computes each text once, undefined results included, and keeps at most max texts', () => {
    const calls: string[] = [];
    const parse = remembered((text: string) => {
      calls.push(text);
      return text === 'none' ? undefined : text.length;
    }, 2);
    expect([parse('abc'), parse('abc'), parse('none'), parse('none')]).toEqual([3, 3, undefined, undefined]);
    expect(calls).toEqual(['abc', 'none']);
    // Full: a third text is computed every time it is asked, the first two still once.
    expect([parse('x'), parse('x'), parse('abc')]).toEqual([1, 1, 3]);
    expect(calls).toEqual(['abc', 'none', 'x', 'x']);
  });
});

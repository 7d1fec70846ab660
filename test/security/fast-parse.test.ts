import * as fs from 'fs';
import * as path from 'path';
import { parseDocumentValues } from '../../lib/cli/load';

// Lint parses with js-yaml for speed and with `yaml` (the reference, with positions) only when a
// line is needed. Where js-yaml may read text differently, it must step aside; elsewhere both must
// give the same values.

const REPO = path.resolve(__dirname, '../..');

function files(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...files(p));
    else if (/\.(ya?ml|json)$/.test(e.name)) out.push(p);
  }
  return out;
}

const agree = (text: string) => {
  const fast = parseDocumentValues(text, false);
  const exact = parseDocumentValues(text, true);
  if (fast !== undefined) expect(JSON.parse(JSON.stringify(fast))).toEqual(JSON.parse(JSON.stringify(exact)));
  return fast;
};

describe('the fast parser agrees with the reference parser', () => {
  test.each(files(path.join(REPO, 'test/cli/fixtures')).map((f) => [path.relative(REPO, f)]))('%s', (file) => {
    expect(agree(fs.readFileSync(path.join(REPO, file), 'utf8'))).toBeDefined();
  });

  test.each([
    'a: 1_000', 'a: 0o14', 'a: 014', 'a: 0x1F', 'a: 2024-01-01', 'a: yes', 'a: True', 'a: ~', 'a: .inf', 'a: -.Inf',
    'a: 1e3', 'a: +12', 'a: .5', 'a: 12.', "a: '1'", 'a: 9007199254740993', 'a: -0', 'a: NaN', 'a: .NaN', 'a: 1:20',
    'b: &x {c: 1}\na:\n  <<: *x\n  d: 2', 'a: |\n  x\n  y\n', 'a: >-\n  x\n  y\n', 'a: "multi\n  line"', 'a: 1\n...\n---\nb: 2',
    'a: "\\x41\\u00e9"', 'a: [1, {b: c}]', '- a\n- b\n', '"k": "v"',
  ])('%j', (text) => {
    agree(text);
  });

  test.each(['a: 0b101', 'a: +0o7', '~: z', 'a: !!binary aGk=', 'a: !!float 1', 'a: !!set {x}', '? [x]\n: 1', '%YAML 1.1\n---\na: yes'])(
    'steps aside for %j', (text) => {
      expect(parseDocumentValues(text, false)).toBeUndefined();
    });
});

import { FIXTURES, lines, lint } from './run';

const FILE = `${FIXTURES}/bluegreen.yaml`;

test('lint reports on hand-written blue/green resources, at the template line, and unknown kinds', async () => {
  const r = await lint([FILE]);
  expect(r.code).toBe(1);
  const out = lines(r.stdout);
  // The name leaves no room for '-green' (47 characters > 39).
  expect(out.find((l) => l.includes(' bluegreen-name-invalid '))).toMatch(new RegExp(`^${FILE}:4:\\d+ error `));
  // A FlinkDeployment rule on the template, reported where the key is written.
  expect(out.find((l) => l.includes(' config-key-overlap '))).toMatch(new RegExp(`^${FILE}:14:\\d+ error .*state\\.backend -> state\\.backend\\.incremental`));
  // The typo in the second document.
  expect(out.find((l) => l.includes(' unknown-flink-kind '))).toMatch(/did you mean FlinkDeployment\?/);
});

/**
 * The HTML report in a real browser (headless Chromium): the page loads without errors, the
 * topology diagram is drawn with every node at a readable size, and a screenshot of it is not
 * blank. Chromium comes from the system (`CHROMIUM` or /usr/bin/chromium); .ci/run installs it.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Browser, chromium, Page } from 'playwright-core';
import { explain, renderHtml, renderMarkdown } from '../../lib/report';
import { EXAMPLE_CHARTS, exampleManifests } from '../example-charts';

const EXECUTABLE = process.env.CHROMIUM ?? '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync'];
const SHOTS = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-flink-report-'));

let browser: Browser;
beforeAll(async () => {
  if (!fs.existsSync(EXECUTABLE)) throw new Error(`no Chromium at ${EXECUTABLE}. Fix: install Debian's chromium package or set CHROMIUM.`);
  browser = await chromium.launch({ executablePath: EXECUTABLE, args: ARGS });
}, 60_000);
afterAll(async () => { await browser?.close(); });

/** Width and height of a PNG, from its IHDR chunk. */
function pngSize(png: Buffer): { width: number; height: number } {
  expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

async function open(html: string): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const problems: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`));
  await page.setContent(html, { waitUntil: 'load' });
  return { page, problems };
}

test('every example in one report: the diagram is drawn, every node visible, screenshot not blank', async () => {
  const manifests = EXAMPLE_CHARTS.flatMap(([id]) => exampleManifests(id));
  const report = explain(manifests, { title: 'Every example' });
  const { page, problems } = await open(renderHtml(report));

  const svg = page.locator('#topology');
  const box = await svg.boundingBox();
  expect(box).not.toBeNull();
  expect(box!.width).toBeGreaterThan(1000);
  expect(box!.height).toBeGreaterThan(300);

  const nodes = page.locator('#topology g.node');
  expect(await nodes.count()).toBe(report.graph.nodes.length);
  const sizes = await nodes.evaluateAll((gs) => gs.map((g) => { const r = g.getBoundingClientRect(); return [r.width, r.height]; }));
  for (const [w, h] of sizes) {
    expect(w).toBeGreaterThan(150);
    expect(h).toBeGreaterThan(30);
  }
  expect(await page.locator('#topology g.edge').count()).toBeGreaterThan(0);
  expect(await page.locator('details.card').count()).toBe(report.cards.length);

  const shot = await svg.screenshot({ path: path.join(SHOTS, 'topology.png') });
  const { width, height } = pngSize(shot);
  expect(width).toBeGreaterThan(1000);
  expect(height).toBeGreaterThan(300);
  // A blank area of the same size compresses to almost nothing; the drawn diagram does not.
  const blank = await open(`<!DOCTYPE html><div id="b" style="width:${box!.width}px;height:${box!.height}px;background:#fff"></div>`);
  const blankShot = await blank.page.locator('#b').screenshot();
  expect(shot.length).toBeGreaterThan(blankShot.length * 5);
  await page.screenshot({ path: path.join(SHOTS, 'page.png'), fullPage: true });
  expect(problems).toEqual([]);
  await page.close();
  await blank.page.close();
}, 60_000);

test('200 applications: the page stays usable (cards collapsed, the diagram in its scroll box)', async () => {
  const manifests = [];
  for (let i = 0; i < 200; i++) {
    manifests.push({
      apiVersion: 'flink.apache.org/v1beta1', kind: 'FlinkDeployment', metadata: { name: `job-${i}`, namespace: `team-${i % 8}` },
      spec: { image: 'flink:1.20', flinkVersion: 'v1_20', serviceAccount: 'flink',
        flinkConfiguration: { 'execution.checkpointing.dir': `s3://b${i % 8}/cp/${i}` },
        jobManager: { resource: { memory: '1g', cpu: 1 } }, taskManager: { resource: { memory: '1g', cpu: 1 } },
        job: { jarURI: 'local:///opt/flink/usrlib/a.jar', parallelism: 1, upgradeMode: 'savepoint' } },
    });
  }
  const { page, problems } = await open(renderHtml(explain(manifests)));
  expect(await page.locator('details.card[open]').count()).toBe(0);
  expect(await page.locator('details.card').count()).toBe(200);
  const outer = await page.locator('.diagram').boundingBox();
  expect(outer!.width).toBeLessThanOrEqual(1400);
  await page.locator('details.card').first().locator('summary').click();
  expect(await page.locator('details.card[open]').count()).toBe(1);
  await page.screenshot({ path: path.join(SHOTS, 'large.png') });
  expect(problems).toEqual([]);
  await page.close();
}, 60_000);

test('the Markdown report\'s Mermaid diagrams render with Mermaid itself (as GitHub and GitLab do)', async () => {
  const reports = [
    renderMarkdown(explain(EXAMPLE_CHARTS.flatMap(([id]) => exampleManifests(id)))),
    renderMarkdown(explain(exampleManifests('session-cluster'))),
  ];
  const blocks = reports.flatMap((md) => [...md.matchAll(/```mermaid\n([\s\S]*?)\n```/g)].map((m) => m[1]));
  expect(blocks.length).toBeGreaterThanOrEqual(2);
  const { page, problems } = await open('<!DOCTYPE html><html><body><div id="out"></div></body></html>');
  await page.addScriptTag({ path: require.resolve('mermaid/dist/mermaid.min.js') });
  for (const [i, source] of blocks.entries()) {
    const result = await page.evaluate(async ({ src, id }) => {
      const g = globalThis as any; // the page's window (the test's tsconfig has no DOM types)
      const m = g.mermaid;
      m.initialize({ startOnLoad: false, securityLevel: 'strict' });
      try {
        const { svg } = await m.render(id, src);
        const host = g.document.getElementById('out');
        host.innerHTML = svg;
        return { ok: true, nodes: host.querySelectorAll('g.node').length, edges: host.querySelectorAll('.edgePaths path, path.flowchart-link').length };
      } catch (e) {
        return { ok: false, error: String((e as Error).message ?? e) };
      }
    }, { src: source, id: `diagram${i}` });
    expect(result).toMatchObject({ ok: true });
    const declared = source.split('\n').filter((l) => /^ {4}[A-Za-z0-9_]+[[({]/.test(l) && !l.includes(':::hidden')).length;
    expect(result.nodes).toBe(declared);
    expect(result.edges).toBe(source.split('\n').filter((l) => l.includes('-->')).length);
    await page.locator('#out').screenshot({ path: path.join(SHOTS, `mermaid-${i}.png`) });
  }
  expect(problems).toEqual([]);
  await page.close();
}, 60_000);

afterAll(() => {
  process.stdout.write(`report screenshots: ${SHOTS}\n`);
});

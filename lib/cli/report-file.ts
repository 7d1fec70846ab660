/**
 * Writes the explain report beside a synthesized manifest (the synth plugin's opt-in).
 */
import * as fs from 'fs';
import * as path from 'path';
import { explain, renderHtml, renderJson, renderMarkdown } from '../report';
import { redactReport } from '../validation/secrets';
import { Finding, OperatorVersionId } from '../validation/types';

/**
 * Writes the report of `manifests` (with the findings already computed for them) into the
 * directory of `besideFile`, under `fileName`, whose extension picks the format. Returns the path.
 */
export function writeReportFile(manifests: readonly any[], findings: readonly Finding[], operatorVersion: OperatorVersionId, besideFile: string, fileName: string): string {
  const report = explain(manifests, { operatorVersion, findings });
  const ext = path.extname(fileName).toLowerCase();
  const text = redactReport(ext === '.html' ? renderHtml(report) : ext === '.json' ? renderJson(report) : renderMarkdown(report), manifests, ext === '.html');
  const out = path.join(path.dirname(besideFile), fileName);
  fs.writeFileSync(out, text);
  return out;
}

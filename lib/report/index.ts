export * from './model';
export { explain } from './build';
export type { ExplainOptions } from './build';
export { renderMarkdown } from './markdown';
export { renderHtml } from './html';

import { ExplainReport } from './model';

/** The report as JSON (two-space indented, newline at the end). Deterministic. */
export function renderJson(report: ExplainReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

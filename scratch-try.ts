import * as fs from 'fs';
import { parseAllDocuments } from 'yaml';
import { explain, renderMarkdown } from './lib/report';
const ms: any[] = [];
for (const f of process.argv.slice(2)) for (const d of parseAllDocuments(fs.readFileSync(f, 'utf8'))) ms.push(d.toJS());
process.stdout.write(renderMarkdown(explain(ms)));

/** Field paths of findings: `spec.job.parallelism`, `spec.podTemplate.spec.volumes[0]`, `spec.flinkConfiguration['a.b']`. */

/** Whether a field name is written plainly (`/^[A-Za-z_$][A-Za-z0-9_$-]*$/`), checked without a regex: joinPath runs for every path built. */
function isPlain(seg: string): boolean {
  if (seg.length === 0) return false;
  for (let i = 0; i < seg.length; i++) {
    const c = seg.charCodeAt(i);
    const letter = (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 /* _ */ || c === 36 /* $ */;
    if (letter) continue;
    if (i > 0 && ((c >= 48 && c <= 57) || c === 45 /* - */)) continue;
    return false;
  }
  return true;
}

/** Appends one segment (a field name or an array index) to a path. */
export function joinPath(base: string, seg: string | number): string {
  if (typeof seg === 'number') return `${base}[${seg}]`;
  if (isPlain(seg)) return base ? `${base}.${seg}` : seg;
  return `${base}['${seg.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}']`;
}

/** Builds a path from segments. */
export function pathOf(...segs: (string | number)[]): string {
  return segs.reduce<string>((acc, s) => joinPath(acc, s), '');
}

/** Splits a path back into segments (the inverse of `pathOf`). */
export function parsePath(path: string): (string | number)[] {
  const out: (string | number)[] = [];
  let i = 0;
  while (i < path.length) {
    const c = path[i];
    if (c === '.') { i++; continue; }
    if (c === '[') {
      if (path[i + 1] === "'") {
        let j = i + 2;
        let s = '';
        while (j < path.length && path[j] !== "'") {
          if (path[j] === '\\') j++;
          s += path[j];
          j++;
        }
        out.push(s);
        i = j + 2;
      } else {
        const j = path.indexOf(']', i);
        out.push(Number(path.slice(i + 1, j)));
        i = j + 1;
      }
      continue;
    }
    let j = i;
    while (j < path.length && path[j] !== '.' && path[j] !== '[') j++;
    out.push(path.slice(i, j));
    i = j;
  }
  return out;
}

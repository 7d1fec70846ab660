/**
 * Secrets: what looks like one, and the one redaction helper that every rule and every output
 * format goes through, so that no finding prints the value of a secret-looking key or a value that
 * looks like a credential.
 */
import { distance } from 'fastest-levenshtein';

/** What a redacted value is replaced with. */
export const REDACTED = '<redacted>';

/** Last word of a name that makes it a secret: `db-password`, `api_token`, `client.secret`. */
const SECRET_WORDS = new Set(['password', 'passwd', 'pwd', 'passphrase', 'secret', 'token', 'credential', 'credentials', 'apikey', 'secretkey', 'privatekey', 'accesskey']);
/** Words before a final `key` (or `key-id`, `key-secret`) that make it a secret: `access-key`, `private_key`. */
const KEY_QUALIFIERS = new Set(['secret', 'access', 'private', 'account', 'api', 'client', 'signing', 'encryption', 'master']);
const KEY_IN_DOTTED = /(^|[.\-_])(secret|access|private|account|api|client)[.\-_]?key([.\-_]?(id|secret))?\./;
/** Long secret words whose one-edit typos (`pasword`, `passwrod`, `credentails`) still name a secret. */
const TYPO_WORDS = ['password', 'passphrase', 'credentials', 'credential'];
/** Words one edit away from a secret word that are not secrets. */
const NOT_TYPOS = new Set(['passwords', 'passport']);

/** The words of a name: split at '.', '-', '_', spaces and camelCase boundaries, lower-cased. */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== '');
}

/** `a` and `b` differ by one swap of adjacent letters. */
function isSwap(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return i < a.length - 1 && a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
}

/** Whether a word is a secret word or a typo of a long one (edit distance 1, or one swapped pair). */
export function isSecretWord(word: string): boolean {
  const w = word.toLowerCase();
  if (SECRET_WORDS.has(w)) return true;
  if (w.length < 6 || NOT_TYPOS.has(w)) return false;
  return TYPO_WORDS.some((t) => Math.abs(t.length - w.length) <= 1 && (distance(t, w) <= 1 || isSwap(t, w)));
}

/**
 * Whether a key or variable name names a credential: its last word is a secret word (typos of the
 * long ones included: `keystore-pasword`), or it ends in a qualified key (`access-key`,
 * `secret_key_id`, `fs.s3a.secret.key`, `AWS_SECRET_ACCESS_KEY`). Names that only mention a
 * secret (`kubernetes.secrets`, `token.ttl`, `password.enabled`) are not.
 */
export function isSecretName(name: string): boolean {
  if (typeof name !== 'string' || name === '') return false;
  const words = nameWords(name);
  const n = words.length;
  if (n === 0) return false;
  const last = words[n - 1];
  if (isSecretWord(last)) return true;
  // ...-key, ...-key-id, ...-key-secret
  let k = n - 1;
  if ((last === 'id' || last === 'secret') && n >= 2) k = n - 2;
  if (words[k] === 'key' && k >= 1 && KEY_QUALIFIERS.has(words[k - 1])) return true;
  // A qualified key followed by a dotted suffix: `fs.azure.account.key.<account>.blob.core.windows.net`.
  // Names ending in `ref`, `name`, `file` or `path` point at a secret; they are not one.
  return KEY_IN_DOTTED.test(name.toLowerCase());
}

/**
 * A value that cannot be a credential: a placeholder for something resolved later (`${VAR}`,
 * `$(VAR)`, `{{ x }}`) or a switch (`true`, `false`, `enabled`: `agent-inject-token: 'true'`).
 */
export function isPlaceholder(value: string): boolean {
  const v = value.trim();
  return v === '' || /^(true|false|yes|no|on|off|enabled|disabled|null|none)$/i.test(v) || /^\$\{[^}]+\}$/.test(v) || /^\$\([^)]+\)$/.test(v) || /^\{\{[^}]*\}\}$/.test(v) || /^<[^>]*>$/.test(v);
}

const PEM_PRIVATE = /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(-----END [A-Z ]*PRIVATE KEY-----|$)/g;
const GCP_KEY = /"private_key"\s*:\s*"([^"]+)"/g;
const AWS_KEY_ID = /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g;
const JWT = /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g;
/** Vendor access tokens: the prefix each starts with, and the body after it. */
const VENDOR_TOKENS: ReadonlyArray<readonly [string, string]> = [
  ['gh[pousr]_', '[A-Za-z0-9]{30,}'], ['xox[abprs]-', '[A-Za-z0-9-]{10,}'], ['sk_live_', '[A-Za-z0-9]{16,}'], ['glpat-', '[A-Za-z0-9_-]{20,}'],
];
const VENDOR_TOKEN = new RegExp(`\\b(?:${VENDOR_TOKENS.map(([p, b]) => p + b).join('|')})\\b`, 'g');
/** The fixed start of every VENDOR_TOKEN match (no `g` flag: `test` keeps no state). */
const VENDOR_PREFIX = new RegExp(VENDOR_TOKENS.map(([p]) => p).join('|'));
/** `scheme://user:password@host`: group 1 is the password. */
const URL_PASSWORD = /[a-z][a-z0-9+.-]*:\/\/[^\s:@/'"]+:([^\s@/'"]+)@/gi;
/**
 * `name = value`, `name: value`, `name=value`, `'name' = 'value'` (SQL WITH options) and
 * `-Dname=value` where name is a secret name. Group 1 is the name; the value is group 2, 3 or 4
 * (quotes excluded).
 */
const NAMED_VALUE = /['"]?((?:-D|--?)?[A-Za-z_][\w.\-]*)['"]?[ \t]*(?:=|:(?!\/\/))[ \t]*(?:"([^"\n]*)"|'([^'\n]*)'|([^\s'",;)}\]]+))/g;

/** One secret found inside a text: the value, and why it is one. */
export interface SecretInText {
  readonly value: string;
  /** `password=` option name, or the kind of credential (`a private key`, `a URL with a password`...). */
  readonly what: string;
}

/**
 * The secrets written in a free text (a JVM option string, program arguments, a properties file,
 * SQL, a map string `k1:v1,k2:v2`): values of secret-named options and credential-looking values.
 * Placeholders (`${VAR}`) are not secrets.
 */
export function secretsInText(text: string): SecretInText[] {
  if (typeof text !== 'string' || text === '') return [];
  const out: SecretInText[] = [];
  const add = (value: string | undefined, what: string) => {
    if (value === undefined) return;
    const v = value.trim();
    // Lookups resolved at run time are not literals: ${VAR}, $(VAR), %X{key} / %{x} (log patterns).
    if (v === '' || isPlaceholder(v) || /^[$%][{(A-Za-z]/.test(v)) return;
    out.push({ value: v, what });
  };
  // Each pattern runs only when the text holds a fixed part every match of it contains (most texts
  // are short manifest values that hold none).
  if (text.includes('PRIVATE KEY-----')) for (const m of text.matchAll(PEM_PRIVATE)) add(m[0], 'a private key');
  if (text.includes('"private_key"')) for (const m of text.matchAll(GCP_KEY)) add(m[1], 'a private key');
  if (text.includes('AKIA') || text.includes('ASIA')) for (const m of text.matchAll(AWS_KEY_ID)) add(m[0], 'an AWS access key id');
  if (text.includes('eyJ')) for (const m of text.matchAll(JWT)) add(m[0], 'a token');
  if (VENDOR_PREFIX.test(text)) for (const m of text.matchAll(VENDOR_TOKEN)) add(m[0], 'an access token');
  if (text.includes('://') && text.includes('@')) for (const m of text.matchAll(URL_PASSWORD)) add(m[1], 'a URL with a password');
  if (/(pass|pwd|secret|token|credential|key)/i.test(text)) {
    // A long text (a rendered report) repeats its option names: decide each name once.
    const secretName = new Map<string, boolean>();
    for (const m of text.matchAll(NAMED_VALUE)) {
      const name = m[1].replace(/^(-D|--?)/, '');
      let secret = secretName.get(name);
      if (secret === undefined) secretName.set(name, secret = isSecretName(name));
      if (!secret) continue;
      add(m[2] ?? m[3] ?? m[4], `'${name}'`);
    }
  }
  return out;
}

/** Whether a value looks like a credential by itself (whatever its key). */
export function looksLikeCredential(value: string): boolean {
  return secretsInText(value).length > 0;
}

const MAX_WALK = 200_000;

/**
 * Every secret value in a manifest: values of secret-named keys, `{name, value}` pairs with a
 * secret name (container env), and secrets inside strings. Bounded: at most 200,000 nodes are read.
 */
export function secretValuesOf(manifest: unknown): string[] {
  const out = new Set<string>();
  const seen = new Set<object>();
  const stack: unknown[] = [manifest];
  let budget = MAX_WALK;
  const addText = (s: string) => {
    for (const f of secretsInText(s)) out.add(f.value);
  };
  while (stack.length > 0 && budget-- > 0) {
    const v = stack.pop();
    if (typeof v === 'string') {
      addText(v);
      continue;
    }
    if (v === null || typeof v !== 'object' || seen.has(v)) continue;
    seen.add(v);
    if (Array.isArray(v)) {
      for (const c of v) stack.push(c);
      continue;
    }
    const o = v as Record<string, unknown>;
    if (typeof o.name === 'string' && (typeof o.value === 'string' || typeof o.value === 'number') && isSecretName(o.name)) {
      const s = String(o.value).trim();
      if (s !== '' && !isPlaceholder(s)) out.add(s);
    }
    for (const k of Object.keys(o)) {
      const c = o[k];
      if ((typeof c === 'string' || typeof c === 'number') && isSecretName(k)) {
        const s = String(c).trim();
        if (s !== '' && !isPlaceholder(s)) out.add(s);
      }
      stack.push(c);
    }
  }
  return [...out];
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * THE redaction helper: returns `text` with every known secret value (`secrets`, e.g. from
 * `secretValuesOf`) and every secret found by pattern (`secretsInText`) replaced by `<redacted>`.
 * Short values (under 6 characters) are replaced only where they stand as a whole word, so that
 * redacting `abc` does not garble `abcdef`.
 */
export function redact(text: string, secrets: readonly string[] = []): string {
  if (typeof text !== 'string' || text === '') return text;
  let out = text;
  const found = [...secrets, ...secretsInText(text).map((s) => s.value)]
    .filter((s) => typeof s === 'string' && s.length > 0 && s !== REDACTED)
    .sort((a, b) => b.length - a.length);
  for (const s of new Set(found)) {
    if (!out.includes(s)) {
      // Messages shorten long values ('abc…'): redact a shown prefix too.
      if (s.length > 40) {
        const head = s.slice(0, 40);
        if (out.includes(head)) out = out.split(head).join(REDACTED);
      }
      continue;
    }
    if (s.length >= 6) out = out.split(s).join(REDACTED);
    else out = out.replace(new RegExp(`(?<![\\w])${escapeRegExp(s)}(?![\\w])`, 'g'), REDACTED);
  }
  return out;
}

/**
 * A whole rendered report (Markdown, HTML with `html`, JSON) through the same helper: every secret value of
 * the manifests it describes, and anything that looks like a credential, becomes `<redacted>`
 * wherever the report shows it (topology lines, tables, quoted findings).
 */
export function redactReport(text: string, manifests: readonly unknown[], html = false): string {
  const values = new Set<string>();
  for (const m of manifests) for (const v of secretValuesOf(m)) values.add(v);
  const out = redact(text, [...values]);
  return html ? out.split(REDACTED).join('&lt;redacted&gt;') : out;
}

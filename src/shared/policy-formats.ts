/**
 * Policy files as the browsers read them, without a browser: the Windows registry (a `.reg` file, read
 * with Chromium's registry-to-policy conversion driven by the schema) and macOS property lists
 * (`.mobileconfig`). Pure and browser-safe: used by `npm run check-policy`, the options page's policy
 * check and the deployment unit test. Syntax errors are returned with their line, never thrown.
 */

/** The part of managed_schema.json Chromium applies to an extension's policy. */
export interface SchemaNode {
  type: string;
  title?: string;
  description?: string;
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
}

export class PolicySyntaxError extends Error {
  constructor(
    readonly code: 'reg-syntax' | 'plist-syntax',
    readonly line: number,
    readonly text: string,
  ) {
    super(`${code} at line ${line}: ${text}`);
  }
}

// ---------------------------------------------------------------- Windows .reg

export interface RegValue {
  type: 'sz' | 'dword';
  data: string | number;
}

/** Registry keys by lower-cased path, each with its values (the subset policies use: REG_SZ and REG_DWORD). */
export type RegKeys = Map<string, { path: string; values: Map<string, RegValue> }>;

/** A `.reg` file as regedit reads it. Throws PolicySyntaxError on the first line it cannot read. */
export function parseReg(text: string): RegKeys {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  if (lines[0]?.trim() !== 'Windows Registry Editor Version 5.00') throw new PolicySyntaxError('reg-syntax', 1, lines[0] ?? '');
  const keys: RegKeys = new Map();
  let current: { path: string; values: Map<string, RegValue> } | null = null;
  for (const [i, raw] of lines.entries()) {
    if (i === 0) continue;
    const line = raw.trim();
    if (line === '' || line.startsWith(';')) continue;
    const section = /^\[([^\]]+)\]$/.exec(line);
    if (section) {
      const path = section[1]!;
      current = keys.get(path.toLowerCase()) ?? { path, values: new Map() };
      keys.set(path.toLowerCase(), current);
      continue;
    }
    const value = /^"((?:[^"\\]|\\.)*)"=(?:"((?:[^"\\]|\\.)*)"|dword:([0-9a-fA-F]{8}))$/.exec(line);
    if (!value || !current) throw new PolicySyntaxError('reg-syntax', i + 1, raw.slice(0, 80));
    const unescape = (s: string) => s.replace(/\\(.)/g, '$1');
    current.values.set(
      unescape(value[1]!),
      value[3] !== undefined ? { type: 'dword', data: parseInt(value[3], 16) } : { type: 'sz', data: unescape(value[2]!) },
    );
  }
  return keys;
}

/**
 * The policy under a registry key, converted by the schema as Chromium's registry_dict.cc does:
 * lists from the numbered values of a subkey, booleans and integers from DWORDs (or strings of
 * digits), numbers from strings, objects from subkeys or JSON strings. A value that does not convert
 * is passed on as it is, so the schema check reports it (as Chromium drops it). Values the schema
 * does not name are passed on too, for the same reason.
 */
export function readRegistryPolicy(keys: RegKeys, path: string, node: SchemaNode): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const key = keys.get(path.toLowerCase());
  for (const [name, value] of key?.values ?? []) out[name] = convertReg(node.properties?.[name], value);
  const prefix = `${path.toLowerCase()}\\`;
  for (const [lower, sub] of keys) {
    if (!lower.startsWith(prefix) || lower.slice(prefix.length).includes('\\')) continue;
    const name = sub.path.slice(prefix.length);
    const child = node.properties?.[name];
    if (child?.type === 'object') out[name] = readRegistryPolicy(keys, sub.path, child);
    else {
      out[name] = [...sub.values.entries()]
        .filter(([n]) => /^\d+$/.test(n))
        .sort(([a], [b]) => Number(a) - Number(b))
        .map(([, v]) => convertReg(child?.items, v));
    }
  }
  return out;
}

function convertReg(node: SchemaNode | undefined, { type, data }: RegValue): unknown {
  switch (node?.type) {
    case 'boolean':
      if (type === 'dword') return data !== 0;
      return /^\d+$/.test(String(data)) ? Number(data) !== 0 : data;
    case 'integer':
      if (type === 'dword') return data;
      return /^-?\d+$/.test(String(data).trim()) ? Number.parseInt(String(data), 10) : data;
    case 'number': {
      if (type === 'dword') return data;
      const n = Number(String(data).trim());
      return String(data).trim() !== '' && Number.isFinite(n) ? n : data;
    }
    case 'object':
    case 'array':
      if (type !== 'sz') return data;
      try {
        return JSON.parse(String(data));
      } catch {
        return data;
      }
    default:
      return data;
  }
}

// ---------------------------------------------------------------- macOS property lists

/** A property list (the elements a configuration profile uses). Throws PolicySyntaxError. */
export function parsePlist(text: string): unknown {
  const source = text.replace(/<\?xml[^>]*>|<!DOCTYPE[^>]*>|<!--[\s\S]*?-->/g, (m) => m.replace(/[^\n]/g, ' '));
  const tokens = [...source.matchAll(/<(\/?)([a-zA-Z]+)[^>]*?(\/?)>|([^<]+)/g)];
  let i = 0;
  const lineOf = (t: RegExpMatchArray | undefined) =>
    t?.index === undefined ? source.split('\n').length : source.slice(0, t.index).split('\n').length;
  const error = (t: RegExpMatchArray | undefined, what: string): never => {
    throw new PolicySyntaxError('plist-syntax', lineOf(t), what);
  };
  const next = () => tokens[i++] ?? error(undefined, 'unexpected end of the file');
  const skipSpace = () => {
    while (i < tokens.length && tokens[i]![4] !== undefined && !tokens[i]![4]!.trim()) i++;
  };
  const decode = (s: string) =>
    s
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&apos;/g, "'")
      .replace(/&amp;/g, '&');
  function textUntil(tag: string): string {
    let out = '';
    for (let t = next(); !(t[1] === '/' && t[2] === tag); t = next()) {
      if (t[4] === undefined) error(t, `<${t[2]}> inside <${tag}>`);
      out += t[4];
    }
    return decode(out);
  }
  function value(): unknown {
    skipSpace();
    const t = next();
    const [, close, tag, selfClose] = t;
    if (close || tag === undefined)
      return error(t, close ? `unexpected </${tag}>` : `text outside an element: ${t[0].trim().slice(0, 40)}`);
    switch (tag) {
      case 'plist': {
        const inner = value();
        skipSpace();
        const end = next();
        if (!(end[1] === '/' && end[2] === 'plist')) error(end, `expected </plist>, got ${end[0].slice(0, 40)}`);
        return inner;
      }
      case 'dict': {
        const out: Record<string, unknown> = {};
        if (selfClose) return out;
        for (;;) {
          skipSpace();
          const k = next();
          if (k[1] === '/' && k[2] === 'dict') return out;
          if (k[2] !== 'key' || k[1]) error(k, `expected <key>, got ${k[0].trim().slice(0, 40)}`);
          out[textUntil('key')] = value();
        }
      }
      case 'array': {
        const out: unknown[] = [];
        if (selfClose) return out;
        for (;;) {
          skipSpace();
          if (tokens[i]?.[1] === '/' && tokens[i]![2] === 'array') {
            i++;
            return out;
          }
          out.push(value());
        }
      }
      case 'string':
        return selfClose ? '' : textUntil('string');
      case 'integer': {
        const text = textUntil('integer').trim();
        if (!/^-?\d+$/.test(text)) error(t, `<integer>${text}</integer> is not a whole number`);
        return Number(text);
      }
      case 'real': {
        const text = textUntil('real').trim();
        if (!Number.isFinite(Number(text)) || text === '') error(t, `<real>${text}</real> is not a number`);
        return Number(text);
      }
      case 'true':
      case 'false':
        return tag === 'true';
      default:
        return error(t, `unsupported element <${tag}>`);
    }
  }
  const result = value();
  skipSpace();
  if (i < tokens.length) error(tokens[i], `more after the end: ${tokens[i]![0].trim().slice(0, 40)}`);
  return result;
}

// ---------------------------------------------------------------- JSON with a position

export interface JsonSyntax {
  line: number;
  column: number;
  /** A comma right before a closing bracket: what hand-edited policy files most often break on. */
  trailingComma: boolean;
  near: string;
}

/** JSON.parse, or where and why it fails (the engines word their messages differently: we give a position). */
export function parseJsonWithPosition(text: string): { ok: true; value: unknown } | { ok: false; syntax: JsonSyntax } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    let offset = text.length;
    const lineColumn = /line (\d+) column (\d+)/.exec(message);
    const position = /position (\d+)/.exec(message);
    if (lineColumn) {
      const lines = text.split('\n');
      const line = Number(lineColumn[1]);
      offset = lines.slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0) + Number(lineColumn[2]) - 1;
    } else if (position) offset = Number(position[1]);
    offset = Math.min(Math.max(offset, 0), text.length);
    const before = text.slice(0, offset);
    const trailing = /,\s*$/.test(before) && /^\s*[}\]]/.test(text.slice(offset));
    const line = before.split('\n').length;
    const column = offset - before.lastIndexOf('\n');
    const near = text
      .slice(Math.max(0, offset - 20), offset + 20)
      .replace(/\s+/g, ' ')
      .trim();
    return { ok: false, syntax: { line, column, trailingComma: trailing, near } };
  }
}

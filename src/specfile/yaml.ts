/**
 * Parses one YAML file into a value plus the source offset of every key and value, so that
 * every later error can point at FILE:LINE:COLUMN. Pure: bytes in, data out.
 */
import {
  CORE_SCHEMA,
  constructFromEvents,
  EVENT_ALIAS,
  EVENT_DOCUMENT,
  EVENT_MAPPING,
  EVENT_POP,
  EVENT_SCALAR,
  EVENT_SEQUENCE,
  type Event,
  getScalarValue,
  parseEvents,
  SCALAR_STYLE_DOUBLE_QUOTED,
  SCALAR_STYLE_SINGLE_QUOTED,
  YAMLException,
} from "js-yaml";
import { type Diagnostic, diagnostic } from "./diagnostics.js";

export const MAX_FILE_BYTES = 1024 * 1024;
/** Nodes that aliases may add by expansion; far above any honest reuse, far below a "billion laughs". */
export const MAX_ALIAS_EXPANSION = 10_000;
const MAX_DEPTH = 64;
/** js-yaml's own guard, above ours so that ours reports the place. */
const PARSER_MAX_DEPTH = 256;

/** Offsets where lines start; a line ends at \n, \r\n or a lone \r, as YAML says. */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (const m of text.matchAll(/\r\n|\r|\n/g)) starts.push(m.index + m[0].length);
  return starts;
}

/** Source positions keyed by JSON Pointer ("/clients/0/callbackURLs/1"). */
export class SourceMap {
  private lineStarts: number[] | undefined;
  constructor(
    private readonly text: string,
    /** Offset of each value node. */
    readonly values: Map<string, number>,
    /** Offset of each mapping key. */
    readonly keys: Map<string, number>,
  ) {}

  /** 1-based line and column of an offset. */
  lineColumn(offset: number): { line: number; column: number } {
    if (!this.lineStarts) {
      this.lineStarts = lineStarts(this.text);
    }
    const starts = this.lineStarts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: Math.max(1, offset - (starts[lo] ?? 0) + 1) };
  }

  /** Where a pointer's value starts, or its nearest ancestor's. `key` prefers the key's own position. */
  locate(pointer: string, prefer: "key" | "value" = "value"): { line: number; column: number } {
    let p = pointer;
    for (;;) {
      const offset =
        (prefer === "key" ? this.keys.get(p) : undefined) ?? this.values.get(p) ?? this.keys.get(p);
      if (offset !== undefined) return this.lineColumn(offset);
      if (p === "") return { line: 1, column: 1 };
      p = p.slice(0, p.lastIndexOf("/"));
    }
  }
}

export type ParsedYaml =
  | { ok: true; value: unknown; text: string; positions: SourceMap }
  | { ok: false; errors: Diagnostic[] };

function escapePointer(token: string): string {
  return token.replaceAll("~", "~0").replaceAll("/", "~1");
}

/** Offset of the first byte that breaks UTF-8 (overlong forms and surrogates included), or -1. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] ?? 0;
    if (b < 0x80) {
      i++;
      continue;
    }
    const need = b >= 0xc2 && b < 0xe0 ? 1 : b >= 0xe0 && b < 0xf0 ? 2 : b >= 0xf0 && b < 0xf5 ? 3 : -1;
    if (need < 0) return i;
    // The second byte's range is narrower after E0 (overlong), ED (surrogates), F0 (overlong), F4 (> U+10FFFF).
    const lo = b === 0xe0 ? 0xa0 : b === 0xf0 ? 0x90 : 0x80;
    const hi = b === 0xed ? 0x9f : b === 0xf4 ? 0x8f : 0xbf;
    const second = bytes[i + 1] ?? 0;
    if (second < lo || second > hi) return i;
    for (let k = 2; k <= need; k++) if (((bytes[i + k] ?? 0) & 0xc0) !== 0x80) return i;
    i += need + 1;
  }
  return -1;
}

function lineColumnOfByte(bytes: Uint8Array, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    const b = bytes[i];
    if (b === 0x0a || (b === 0x0d && bytes[i + 1] !== 0x0a)) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

function nodeStart(ev: Event): number {
  switch (ev.type) {
    case EVENT_SCALAR:
      // Quoted scalars report the offset after the quote; point at the quote itself.
      return ev.style === SCALAR_STYLE_DOUBLE_QUOTED || ev.style === SCALAR_STYLE_SINGLE_QUOTED
        ? Math.max(0, ev.valueStart - 1)
        : ev.valueStart;
    case EVENT_MAPPING:
    case EVENT_SEQUENCE:
      return ev.start;
    case EVENT_ALIAS:
      return Math.max(0, ev.anchorStart - 1);
    default:
      return 0;
  }
}

type Frame = {
  kind: "map" | "seq";
  pointer: string;
  index: number;
  /** For mappings: the pending key's pointer, once the key event was read. */
  pendingKey: string | undefined;
  anchor: string | undefined;
  size: number;
};

/** Walks the events once: positions of every node, and the alias-expansion guard. */
function indexEvents(
  file: string,
  events: Event[],
  text: string,
): { values: Map<string, number>; keys: Map<string, number>; documents: number[]; error?: Diagnostic } {
  const values = new Map<string, number>();
  const keys = new Map<string, number>();
  const documents: number[] = [];
  const anchorSizes = new Map<string, number>();
  const stack: Frame[] = [];
  let expansion = 0;
  let docStartPending = false;
  let lastStart = 0;

  const at = (offset: number, rule: string, message: string): Diagnostic => {
    const { line, column } = new SourceMap(text, values, keys).lineColumn(offset);
    return diagnostic(file, line, column, "", rule, message);
  };

  /** The pointer for the node that comes next, or undefined when it is a mapping key. */
  const nextPointer = (): string | undefined => {
    const top = stack[stack.length - 1];
    if (!top) return "";
    if (top.kind === "seq") return `${top.pointer}/${top.index++}`;
    if (top.pendingKey === undefined) return undefined;
    const p = top.pendingKey;
    top.pendingKey = undefined;
    return p;
  };
  const addSize = (n: number) => {
    for (const f of stack) f.size += n;
  };

  for (const ev of events) {
    if (ev.type === EVENT_DOCUMENT) {
      docStartPending = true;
      continue;
    }
    if (ev.type === EVENT_POP) {
      const frame = stack.pop();
      if (frame?.anchor !== undefined) anchorSizes.set(frame.anchor, frame.size);
      continue;
    }
    const pointer = nextPointer();
    const raw = nodeStart(ev);
    // An empty value (`key:` with nothing after it) has no offset of its own: use its key's.
    const start = raw >= 0 ? raw : ((pointer !== undefined ? keys.get(pointer) : undefined) ?? lastStart);
    lastStart = start;
    if (docStartPending) {
      documents.push(start);
      docStartPending = false;
    }
    if (documents.length > 1) continue;

    if (pointer === undefined) {
      // A mapping key: remember its text and offset; the value comes next.
      if (ev.type !== EVENT_SCALAR) {
        const indicator = /\?\s*$/.exec(text.slice(text.lastIndexOf("\n", start - 1) + 1, start));
        const keyStart = indicator ? start - indicator[0].length : start;
        return {
          values,
          keys,
          documents,
          error: at(keyStart, "yaml", "invalid YAML: a key must be plain text, not a list, mapping or alias"),
        };
      }
      const top = stack[stack.length - 1];
      if (top) {
        const keyPointer = `${top.pointer}/${escapePointer(getScalarValue(text, ev))}`;
        keys.set(keyPointer, start);
        top.pendingKey = keyPointer;
      }
      continue;
    }
    values.set(pointer, start);
    if (ev.type === EVENT_ALIAS) {
      const size = anchorSizes.get(text.slice(ev.anchorStart, ev.anchorEnd)) ?? 1;
      expansion += size;
      if (expansion > MAX_ALIAS_EXPANSION) {
        return {
          values,
          keys,
          documents,
          error: at(
            start,
            "alias-expansion",
            `aliases expand to more than ${MAX_ALIAS_EXPANSION} nodes; refusing to load this file`,
          ),
        };
      }
      addSize(size);
      continue;
    }
    addSize(1);
    const anchor = ev.anchorStart >= 0 ? text.slice(ev.anchorStart, ev.anchorEnd) : undefined;
    if (ev.type === EVENT_SCALAR) {
      if (anchor !== undefined) anchorSizes.set(anchor, 1);
      continue;
    }
    if (stack.length >= MAX_DEPTH) {
      return {
        values,
        keys,
        documents,
        error: at(start, "depth", `nesting is deeper than ${MAX_DEPTH} levels`),
      };
    }
    stack.push({
      kind: ev.type === EVENT_MAPPING ? "map" : "seq",
      pointer,
      index: 0,
      pendingKey: undefined,
      anchor,
      size: 0,
    });
  }
  return { values, keys, documents };
}

/** The last `[` or `{` still open before `offset`, outside quotes and comments, if any. */
function unclosedFlow(text: string, offset: number): number | undefined {
  const open: number[] = [];
  let quote: string | undefined;
  for (let i = 0; i < offset && i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = undefined;
      continue;
    }
    if (c === "#" && (i === 0 || /\s/.test(text[i - 1] ?? ""))) {
      while (i < text.length && text[i] !== "\n") i++;
    } else if ((c === '"' || c === "'") && open.length > 0) quote = c;
    else if (c === "[" || c === "{") open.push(i);
    else if (c === "]" || c === "}") open.pop();
  }
  return open.at(-1);
}

/** js-yaml's error, said so that a person can fix it, at the place to fix. */
function explainYamlError(file: string, text: string, err: YAMLException): Diagnostic {
  const positions = new SourceMap(text, new Map(), new Map());
  const offset = err.mark?.position ?? 0;
  const here = positions.lineColumn(offset);
  if (err.reason.includes("maxDepth")) {
    return diagnostic(
      file,
      here.line,
      here.column,
      "",
      "depth",
      `nesting is deeper than ${MAX_DEPTH} levels`,
    );
  }
  if (err.reason.includes("duplicated mapping key")) {
    const key = /^\s*(?:-\s+)?["']?([^"':]+)/.exec(text.slice(offset, text.indexOf("\n", offset) >>> 0))?.[1];
    const named = key ? ` "${key.trim()}"` : "";
    return diagnostic(
      file,
      here.line,
      here.column,
      "",
      "duplicate-key",
      `duplicated key${named}: each key may appear once in a mapping`,
    );
  }
  const opener = unclosedFlow(text, offset);
  if (opener !== undefined) {
    const at = positions.lineColumn(opener);
    const close = text[opener] === "[" ? "]" : "}";
    return diagnostic(
      file,
      at.line,
      at.column,
      "",
      "yaml",
      `invalid YAML: this ${text[opener]} is never closed; add the ${close} (${err.reason} at line ${here.line})`,
    );
  }
  return diagnostic(file, here.line, here.column, "", "yaml", `invalid YAML: ${err.reason}`);
}

/** Decodes and parses one file's bytes. Errors carry file, line and column. */
export function parseYaml(file: string, bytes: Uint8Array): ParsedYaml {
  if (bytes.length > MAX_FILE_BYTES) {
    return {
      ok: false,
      errors: [diagnostic(file, 1, 1, "", "file-size", `file is ${bytes.length} bytes; the limit is 1 MiB`)],
    };
  }
  const bad = firstInvalidUtf8(bytes);
  if (bad >= 0) {
    const { line, column } = lineColumnOfByte(bytes, bad);
    return {
      ok: false,
      errors: [diagnostic(file, line, column, "", "encoding", "file is not valid UTF-8 text")],
    };
  }
  let text = new TextDecoder("utf-8").decode(bytes);
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.split(/\r\n|\r|\n/).every((line) => line.trim() === "" || line.trimStart().startsWith("#"))) {
    return {
      ok: false,
      errors: [
        diagnostic(file, 1, 1, "", "empty", "file is empty: expected a mapping with userPoolId and clients"),
      ],
    };
  }
  try {
    const events = parseEvents(text, { filename: file, maxDepth: PARSER_MAX_DEPTH });
    const index = indexEvents(file, events, text);
    if (index.error) return { ok: false, errors: [index.error] };
    const positions = new SourceMap(text, index.values, index.keys);
    if (index.documents.length > 1) {
      const second = index.documents[1] ?? 0;
      const marker = text.lastIndexOf("---", second);
      const { line, column } = positions.lineColumn(marker >= 0 ? marker : second);
      return {
        ok: false,
        errors: [
          diagnostic(
            file,
            line,
            column,
            "",
            "multiple-documents",
            "file holds more than one YAML document; put one pool's spec in each file",
          ),
        ],
      };
    }
    const docs = constructFromEvents(events, { source: text, filename: file, schema: CORE_SCHEMA });
    return { ok: true, value: docs[0] ?? null, text, positions };
  } catch (err) {
    if (err instanceof YAMLException) return { ok: false, errors: [explainYamlError(file, text, err)] };
    throw err;
  }
}

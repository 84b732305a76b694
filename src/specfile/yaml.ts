/**
 * Parses one YAML file into a value plus the source offset of every key and value, so that
 * every later error can point at FILE:LINE:COLUMN. Pure: bytes in, data out.
 */
import { CORE_SCHEMA, constructFromEvents, mergeTag, parseEvents, YAMLException } from "js-yaml";
import { type Diagnostic, diagnostic } from "./diagnostics.js";
import { SourceMap } from "./source-map.js";
import { firstInvalidUtf8, lineColumnOfByte } from "./utf8.js";
import { explainYamlError } from "./yaml-errors.js";
import { indexEvents } from "./yaml-events.js";

export const MAX_FILE_BYTES = 1024 * 1024;

/** The error for a file over MAX_FILE_BYTES (read or not). */
export function tooLarge(file: string, size: number): Diagnostic {
  return diagnostic(file, 1, 1, "", "file-size", `file is ${size} bytes; the limit is 1 MiB`);
}
/** YAML 1.2's core schema, with merge keys (`<<: *base`) so clients can share settings. */
const SPEC_SCHEMA = CORE_SCHEMA.withTags(mergeTag);
/** js-yaml's own guard, above ours so that ours reports the place. */
const PARSER_MAX_DEPTH = 256;

export type ParsedYaml =
  | {
      ok: true;
      value: unknown;
      positions: SourceMap;
      /** Plain scalars that may have loaded as numbers in another spelling than plain decimal. */
      numberSpellings: Map<string, string>;
    }
  | { ok: false; errors: Diagnostic[] };

/** Decodes and parses one file's bytes. Errors carry file, line and column. */
export function parseYaml(file: string, bytes: Uint8Array): ParsedYaml {
  if (bytes.length > MAX_FILE_BYTES) {
    return { ok: false, errors: [tooLarge(file, bytes.length)] };
  }
  const bad = firstInvalidUtf8(bytes);
  if (bad >= 0) {
    const { line, column } = lineColumnOfByte(bytes, bad);
    return {
      ok: false,
      errors: [diagnostic(file, line, column, "", "encoding", "file is not valid UTF-8 text")],
    };
  }
  // TextDecoder drops a leading byte order mark.
  const text = new TextDecoder("utf-8").decode(bytes);
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
    const docs = constructFromEvents(events, { source: text, filename: file, schema: SPEC_SCHEMA });
    return { ok: true, value: docs[0] ?? null, positions, numberSpellings: index.numberSpellings };
  } catch (err) {
    if (err instanceof YAMLException) return { ok: false, errors: [explainYamlError(file, text, err)] };
    throw err;
  }
}

/** js-yaml's errors, said so that a person can fix them, at the place to fix. */
import type { YAMLException } from "js-yaml";
import { type Diagnostic, diagnostic } from "./diagnostics.js";
import { SourceMap } from "./source-map.js";

export const MAX_DEPTH = 64;

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
export function explainYamlError(file: string, text: string, err: YAMLException): Diagnostic {
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

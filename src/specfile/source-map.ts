/** Source positions of a parsed file: line and column of any offset, and of any JSON Pointer. */
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

/**
 * One pass over js-yaml's parse events: the source offset of every key and value (by JSON
 * Pointer), where each document starts, and the guards against alias bombs and deep nesting.
 */
import {
  EVENT_ALIAS,
  EVENT_DOCUMENT,
  EVENT_MAPPING,
  EVENT_POP,
  EVENT_SCALAR,
  EVENT_SEQUENCE,
  type Event,
  getScalarValue,
  SCALAR_STYLE_DOUBLE_QUOTED,
  SCALAR_STYLE_PLAIN,
  SCALAR_STYLE_SINGLE_QUOTED,
} from "js-yaml";
import { type Diagnostic, diagnostic, pointerToken } from "./diagnostics.js";
import { SourceMap } from "./source-map.js";
import { MAX_DEPTH } from "./yaml-errors.js";

/** Nodes that aliases may add by expansion; far above any honest reuse, far below a "billion laughs". */
const MAX_ALIAS_EXPANSION = 10_000;

/** What a number may start with in YAML 1.2 (`1e3`, `0x5`, `+.5`, `.inf`); the loaded value decides. */
const MAYBE_NUMBER = /^[-+]?(?:[0-9.]|\.inf|\.nan)/i;
const PLAIN_INTEGER = /^-?[0-9]+$/;

export type EventIndex = {
  values: Map<string, number>;
  keys: Map<string, number>;
  /** Where each document starts. */
  documents: number[];
  /** Plain scalars that may read as numbers without being plain decimal integers (`1e3`, `0x5`). */
  numberSpellings: Map<string, string>;
  error?: Diagnostic;
};

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
  /** Nodes below this one, aliases counted as expanded. */
  size: number;
  /** Where this node's own pointer sits in `order`. */
  from: number;
};

/** An anchored node: its pointer, and the range of `order` its subtree took. */
type Anchored = { pointer: string; from: number; to: number };

class Indexer {
  readonly values = new Map<string, number>();
  readonly keys = new Map<string, number>();
  readonly documents: number[] = [];
  readonly numberSpellings = new Map<string, string>();
  private readonly anchorSizes = new Map<string, number>();
  /** Value pointers in document order, so an anchored subtree is a range of it. */
  private readonly order: string[] = [];
  private readonly anchored = new Map<string, Anchored>();
  /** Mappings with merge keys (`<<: *base`): the anchors they merge, in priority order. */
  private readonly merges = new Map<string, string[]>();
  private readonly stack: Frame[] = [];
  private expansion = 0;
  private docStartPending = false;
  private lastStart = 0;

  constructor(
    private readonly file: string,
    private readonly text: string,
  ) {}

  run(events: readonly Event[]): EventIndex {
    for (const ev of events) {
      const error = this.step(ev);
      if (error) return { ...this.index(), error };
    }
    return this.index();
  }

  private index(): EventIndex {
    const { values, keys, documents, numberSpellings } = this;
    return { values, keys, documents, numberSpellings };
  }

  private at(offset: number, rule: string, message: string): Diagnostic {
    const { line, column } = new SourceMap(this.text, this.values, this.keys).lineColumn(offset);
    return diagnostic(this.file, line, column, "", rule, message);
  }

  /** The pointer for the node that comes next, or undefined when it is a mapping key. */
  private nextPointer(): string | undefined {
    const top = this.stack[this.stack.length - 1];
    if (!top) return "";
    if (top.kind === "seq") return `${top.pointer}/${top.index++}`;
    if (top.pendingKey === undefined) return undefined;
    const p = top.pendingKey;
    top.pendingKey = undefined;
    return p;
  }

  private addSize(n: number): void {
    for (const f of this.stack) f.size += n;
  }

  private step(ev: Event): Diagnostic | undefined {
    if (ev.type === EVENT_DOCUMENT) {
      this.docStartPending = true;
      return undefined;
    }
    if (ev.type === EVENT_POP) {
      const frame = this.stack.pop();
      if (frame?.anchor !== undefined) {
        this.anchorSizes.set(frame.anchor, frame.size);
        this.anchored.set(frame.anchor, { pointer: frame.pointer, from: frame.from, to: this.order.length });
      }
      if (frame) this.placeMerged(frame.pointer);
      return undefined;
    }
    const pointer = this.nextPointer();
    const raw = nodeStart(ev);
    // An empty value (`key:` with nothing after it) has no offset of its own: use its key's.
    const start =
      raw >= 0 ? raw : ((pointer !== undefined ? this.keys.get(pointer) : undefined) ?? this.lastStart);
    this.lastStart = start;
    if (this.docStartPending) {
      this.documents.push(start);
      this.docStartPending = false;
    }
    if (this.documents.length > 1) return undefined;
    if (pointer === undefined) return this.key(ev, start);
    this.values.set(pointer, start);
    this.order.push(pointer);
    if (ev.type === EVENT_ALIAS) return this.alias(ev, pointer, start);
    return this.node(ev, pointer, start);
  }

  /** A mapping key: remember its text and offset; the value comes next. */
  private key(ev: Event, start: number): Diagnostic | undefined {
    if (ev.type !== EVENT_SCALAR) {
      const text = this.text;
      const indicator = /\?\s*$/.exec(text.slice(text.lastIndexOf("\n", start - 1) + 1, start));
      const keyStart = indicator ? start - indicator[0].length : start;
      return this.at(
        keyStart,
        "yaml",
        "invalid YAML: a key must be plain text, not a list, mapping or alias",
      );
    }
    const top = this.stack[this.stack.length - 1];
    if (top) {
      const keyPointer = `${top.pointer}/${pointerToken(getScalarValue(this.text, ev))}`;
      this.keys.set(keyPointer, start);
      top.pendingKey = keyPointer;
    }
    return undefined;
  }

  private alias(
    ev: Event & { type: typeof EVENT_ALIAS },
    pointer: string,
    start: number,
  ): Diagnostic | undefined {
    const name = this.text.slice(ev.anchorStart, ev.anchorEnd);
    // `<<: *base` or `<<: [*a, *b]`: the mapping holding the `<<` key merges the anchored one.
    const merge = /^(.*)\/<<(?:\/\d+)?$/.exec(pointer);
    if (merge) this.merges.set(merge[1] ?? "", [...(this.merges.get(merge[1] ?? "") ?? []), name]);
    const size = this.anchorSizes.get(name) ?? 1;
    this.expansion += size;
    if (this.expansion > MAX_ALIAS_EXPANSION) {
      const message = `aliases expand to more than ${MAX_ALIAS_EXPANSION} nodes; refusing to load this file`;
      return this.at(start, "alias-expansion", message);
    }
    this.addSize(size);
    return undefined;
  }

  private node(ev: Event, pointer: string, start: number): Diagnostic | undefined {
    if (ev.type !== EVENT_SCALAR && ev.type !== EVENT_MAPPING && ev.type !== EVENT_SEQUENCE) return undefined;
    this.addSize(1);
    const anchor = ev.anchorStart >= 0 ? this.text.slice(ev.anchorStart, ev.anchorEnd) : undefined;
    if (ev.type === EVENT_SCALAR) {
      if (ev.style === SCALAR_STYLE_PLAIN) {
        const raw = getScalarValue(this.text, ev);
        if (MAYBE_NUMBER.test(raw) && !PLAIN_INTEGER.test(raw)) this.numberSpellings.set(pointer, raw);
      }
      if (anchor !== undefined) {
        this.anchorSizes.set(anchor, 1);
        this.anchored.set(anchor, { pointer, from: this.order.length - 1, to: this.order.length });
      }
      return undefined;
    }
    if (this.stack.length >= MAX_DEPTH)
      return this.at(start, "depth", `nesting is deeper than ${MAX_DEPTH} levels`);
    this.stack.push({
      kind: ev.type === EVENT_MAPPING ? "map" : "seq",
      pointer,
      index: 0,
      pendingKey: undefined,
      anchor,
      size: 0,
      from: this.order.length - 1,
    });
    return undefined;
  }

  /**
   * A mapping that merges others (`<<: *base`) holds their keys too: errors in a merged value point
   * at the anchored source. Keys written in the mapping itself, or merged earlier, win.
   */
  private placeMerged(pointer: string): void {
    const names = this.merges.get(pointer);
    if (!names) return;
    for (const name of names) {
      const source = this.anchored.get(name);
      if (!source) continue;
      for (let i = source.from + 1; i < source.to; i++) {
        const from = this.order[i] ?? "";
        const to = `${pointer}${from.slice(source.pointer.length)}`;
        const value = this.values.get(from);
        const key = this.keys.get(from);
        if (value !== undefined && !this.values.has(to)) this.values.set(to, value);
        if (key !== undefined && !this.keys.has(to)) this.keys.set(to, key);
      }
    }
  }
}

/** Walks the events once: positions of every node, and the alias-expansion and depth guards. */
export function indexEvents(file: string, events: readonly Event[], text: string): EventIndex {
  return new Indexer(file, text).run(events);
}

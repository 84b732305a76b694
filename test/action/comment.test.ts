/** The pure parts of the sticky comment: marker, cut, and the create / update / skip decision. */
import { describe, expect, it } from "vitest";
import {
  COMMENT_LIMIT,
  commentBody,
  decideComment,
  fitMarkdown,
  hiddenMarker,
} from "../../src/action/comment.js";

describe("hiddenMarker", () => {
  it("names the command and the paths, and cannot close the HTML comment early", () => {
    expect(hiddenMarker("plan", ["cognito"])).toBe("<!-- cognito-gitops:plan:cognito -->");
    expect(hiddenMarker("drift", ["a", "b/c"])).toBe("<!-- cognito-gitops:drift:a b/c -->");
    expect(hiddenMarker("plan", ["x-->y"])).not.toMatch(/--.*-->.*-->/);
  });
});

describe("fitMarkdown", () => {
  const section = (i: number) =>
    `<details><summary>${i}</summary>\n\n\`\`\`diff\n${"+ line\n".repeat(50)}\`\`\`\n</details>\n`;
  const long = Array.from({ length: 200 }, (_, i) => section(i)).join("\n");

  it("leaves text that fits alone", () => {
    expect(fitMarkdown("short\n", 100, "cut")).toBe("short\n");
  });

  it("cuts at a line end under the limit, closes the open fence and <details>, and ends with the note", () => {
    const out = fitMarkdown(long, 10_000, "See the job summary.");
    expect(out.length).toBeLessThanOrEqual(10_000);
    expect(out.length).toBeGreaterThan(9_000);
    expect(out.endsWith("\n> ✂️ See the job summary.\n")).toBe(true);
    expect(long.startsWith(out.slice(0, out.indexOf("```\n</details>\n\n> ✂️")))).toBe(true);
    expect((out.match(/```/g) ?? []).length % 2).toBe(0);
    expect((out.match(/<details>/g) ?? []).length).toBe((out.match(/<\/details>/g) ?? []).length);
  });

  it("measures in bytes when asked", () => {
    const text = "é\n".repeat(10_000);
    const out = fitMarkdown(text, 5_000, "cut", (s) => Buffer.byteLength(s));
    expect(Buffer.byteLength(out)).toBeLessThanOrEqual(5_000);
    expect(Buffer.byteLength(out)).toBeGreaterThan(4_900);
  });

  it("gives just the note when not even one line fits", () => {
    expect(fitMarkdown("x".repeat(500), 100, "cut")).toBe("\n> ✂️ cut\n");
  });
});

describe("commentBody", () => {
  it("puts the marker first and stays under GitHub's limit", () => {
    const body = commentBody(
      "<!-- m -->",
      `${"| row |\n".repeat(20_000)}`,
      "The whole report is in the job summary.",
    );
    expect(body.startsWith("<!-- m -->\n| row |")).toBe(true);
    expect(body.length).toBeLessThan(COMMENT_LIMIT);
    expect(body).toContain("The whole report is in the job summary.");
  });
});

describe("decideComment", () => {
  const marker = "<!-- cognito-gitops:plan:cognito -->";
  const body = `${marker}\n### plan\n`;
  const mine = (id: number, b: string) => ({ id, body: b, mine: true });

  it("creates when none of our comments starts with the marker (a copy by someone else does not count)", () => {
    expect(decideComment([], marker, body)).toEqual({ action: "create", remove: [] });
    // A marker copied into someone else's comment is not ours.
    expect(decideComment([{ id: 7, body: `${marker}\nfake`, mine: false }], marker, body)).toEqual({
      action: "create",
      remove: [],
    });
    expect(decideComment([mine(8, `${marker}\nold`)], marker, body)).toEqual({
      action: "update",
      id: 8,
      remove: [],
    });
    expect(decideComment([mine(1, `> quoting ${marker}\n`)], marker, body)).toEqual({
      action: "create",
      remove: [],
    });
    expect(decideComment([mine(1, "<!-- cognito-gitops:plan:other -->\nx")], marker, body)).toEqual({
      action: "create",
      remove: [],
    });
  });

  it("skips an identical comment, even with CRLF line ends or another run's link", () => {
    expect(decideComment([mine(5, body)], marker, body)).toEqual({ action: "skip", id: 5, remove: [] });
    expect(decideComment([mine(5, body.replaceAll("\n", "\r\n"))], marker, body)).toEqual({
      action: "skip",
      id: 5,
      remove: [],
    });
    const link = (run: string) => `${body}[job summary](https://github.com/o/r/actions/runs/${run})\n`;
    expect(decideComment([mine(5, link("1"))], marker, link("2/attempts/2"))).toEqual({
      action: "skip",
      id: 5,
      remove: [],
    });
  });

  it("keeps the newest of our copies (two runs posted at once) and removes the others", () => {
    const existing = [
      { id: 1, body: "hello", mine: false },
      mine(3, `${marker}\nnewer copy`),
      mine(2, `${marker}\nolder copy`),
      { id: 4, body: `${marker}\nnot ours`, mine: false },
    ];
    expect(decideComment(existing, marker, body)).toEqual({ action: "update", id: 3, remove: [2] });
  });
});

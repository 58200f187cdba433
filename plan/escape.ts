/**
 * Names and values are printed, never interpreted: the one place that escapes them for where they
 * land, a terminal (or a text file, a log) or markdown (the pull-request comment, the job summary).
 *
 * Names come from the stack file and from AWS, and AWS accepts a lot in some of them: a group's
 * display name may hold newlines, `<`, `!` and `|`, so `Auditors\n\n<!--` opens an HTML comment in
 * markdown that hides everything after it, and a name with a terminal escape sequence or a bidi
 * override rewrites what a terminal shows. Every renderer puts names through these functions.
 */
import { visible } from "../config/printable";

export { visible };

/** Multi-line text (an error message) with each line made visible: its own line breaks kept. */
export function visibleLines(text: string): string {
    return text.split("\n").map(visible).join("\n");
}

/**
 * The characters that can open or close something in GitHub's markdown in the middle of a line:
 * backslash escapes, code spans, emphasis and strikethrough, links and images, HTML and autolinks,
 * entities, table cells, math. CommonMark lets any ASCII punctuation be backslash-escaped, and an
 * escaped one is only itself. (What starts a line, `#`, `-`, `>`, `1.`, cannot: escaped text is
 * one line and never starts one.)
 */
const MARKDOWN_SPECIAL = /[\\`*_[\]<>&|~$]/g;

/**
 * Text for markdown prose: made visible (one line), then every markdown special character
 * backslash-escaped, so no emphasis, link, image, HTML, entity, code span, table pipe or math can
 * start in it. For names, prefer mdCode: GitHub still turns `@team` into a mention and `:x:` into
 * an emoji in escaped prose, never inside code.
 */
export function mdText(text: string): string {
    return visible(text).replace(MARKDOWN_SPECIAL, (c) => `\\${c}`);
}

/**
 * A name or value as a markdown code span that shows it exactly (made visible first): nothing
 * inside a code span is rendered, not HTML, entities, emphasis, links, nor GitHub's mentions and
 * emoji. For a table cell, use mdCodeCell.
 */
export function mdCode(text: string): string {
    return codeSpan(visible(text));
}

/**
 * mdCode for a GFM table cell: a `|` splits a cell even inside a code span, unless escaped as
 * `\|`, which the table shows as `|` (GFM spec, tables, example 200).
 */
export function mdCodeCell(text: string): string {
    return codeSpan(visible(text).replace(/\|/g, "\\|"));
}

function codeSpan(content: string): string {
    if (content === "") return "` `";
    // The fence is one backtick longer than the longest run of them inside.
    const fence = "`".repeat(Math.max(0, ...(content.match(/`+/g) ?? []).map((run) => run.length)) + 1);
    // One space is stripped from each end when both ends are spaces and the content is not all
    // spaces: padding keeps a content that starts or ends with a backtick or a space as it is.
    const pad = /^[` ]|[` ]$/.test(content) && content.trim() !== "" ? " " : "";
    return `${fence}${pad}${content}${pad}${fence}`;
}

/**
 * Lines in a fenced code block: made visible, in a fence longer than any run of backticks in them,
 * so no line can close it.
 */
export function mdFence(lines: readonly string[]): string[] {
    const shown = lines.map(visible);
    const longest = Math.max(2, ...shown.flatMap((l) => (l.match(/`+/g) ?? []).map((run) => run.length)));
    const fence = "`".repeat(longest + 1);
    return [fence, ...shown, fence];
}

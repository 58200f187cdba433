/**
 * Sentences that name things: the program's own words kept apart from the names in them (keys,
 * display names, e-mail addresses, reasons: anything from the stack file or AWS), so that each
 * renderer can put a name where nothing in it is interpreted.
 *
 * In markdown that place is a code span. Backslash escapes are not enough for a name in prose:
 * GitHub turns `@team` into a mention and `http://x`, `www.x.y` and `a@b.c` into links on the
 * rendered text, after escapes are gone (and markdown-it's linkify does the same); in a code span
 * neither happens.
 */
import { mdCode, mdCodeCell, mdText, visible } from "./escape";

/** A name in a sentence: shown exactly, never interpreted. */
export interface Name {
    readonly name: string;
}

/** A sentence: the program's words (strings) and the names in it. */
export type Prose = readonly (string | Name)[];

/**
 * A sentence from a template: each interpolated string is a name; a number, or a Prose, is words.
 * @example prose`groups.${name}.access has all` (`name` a name)
 */
export function prose(words: TemplateStringsArray, ...values: readonly (string | number | Prose)[]): Prose {
    const parts: (string | Name)[] = [words[0]];
    values.forEach((v, i) => {
        if (typeof v === "string") parts.push({ name: v });
        else if (typeof v === "number") parts.push(String(v));
        else parts.push(...v);
        parts.push(words[i + 1]);
    });
    return parts.filter((p) => p !== "");
}

/** Names as one sentence part: `a, b, c` (each a name), or `none` (words) for an empty list. */
export function names(list: readonly string[], none: string, separator = ", "): Prose {
    if (!list.length) return [none];
    return list.flatMap((n, i): (string | Name)[] => (i ? [separator, { name: n }] : [{ name: n }]));
}

/** A sentence as plain text, names as written: not escaped (through visible() to print). */
export function proseText(p: Prose): string {
    return p.map((x) => (typeof x === "string" ? x : x.name)).join("");
}

/** A sentence as one line of text for a terminal: made visible. */
export function proseLine(p: Prose): string {
    return visible(proseText(p));
}

/**
 * A sentence as markdown prose: the words escaped (mdText), each name a code span (mdCode, or
 * mdCodeCell in a table cell). Names next to each other are one code span: two spans side by side
 * would run together (`` `a``b` `` is one span).
 */
export function proseMarkdown(p: Prose, where: "prose" | "cell" = "prose"): string {
    const code = where === "cell" ? mdCodeCell : mdCode;
    const merged: (string | Name)[] = [];
    for (const x of p) {
        const last = merged[merged.length - 1];
        if (typeof x !== "string" && last !== undefined && typeof last !== "string") merged[merged.length - 1] = { name: last.name + x.name };
        else merged.push(x);
    }
    return merged.map((x) => (typeof x === "string" ? mdText(x) : code(x.name))).join("");
}

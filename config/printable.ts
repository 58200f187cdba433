/**
 * Printable text, for messages that name what a config holds: pure, so that config/ and the
 * renderers (plan/escape.ts) share it. A key or value may hold anything the YAML allows.
 */

/**
 * What a terminal or a reader cannot see as written: control characters (C0, DEL, C1), format
 * characters (bidi overrides and isolates, zero-width space and joiners, the byte order mark, soft
 * hyphen), other default-ignorable code points (fillers, variation selectors, tags), line and
 * paragraph separators, lone surrogates, and spaces other than the ASCII space.
 */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}\p{Default_Ignorable_Code_Point}]|(?! )\p{Zs}/gu;

const NAMED: Readonly<Record<string, string>> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };

/**
 * `text` with every invisible character (see INVISIBLE) replaced by a visible escape: `\n`, `\r`,
 * `\t`, or `\u{XXXX}` with its code point (`jane.doe\u{200B}`, `\u{1B}[2J`). Everything else is
 * left as written, so a name reads as itself; the result holds no control character, so it is one
 * line and safe in a terminal. Idempotent.
 */
export function visible(text: string): string {
    return text.replace(INVISIBLE, (c) => NAMED[c] ?? `\\u{${c.codePointAt(0)!.toString(16).toUpperCase()}}`);
}

/** The longest line a message keeps whole; a longer one loses its middle. */
export const MESSAGE_LINE_MAX = 1000;

/**
 * One line of a message (a config problem or warning) as it may be printed: invisible characters
 * escaped (see visible), so a key's newline or terminal escape cannot break or rewrite the line,
 * and a line over MESSAGE_LINE_MAX characters keeps its start (the path) and its end (what is
 * wrong and the fix), with the number of characters left out between them.
 */
export function messageLine(text: string): string {
    const line = visible(text);
    if (line.length <= MESSAGE_LINE_MAX) return line;
    const chars = Array.from(line);
    if (chars.length <= MESSAGE_LINE_MAX) return line;
    const keep = MESSAGE_LINE_MAX / 2 - 20;
    return `${chars.slice(0, keep).join("")}...(${(chars.length - 2 * keep).toLocaleString("en-US")} characters left out)...${chars.slice(-keep).join("")}`;
}

/**
 * aws-nuke filters as `sandbox.nuke.keep` takes them, checked the way aws-nuke v3 would read them,
 * so a filter aws-nuke cannot evaluate is refused offline instead of aborting a run: libnuke v1.3.0
 * pkg/filter/filter.go Match returns an error for an unknown `type`, a pattern `regexp.Compile`
 * (Go RE2) refuses, or a malformed glob (github.com/mb0/glob ErrBadPattern), and that error stops
 * the scan (pkg/nuke/nuke.go filterWithoutGroups).
 */

/** The filter types `sandbox.nuke.keep` accepts (libnuke knows a few more: dates, prefix, In...). */
export const NUKE_FILTER_TYPES = ["exact", "glob", "regex", "contains"] as const;
export type NukeFilterType = (typeof NUKE_FILTER_TYPES)[number];

/** Go's inline flags (`(?i)`, `(?s)`, `(?m)`, `(?U)`); RE2 takes them anywhere, JavaScript nowhere. */
const GO_FLAGS = /\(\?([imsU]+)\)/g;

/**
 * Why Go's RE2 would refuse a pattern, or undefined. RE2 has no lookaround and no backreferences,
 * which JavaScript accepts; everything else is checked by compiling it as JavaScript after turning
 * Go-only syntax (inline flags, `(?P<name>`, `\A`, `\z`, `\Q...\E`) into its JavaScript equivalent.
 */
export function re2Problem(pattern: string): string | undefined {
    if (/\(\?<?[=!]/.test(pattern)) return "uses a lookahead or lookbehind, which Go's RE2 (aws-nuke's regex) does not support";
    if (/(^|[^\\])(\\\\)*\\([1-9]|k<)/.test(pattern)) return "uses a backreference, which Go's RE2 (aws-nuke's regex) does not support";
    try {
        goRegExp(pattern);
        return undefined;
    } catch (err) {
        return `is not a valid regular expression (${(err as Error).message.replace(/^Invalid regular expression: /, "")})`;
    }
}

/**
 * A Go RE2 pattern as a JavaScript RegExp with the same meaning, for patterns re2Problem accepts:
 * Go-only syntax (inline flags, `(?P<name>`, `\A`, `\z`, `\Q...\E`) turned into JavaScript's.
 * @throws SyntaxError when JavaScript cannot compile the result.
 */
export function goRegExp(pattern: string): RegExp {
    let flags = "";
    const js = pattern
        .replace(/\\Q([\s\S]*?)(\\E|$)/g, (_, text: string) => text.replace(/[\\^$.|?*+()[\]{}]/g, "\\$&"))
        .replace(GO_FLAGS, (_, f: string) => ((flags += f.replace(/U/g, "")), ""))
        .replace(/\(\?P</g, "(?<")
        .replace(/\\A/g, "^")
        .replace(/\\z/g, "$");
    return new RegExp(js, [...new Set(flags)].join(""));
}

/**
 * Why github.com/mb0/glob (aws-nuke's glob) would refuse a pattern, or undefined: an unclosed or
 * empty `[...]` class, or a trailing `\`.
 */
export function globProblem(pattern: string): string | undefined {
    for (let i = 0; i < pattern.length; i++) {
        const c = pattern[i];
        if (c === "\\") {
            if (i + 1 >= pattern.length) return "ends with a lone \\, which aws-nuke's glob refuses";
            i++;
        } else if (c === "[") {
            let j = i + 1;
            if (pattern[j] === "^") j++;
            const start = j;
            while (j < pattern.length && pattern[j] !== "]") j += pattern[j] === "\\" ? 2 : 1;
            if (j >= pattern.length) return "has a [ without its ], which aws-nuke's glob refuses";
            if (j === start) return "has an empty [] class, which aws-nuke's glob refuses";
            i = j;
        }
    }
    return undefined;
}

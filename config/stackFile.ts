/**
 * Reading a Pulumi.<stack>.yaml the way the Pulumi CLI hands it to a program: keys namespaced
 * (`aws:region`; a bare key belongs to the project), scalars as strings, structured values as
 * JSON. Secrets (`secure:` values) cannot be decrypted here and stay opaque.
 */
import { readFileSync } from "fs";
// js-yaml, not the `yaml` package used elsewhere: reading a stack file is on the offline plan's hot
// path, and js-yaml (also what the Pulumi SDK uses) parses a large stack file several times faster.
import { CORE_SCHEMA, load } from "js-yaml";
import { NAMESPACE } from "./load";

/** Stands in for a `secure:` value, which only the Pulumi CLI can decrypt. */
export const OPAQUE_SECRET = "[secret]";

export interface StackValues {
    /** `namespace:key` → value, as `pulumi.runtime.allConfig()` returns it. */
    readonly config: Record<string, string>;
    /** Keys whose values are (or contain) secrets. */
    readonly secretKeys: string[];
}

/**
 * How far a stack file may grow through YAML aliases: its values, written out, at most this many
 * times the file's own length (plus {@link EXPANSION_ALLOWANCE}). An alias that shares a tag map
 * among accounts stays far below it; an alias bomb (a few hundred bytes whose aliases of aliases
 * expand to gigabytes) is refused before anything expands it.
 */
export const MAX_EXPANSION_RATIO = 10;
/** Characters any stack file may expand to through aliases, however short the file. */
export const EXPANSION_ALLOWANCE = 1_000_000;
/** How deeply a stack file's values may nest (the config's deepest, an inline policy, needs about 8; js-yaml stops at 100). */
export const MAX_DEPTH = 64;

/** A Pulumi stack name as the CLI takes it: letters, digits, `_`, `.` and `-`. */
const STACK_NAME = /^[\w.-]+$/;

/** Why `name` is no stack name, or undefined when it is one (every CLI checks a --stack with this). */
export function stackNameProblem(name: string): string | undefined {
    return STACK_NAME.test(name) ? undefined : `${JSON.stringify(name)} is not a stack name (letters, digits, _, . and -)`;
}

/** Parse a stack file's text. @throws Error naming the file when it is not a stack file. */
export function parseStackFile(text: string, file = "stack file"): StackValues {
    let doc: unknown;
    try {
        // YAML 1.2 core schema: an unquoted 2026-11-21 stays a string, as the Pulumi CLI reads it.
        doc = load(text, { filename: file, schema: CORE_SCHEMA });
    } catch (err) {
        const slip = slippedLine(text, err);
        throw new Error(`${file}: not valid YAML: ${(err as Error).message}${slip ? `\n${slip}` : ""}`, { cause: err });
    }
    checkExpansion(doc, text.length, file);
    const merge = mergeKeyPath(doc);
    if (merge !== undefined) {
        throw new Error(
            `${file}: ${merge}: "<<" is a YAML merge key, which this program's reader does not expand (the YAML 1.2 core schema has none): ` +
                "write the keys it would merge in place (an alias of a whole value, key: *name, works)",
        );
    }
    if (doc === null || doc === undefined) return { config: {}, secretKeys: [] };
    if (typeof doc !== "object" || Array.isArray(doc)) throw new Error(`${file}: expected a map with a config: section`);
    const section = (doc as Record<string, unknown>).config ?? {};
    if (typeof section !== "object" || section === null || Array.isArray(section)) {
        throw new Error(`${file}: config: must be a map of keys to values`);
    }
    const config: Record<string, string> = {};
    const secretKeys: string[] = [];
    for (const [rawKey, rawValue] of Object.entries(section)) {
        const key = rawKey.includes(":") ? rawKey : `${NAMESPACE}:${rawKey}`;
        let secret = false;
        const value = opaque(rawValue, () => (secret = true));
        if (secret) secretKeys.push(key);
        config[key] = typeof value === "string" ? value : typeof value === "object" && value !== null ? JSON.stringify(value) : String(value);
    }
    return { config, secretKeys };
}

export function readStackFile(path: string): StackValues {
    return parseStackFile(readFileSync(path, "utf8"), path);
}

/**
 * js-yaml resolves an alias to the very object its anchor made, so parsing costs nothing; writing
 * the values out (as the Pulumi CLI hands them to the program) repeats each alias's whole value.
 * Measured here on the shared objects, each once, before anything writes them out: time linear in
 * the file, whatever it would expand to. A cycle (`a: &a [*a]`) is refused too.
 */
function checkExpansion(doc: unknown, length: number, file: string): void {
    const budget = MAX_EXPANSION_RATIO * length + EXPANSION_ALLOWANCE;
    const sizes = new Map<object, number>();
    const open = new Set<object>();
    let aliases = 0;
    const tooLarge = () =>
        new Error(
            `${file}: its YAML aliases (*name) expand to more than ${budget.toLocaleString("en-US")} characters, ` +
                `${MAX_EXPANSION_RATIO} times the file's ${length.toLocaleString("en-US")} plus ${EXPANSION_ALLOWANCE.toLocaleString("en-US")} ` +
                `(${aliases.toLocaleString("en-US")} aliases resolved before giving up): an alias may share a value, not multiply it; write the values out`,
        );
    const size = (value: unknown, depth: number): number => {
        if (typeof value === "string") return value.length + 2;
        if (typeof value !== "object" || value === null) return 8;
        const known = sizes.get(value);
        if (known !== undefined) {
            aliases++;
            return known;
        }
        if (open.has(value)) throw new Error(`${file}: a YAML alias (*name) refers to a value that contains it: the value would be infinite`);
        if (depth > MAX_DEPTH) throw new Error(`${file}: values nest deeper than ${MAX_DEPTH} levels`);
        open.add(value);
        let total = 2;
        for (const [key, item] of Object.entries(value)) {
            total += key.length + 4 + size(item, depth + 1);
            if (total > budget) throw tooLarge();
        }
        open.delete(value);
        sizes.set(value, total);
        return total;
    };
    size(doc, 0);
}

/**
 * Where the first YAML merge key (`<<`) is, as a path (`config.landing-zone:accounts.dev`), or
 * undefined. Each shared value is looked at once (checkExpansion has bounded the depth and refused
 * cycles), so the cost is linear in the file.
 */
function mergeKeyPath(doc: unknown): string | undefined {
    const seen = new Set<object>();
    const find = (value: unknown, path: string): string | undefined => {
        if (typeof value !== "object" || value === null || seen.has(value)) return undefined;
        seen.add(value);
        for (const [key, item] of Object.entries(value)) {
            const at = Array.isArray(value) ? `${path}[${key}]` : path ? `${path}.${key}` : key;
            if (key === "<<" && !Array.isArray(value)) return path || "the top level";
            const found = find(item, at);
            if (found !== undefined) return found;
        }
        return undefined;
    };
    return find(doc, "");
}

function opaque(value: unknown, sawSecret: () => void): unknown {
    if (Array.isArray(value)) return value.map((v) => opaque(v, sawSecret));
    if (typeof value === "object" && value !== null) {
        const entries = Object.entries(value);
        if (entries.length === 1 && entries[0][0] === "secure") {
            sawSecret();
            return OPAQUE_SECRET;
        }
        return Object.fromEntries(entries.map(([k, v]) => [k, opaque(v, sawSecret)]));
    }
    return value;
}

/**
 * Where an indentation error most likely is, when it is not where the parser stopped: js-yaml
 * reports "bad indentation of a mapping entry" at the line after a key that lost its colon
 * (`givenName Jane`), which it read as a plain value. Undefined when the parser's line is the one.
 */
export function slippedLine(text: string, err: unknown): string | undefined {
    const mark = (err as { mark?: { line?: number } }).mark;
    const reason = (err as { reason?: string }).reason ?? "";
    if (typeof mark?.line !== "number" || !/bad indentation|end of the stream or a document separator/.test(reason)) return undefined;
    const lines = text.split(/\r?\n/);
    // The nearest line above with content: not blank, not only a comment.
    let above = mark.line - 1;
    while (above >= 0 && /^\s*(#.*)?$/.test(lines[above])) above--;
    if (above < 0) return undefined;
    const line = lines[above];
    const content = line.trim();
    // A key without its colon: a word, a space, more words, and no `key:` anywhere.
    if (!/^- /.test(content) && !/^[[{"']/.test(content) && !/:(\s|$)/.test(content) && /^[^\s#]+\s+\S/.test(content)) {
        return `  line ${above + 1} looks like where it slipped: ${JSON.stringify(content.slice(0, 60))} has no colon after its key (write \`key: value\`)`;
    }
    return undefined;
}

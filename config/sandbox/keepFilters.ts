/**
 * `sandbox.nuke.keep` checked against what aws-nuke prints, offline: a filter aws-nuke would accept
 * but that keeps nothing (a bucket's plain name against `s3://NAME`, a property the type does not
 * have) or everything of its type (`*`, `.*`, an `invert` of what never matches) is refused by path,
 * with the form that works. Pure code.
 *
 * What a filter matches, from the generated config/sandbox/awsNukeResources.ts (aws-nuke's own String() and
 * Properties()) and libnuke v1.3.0: a filter without `property` matches the display string and is
 * skipped for a type without String(); one with `property` matches that property, "" when the type
 * does not set it (pkg/queue/item.go GetProperty, pkg/types/properties.go Get); `invert` flips it;
 * exact/contains/glob (github.com/mb0/glob: `*` and `?` never match `/`, `**` does)/regex (Go RE2,
 * unanchored) as pkg/filter/filter.go Match.
 *
 * How it decides: a display string is a template (`s3://{Name}`); its variable parts are taken to be
 * any non-empty text when asking whether a filter CAN match (so a filter is only refused when no
 * resource could ever match it), and any non-empty text without `/` when asking whether it matches
 * EVERYTHING (so `*` counts as keeping every role, though not every S3 object key). Exact, contains
 * and glob are decided exactly on those languages (a product of two small automata); a regex is
 * decided where it can be: an anchored literal prefix or suffix that no display string has, a
 * pattern that matches the empty string without assertions (which Go's unanchored match finds in
 * every string), a literal (unanchored: contains; `^literal`: a prefix) decided like the others,
 * and otherwise a regex that matches every one of a set of varied sample display strings (built from
 * the template with SAMPLE_VALUES) is taken to keep everything, when its cost on them is bounded
 * (boundedRegExp). A property filter matching "" keeps every resource without that property (a tag
 * nobody set reads as "").
 */
import { AWS_NUKE_RESOURCES, AWS_NUKE_RESOURCES_SOURCE } from "./awsNukeResources";
import type { AwsNukeResourceShape } from "./awsNukeResources";
import { NUKE_FILTER_TYPES, globProblem, goRegExp, re2Problem } from "./nukeFilter";
import type { NukeFilterType } from "./nukeFilter";
import { closest } from "../suggest";

const SHOW_MAX = 80;
const show = (value: unknown): string => {
    const text = JSON.stringify(value) ?? String(value);
    return text.length > SHOW_MAX ? `${text.slice(0, SHOW_MAX - 3)}...` : text;
};
const VERSION = AWS_NUKE_RESOURCES_SOURCE.version;

/** A filter as the schema accepts it, normalised. */
interface Filter {
    readonly type: NukeFilterType;
    readonly value: string;
    readonly property?: string;
    readonly invert: boolean;
}

export interface KeepCheck {
    /** Refusals, each `sandbox.nuke.keep.TYPE[i]...: ...`. */
    readonly problems: string[];
    /** Kept, but probably not what was meant. */
    readonly warnings: string[];
}

/** A well-formed filter, or undefined for one the schema refuses (and reports) itself. */
function normalise(raw: unknown): Filter | undefined {
    if (typeof raw === "string") return raw === "" ? undefined : { type: "exact", value: raw, invert: false };
    if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return undefined;
    const f = raw as Record<string, unknown>;
    if (Object.keys(f).some((k) => !["type", "value", "property", "invert"].includes(k))) return undefined;
    // No type is exact, as in libnuke (pkg/filter/filter.go Match: `case Empty, Exact`).
    if (Object.hasOwn(f, "type") && !(NUKE_FILTER_TYPES as readonly unknown[]).includes(f.type)) return undefined;
    if (typeof f.value !== "string" || f.value === "") return undefined;
    if (Object.hasOwn(f, "property") && (typeof f.property !== "string" || !/^\S+$/.test(f.property))) return undefined;
    if (Object.hasOwn(f, "invert") && typeof f.invert !== "boolean") return undefined;
    const type = (Object.hasOwn(f, "type") ? f.type : "exact") as NukeFilterType;
    if ((type === "glob" && globProblem(f.value)) || (type === "regex" && re2Problem(f.value))) return undefined;
    return { type, value: f.value, ...(typeof f.property === "string" && { property: f.property }), invert: f.invert === true };
}

// --- Templates and automata ---------------------------------------------------------------------

/** A display template's parts: literal text, or a variable part (the property holding it, "" for none). */
type Part = { readonly text: string } | { readonly variable: string };

/** `s3://{Name}` → [{text: "s3://"}, {variable: "Name"}]; `{{` and `}}` are literal braces. */
export function templateParts(template: string): Part[] {
    const parts: Part[] = [];
    let text = "";
    for (let i = 0; i < template.length; i++) {
        const c = template[i];
        if ((c === "{" || c === "}") && template[i + 1] === c) {
            text += c;
            i++;
        } else if (c === "{") {
            const end = template.indexOf("}", i);
            if (text) parts.push({ text });
            text = "";
            parts.push({ variable: template.slice(i + 1, end) });
            i = end;
        } else text += c;
    }
    if (text) parts.push({ text });
    return parts;
}

/** How a template is written in messages: `s3://NAME` style, the property names in capitals. */
function describe(template: string): string {
    return templateParts(template)
        .map((p) => ("text" in p ? p.text : p.variable ? `<${p.variable}>` : "<...>"))
        .join("");
}

/** One step of a pattern: a character test, possibly looping. */
type Step = { readonly test: (c: string) => boolean; readonly loop: boolean; readonly chars: readonly string[] };

const literalStep = (c: string): Step => ({ test: (x) => x === c, loop: false, chars: [c] });
const NOT_SLASH: Step = { test: (x) => x !== "/", loop: false, chars: ["/"] };
const STAR: Step = { ...NOT_SLASH, loop: true };
const GLOBSTAR: Step = { test: () => true, loop: true, chars: [] };

/** mb0/glob's pattern as steps (ErrBadPattern was refused before: globProblem). */
function globSteps(pattern: string): Step[] {
    const steps: Step[] = [];
    for (let i = 0; i < pattern.length; i++) {
        const c = pattern[i];
        if (c === "*") {
            let stars = 1;
            while (pattern[i + 1] === "*") {
                stars++;
                i++;
            }
            steps.push(stars > 1 ? GLOBSTAR : STAR);
        } else if (c === "?") steps.push(NOT_SLASH);
        else if (c === "[") {
            let j = i + 1;
            const negated = pattern[j] === "^";
            if (negated) j++;
            const ranges: [string, string][] = [];
            while (j < pattern.length && (pattern[j] !== "]" || ranges.length === 0)) {
                let lo = pattern[j];
                if (lo === "\\") lo = pattern[++j];
                let hi = lo;
                j++;
                if (pattern[j] === "-") {
                    hi = pattern[++j];
                    if (hi === "\\") hi = pattern[++j];
                    j++;
                }
                ranges.push([lo, hi]);
            }
            i = j;
            const inClass = (x: string) => ranges.some(([lo, hi]) => lo <= x && x <= hi);
            steps.push({ test: (x) => inClass(x) !== negated, loop: false, chars: ranges.flat() });
        } else if (c === "\\") steps.push(literalStep(pattern[++i]));
        else steps.push(literalStep(c));
    }
    return steps;
}

/** The steps of an exact, contains or glob filter. */
function filterSteps(filter: Filter): Step[] {
    const literal = [...filter.value].map(literalStep);
    if (filter.type === "exact") return literal;
    if (filter.type === "contains") return [GLOBSTAR, ...literal, GLOBSTAR];
    return globSteps(filter.value);
}

/** The template as steps: literal characters, and each variable part one or more characters. */
function templateSteps(parts: readonly Part[], variable: Step): Step[] {
    return parts.flatMap((p) => ("text" in p ? [...p.text].map(literalStep) : [{ ...variable, loop: false }, { ...variable, loop: true }]));
}

/** States reachable from `states` by skipping looping steps (which may match nothing). */
function closure(steps: readonly Step[], states: Iterable<number>): Set<number> {
    const out = new Set<number>();
    for (let s of states) {
        out.add(s);
        while (s < steps.length && steps[s].loop) out.add(++s);
    }
    return out;
}

function advance(steps: readonly Step[], states: ReadonlySet<number>, c: string): Set<number> {
    const next: number[] = [];
    for (const s of states) {
        if (s >= steps.length || !steps[s].test(c)) continue;
        next.push(steps[s].loop ? s : s + 1);
    }
    return closure(steps, next);
}

/**
 * Characters that between them take every branch these steps can tell apart: each character a step
 * names and its neighbours (so every interval between class bounds has one), `/`, and two others.
 */
function alphabet(steps: Iterable<Step>): string[] {
    const chars = new Set<string>(["a", "/", "\u0001"]);
    for (const step of steps) {
        for (const c of step.chars) {
            const code = c.codePointAt(0)!;
            for (const d of [code - 1, code, code + 1]) if (d > 0 && d <= 0x10ffff) chars.add(String.fromCodePoint(d));
        }
    }
    return [...chars];
}

/** How many (template, pattern) state pairs one decision may visit before it gives up undecided. */
const STATE_BUDGET = 20_000;
/** Longer values are not analysed (aws-nuke takes them; nothing here refuses them). */
export const ANALYSED_LENGTH = 1_000;

/**
 * Whether some string of the template's language is matched by the pattern (`mode: "some"`), or
 * every one is (`mode: "every"`): a search over (template states, pattern states) pairs, the pattern
 * side determinised. Undefined when the search would visit more than STATE_BUDGET pairs.
 */
function decide(template: readonly Step[], pattern: readonly Step[], mode: "some" | "every"): boolean | undefined {
    const at = (steps: readonly Step[], states: ReadonlySet<number>) => [...states].filter((i) => i < steps.length).map((i) => steps[i]);
    const key = (t: ReadonlySet<number>, p: ReadonlySet<number>) => `${[...t].sort().join(",")}|${[...p].sort().join(",")}`;
    const start = { t: closure(template, [0]), p: closure(pattern, [0]) };
    const seen = new Set([key(start.t, start.p)]);
    const queue = [start];
    for (let next = 0; next < queue.length; next++) {
        const { t, p } = queue[next];
        const templateEnds = t.has(template.length);
        const patternEnds = p.has(pattern.length);
        if (mode === "some" && templateEnds && patternEnds) return true;
        if (mode === "every" && templateEnds && !patternEnds) return false;
        // Only the steps these states can take tell characters apart here.
        for (const c of alphabet([...at(template, t), ...at(pattern, p)])) {
            const nt = advance(template, t, c);
            if (nt.size === 0) continue;
            const np = advance(pattern, p, c);
            if (mode === "some" && np.size === 0) continue;
            const k = key(nt, np);
            if (seen.has(k)) continue;
            if (seen.size >= STATE_BUDGET) return undefined;
            seen.add(k);
            queue.push({ t: nt, p: np });
        }
    }
    return mode === "every";
}

/** A regex's assertions (`^ $ \A \z \b \B`) outside character classes. */
function hasAssertion(pattern: string): boolean {
    let inClass = false;
    for (let i = 0; i < pattern.length; i++) {
        const c = pattern[i];
        if (c === "\\") {
            if (!inClass && "AzbB".includes(pattern[i + 1] ?? "")) return true;
            i++;
        } else if (inClass) inClass = c !== "]";
        else if (c === "[") inClass = true;
        else if (c === "^" || c === "$") return true;
    }
    return false;
}

/** The literal text a regex anchored with `^` (or `\A`) must start with; "" when none or case-insensitive. */
function anchoredPrefix(pattern: string): string {
    const m = /^(?:\^|\\A)((?:[^\\^$.|?*+()[\]{}]|\\[^\w\s])*)([?*{]?)/.exec(pattern);
    if (!m) return "";
    const text = m[1].replace(/\\(.)/g, "$1");
    return m[2] ? text.slice(0, -1) : text;
}

/** Whether the character at `index` is escaped: an odd run of backslashes before it. */
function escaped(text: string, index: number): boolean {
    let n = 0;
    while (index - n - 1 >= 0 && text[index - n - 1] === "\\") n++;
    return n % 2 === 1;
}

/** The literal text a regex anchored with `$` (or `\z`) must end with; "" when none. A backward scan. */
function anchoredSuffix(pattern: string): string {
    let i: number;
    if (pattern.endsWith("\\z") && !escaped(pattern, pattern.length - 2)) i = pattern.length - 2;
    else if (pattern.endsWith("$") && !escaped(pattern, pattern.length - 1)) i = pattern.length - 1;
    else return "";
    let text = "";
    while (i > 0) {
        const c = pattern[i - 1];
        if (i >= 2 && pattern[i - 2] === "\\" && !escaped(pattern, i - 2) && !/[\w\s]/.test(c)) {
            text = c + text;
            i -= 2;
        } else if ("\\^$.|?*+()[]{}".includes(c)) break;
        else {
            text = c + text;
            i--;
        }
    }
    const before = pattern.slice(0, i);
    // A quantifier, group or alternative before the literal run may take its first character; drop it.
    return before === "" || before === "^" || before === "\\A" ? text : /[?*+})\]|]$/.test(before) ? text.slice(1) : text;
}

/** Whether a regex can match a string of this template (false only where decided). */
function regexCanMatch(pattern: string, parts: readonly Part[]): boolean {
    if (/^\(\?[a-zA-Z]*i/.test(pattern)) return true;
    const first = parts[0];
    const last = parts[parts.length - 1];
    const start = first && "text" in first ? first.text : "";
    const end = last && "text" in last ? last.text : "";
    const prefix = anchoredPrefix(pattern);
    if (prefix && !(prefix.startsWith(start) || start.startsWith(prefix))) return false;
    const suffix = anchoredSuffix(pattern);
    if (suffix && !(suffix.endsWith(end) || end.endsWith(suffix))) return false;
    return true;
}

/**
 * A regex that is a literal, with or without `^`/`\A` and `$`/`\z`, as the steps of what it matches
 * (Go's MatchString is unanchored): `abc` contains, `^abc` a prefix, `abc$` a suffix, `^abc$` exact.
 * Undefined for any other regex.
 */
function literalRegexSteps(pattern: string): Step[] | undefined {
    const m = /^(\^|\\A)?((?:[^\\^$.|?*+()[\]{}]|\\[^\w\s])+)(\$|\\z)?$/.exec(pattern);
    if (!m) return undefined;
    const literal = [...m[2].replace(/\\(.)/g, "$1")].map(literalStep);
    return [...(m[1] ? [] : [GLOBSTAR]), ...literal, ...(m[3] ? [] : [GLOBSTAR])];
}

/**
 * Variable parts tried on a regex that cannot be decided otherwise: one character and long,
 * letters of both cases, digits, the punctuation names hold, a space, a non-ASCII letter. Each
 * holds a letter or digit (a name of punctuation alone is nobody's), so `.` and `\w` match them all.
 */
export const SAMPLE_VALUES = ["a", "Z", "0", "x-y", "_1", "n.2", "tf-state-1", "Scratch", "A@b+c=d,e", "é9", "a b", "q".repeat(100)] as const;
/** A regex with more quantifiers than this is not tried on samples (its backtracking cost grows with each). */
const SAMPLE_QUANTIFIERS = 3;

/**
 * The regex as a JavaScript RegExp whose backtracking on the samples is bounded: at most
 * SAMPLE_QUANTIFIERS quantifiers, none on a group that holds a quantifier or an alternative (the
 * nested forms whose cost is exponential). Undefined otherwise: the regex is then not tried.
 */
function boundedRegExp(pattern: string): RegExp | undefined {
    const groups: boolean[] = [];
    let quantifiers = 0;
    let inClass = false;
    let closed: boolean | undefined;
    for (let i = 0; i < pattern.length; i++) {
        const c = pattern[i];
        const after = closed;
        closed = undefined;
        if (c === "\\") {
            i++;
            continue;
        }
        if (inClass) {
            inClass = c !== "]";
            continue;
        }
        if (c === "[") inClass = true;
        else if (c === "(") groups.push(false);
        else if (c === ")") closed = groups.pop() ?? false;
        else if (c === "|") groups[groups.length - 1] = true;
        else if (c === "*" || c === "+" || c === "{" || (c === "?" && pattern[i - 1] !== "(")) {
            if (c === "?" && "*+?}".includes(pattern[i - 1] ?? "")) continue; // a lazy quantifier's ?
            if (after) return undefined;
            if (++quantifiers > SAMPLE_QUANTIFIERS) return undefined;
            if (groups.length > 0) groups[groups.length - 1] = true;
        }
    }
    return goRegExp(pattern);
}

/** The template's display strings with each sample value in turn, the variable parts taking different ones. */
function sampleStrings(parts: readonly Part[]): string[] {
    return SAMPLE_VALUES.map((_, i) => {
        let j = 0;
        return parts.map((p) => ("text" in p ? p.text : SAMPLE_VALUES[(i + j++) % SAMPLE_VALUES.length])).join("");
    });
}

/**
 * Whether a regex matches every string of the template (decided where it can be): one that matches
 * "" without assertions, `^.*$` and its like, a literal decided as contains/prefix/suffix/exact,
 * and otherwise one that matches every sample display string.
 */
function regexMatchesAll(pattern: string, parts: readonly Part[]): boolean {
    const re = goRegExp(pattern);
    if (!hasAssertion(pattern) && re.test("")) return true;
    // `^.*$`, `^.+$`, `\A(.*)\z`, with or without flags: every name.
    if (/^(\(\?[imsU]+\))?(\^|\\A)?\(?(\?:)?\.[*+]\??\)?(\$|\\z)?$/.test(pattern)) return true;
    const literal = literalRegexSteps(pattern);
    if (literal) return decide(templateSteps(parts, NOT_SLASH), literal, "every") ?? false;
    const bounded = boundedRegExp(pattern);
    return bounded !== undefined && sampleStrings(parts).every((text) => bounded.test(text));
}

// --- Checking -----------------------------------------------------------------------------------

/** Whether a filter matches some (`some`) or every (`every`) display string of these templates. */
function matches(filter: Filter, templates: readonly Part[][], mode: "some" | "every"): boolean {
    const results = templates.map((parts) => {
        if (filter.type === "regex") return mode === "some" ? regexCanMatch(filter.value, parts) : regexMatchesAll(filter.value, parts);
        // Some display string: variable parts any text. Every display string: any text without `/`.
        const variable = mode === "some" ? GLOBSTAR : NOT_SLASH;
        // Undecided within the budget: assume the filter can match, and does not match everything.
        return decide(templateSteps(parts, variable), filterSteps(filter), mode) ?? mode === "some";
    });
    return mode === "some" ? results.some(Boolean) : results.every(Boolean);
}

/** Whether a filter matches "", what aws-nuke reads for a property the resource does not have. */
function matchesEmpty(filter: Filter): boolean {
    return filter.type === "regex" ? goRegExp(filter.value).test("") : (decide([], filterSteps(filter), "some") ?? false);
}

const filterText = (f: Filter & { property?: string }) =>
    `{type: ${f.type}, ${f.property !== undefined ? `property: ${f.property}, ` : ""}value: ${show(f.value)}${f.invert ? ", invert: true" : ""}}`;

/** Whether `property` names one of the type's properties (a tag `tag:KEY` against `tag:*`). */
function hasProperty(shape: AwsNukeResourceShape, property: string): boolean {
    return (shape.properties ?? []).some((p) => p === property || (p.endsWith(":*") && property.startsWith(p.slice(0, -1)) && property.length > p.length - 1));
}

/** The property `property` most likely meant: same letters, one the other's end (BucketName → Name), or a near spelling. */
function suggestProperty(property: string, valid: readonly string[]): string | undefined {
    const named = valid.filter((v) => !v.endsWith("*"));
    const lower = property.toLowerCase();
    return (
        closest(property, named, 0) ??
        named.filter((v) => lower.endsWith(v.toLowerCase()) || v.toLowerCase().endsWith(lower)).sort((a, b) => b.length - a.length)[0] ??
        closest(property, named)
    );
}

/** Why a filter keeps everything of its type or nothing, with the fix; undefined when it is fine. */
function filterProblem(type: string, shape: AwsNukeResourceShape, filter: Filter): string | undefined {
    const listNames = `list the names to keep instead, one filter each (e.g. ${exampleFilter(shape, filter.property)})`;
    if (filter.property !== undefined) {
        if (shape.properties === undefined) {
            const display = shape.display ? ` match its display string ${describe(shape.display[0])} without property` : "";
            return `property: ${type} has no properties in aws-nuke ${VERSION}, so aws-nuke skips a filter with one and keeps nothing;${display || " it cannot be kept by a filter"}`;
        }
        if (!hasProperty(shape, filter.property) && !shape.open) {
            const guess = suggestProperty(filter.property, shape.properties);
            const keepsAll = matchesEmpty(filter) !== filter.invert;
            return (
                `property: ${show(filter.property)} is not a property of ${type} (aws-nuke reads it as "", which the filter ` +
                `${keepsAll ? `keeps: it would keep every ${type}` : "never keeps: it keeps nothing"}): ${guess ? `did you mean ${guess}? ` : ""}` +
                `${type} has ${shape.properties.join(", ") || "no properties"}`
            );
        }
        const templates = [templateParts(`{${filter.property}}`)];
        if (filter.invert ? !matches(filter, templates, "some") : matches(filter, templates, "every")) {
            return `keeps every ${type}: ${filterText(filter)} ${filter.invert ? "inverts a match that never happens" : "matches every value"} of ${filter.property}, so the nuke would stop cleaning ${type} altogether; ${listNames}`;
        }
        if (!filter.invert && matchesEmpty(filter)) {
            return (
                `keeps every ${type} without ${filter.property}: ${filterText(filter)} matches "", what aws-nuke reads for ${filter.property} where a resource has none, ` +
                `so the nuke would stop cleaning every ${type} without it; match a value that is never empty (+ for *), or ${listNames}`
            );
        }
        return undefined;
    }
    if (shape.display === undefined) {
        const props = shape.properties?.filter((p) => !p.endsWith("*")) ?? [];
        return (
            `${type} has no display string in aws-nuke ${VERSION}, so aws-nuke skips a filter without property and keeps nothing; ` +
            (props.length > 0 ? `match a property instead (${props.join(", ")}), e.g. ${filterText({ ...filter, property: props.includes("Name") ? "Name" : props[0] })}` : "it cannot be kept by a filter")
        );
    }
    if (shape.display === null) return undefined;
    const templates = shape.display.map(templateParts);
    const every = matches(filter, templates, "every");
    const some = every || matches(filter, templates, "some");
    if (filter.invert ? !some : every) {
        const why = filter.invert ? `inverts a match that never happens (${type} prints ${shape.display.map(describe).join(" or ")})` : "matches every display string";
        return `keeps every ${type}: ${filterText(filter)} ${why}, so the nuke would stop cleaning ${type} altogether; ${listNames}`;
    }
    if (filter.invert ? every : !some) {
        return `${filter.invert ? "keeps nothing" : "can never match"}: ${type} prints ${shape.display.map(describe).join(" or ")}, and ${filterText(filter)} ${filter.invert ? "matches every one of them" : "matches none of them"}; ${rightForm(type, shape, filter, listNames)}`;
    }
    return undefined;
}

/** A filter keeping one resource by name, in the form the type needs: `"s3://NAME"`, or on a property. */
function exampleFilter(shape: AwsNukeResourceShape, property: string | undefined): string {
    if (property !== undefined) return filterText({ type: "exact", property, value: "NAME", invert: false });
    const parts = shape.display ? templateParts(shape.display[0]) : [];
    if (parts.filter((p) => "variable" in p).length === 1) return show(parts.map((p) => ("text" in p ? p.text : "NAME")).join(""));
    const named = parts.find((p): p is { variable: string } => "variable" in p && p.variable !== "");
    return named ? filterText({ type: "exact", property: named.variable, value: "NAME", invert: false }) : show("NAME");
}

/**
 * The form that would match what a filter means: its value inside the display string, or on the
 * property that holds that part; never a form that would keep everything of the type.
 */
function rightForm(type: string, shape: AwsNukeResourceShape, filter: Filter, listNames: string): string {
    const display = shape.display ?? [];
    const parts = templateParts(display[0]);
    const variables = parts.filter((p): p is { variable: string } => "variable" in p);
    const escape = (text: string) => (filter.type === "glob" ? text.replace(/[*?[\\]/g, "\\$&") : text);
    const candidates: Filter[] = [];
    if (variables.length === 1 && filter.type !== "regex") {
        candidates.push({ ...filter, value: parts.map((p) => ("text" in p ? escape(p.text) : filter.value)).join("") });
    }
    const named = variables.find((v) => v.variable !== "" && !v.variable.endsWith("*"));
    if (named) candidates.push({ ...filter, property: named.variable });
    const working = candidates.filter((c) => filterProblem(type, shape, c) === undefined);
    if (working.length === 0) {
        return candidates.length > 0 ? `written for ${describe(display[0])} it would keep every ${type}; ${listNames}` : `match the whole display string ${describe(display[0])}`;
    }
    const texts = working.map((c) => (c.property === undefined && c.type === "exact" && !c.invert ? show(c.value) : filterText(c)));
    return `write ${texts.join(", or ")}`;
}

/**
 * The bucket name an S3Bucket filter keeps, as a filter on S3Object's `Bucket`, for the warning;
 * undefined when it cannot be said.
 */
function bucketFilter(filter: Filter): Filter | undefined {
    if (filter.invert) return undefined;
    if (filter.property === "Name") return { type: filter.type, value: filter.value, property: "Bucket", invert: false };
    if (filter.property === undefined && (filter.type === "exact" || filter.type === "glob") && filter.value.startsWith("s3://")) {
        return { type: filter.type, value: filter.value.slice("s3://".length), property: "Bucket", invert: false };
    }
    return undefined;
}

/** Whether an S3Object filter keeps the objects of what a bucket filter keeps (same filter, or a glob over its exact name). */
function keepsObjects(objectFilter: Filter, bucket: Filter): boolean {
    if (objectFilter.invert || objectFilter.property !== "Bucket") return false;
    if (objectFilter.type === bucket.type && objectFilter.value === bucket.value) return true;
    return bucket.type === "exact" && (objectFilter.type === "glob" || objectFilter.type === "contains") && decide(filterSteps(bucket), filterSteps(objectFilter), "some") === true;
}

/**
 * Every problem and warning of `sandbox.nuke.keep` as the stack config holds it (before the schema:
 * paths and indexes are the user's). Malformed entries are left to the schema, which reports them.
 */
export function checkKeep(keep: unknown, path = "sandbox.nuke.keep"): KeepCheck {
    const problems: string[] = [];
    const warnings: string[] = [];
    if (typeof keep !== "object" || keep === null || Array.isArray(keep)) return { problems, warnings };
    const byType = new Map(Object.entries(keep as Record<string, unknown>));
    const objectFilters = (Array.isArray(byType.get("S3Object")) ? (byType.get("S3Object") as unknown[]) : []).map(normalise).filter((f) => f !== undefined);
    for (const [type, list] of byType) {
        const shape = AWS_NUKE_RESOURCES.get(type);
        if (shape === undefined || !Array.isArray(list)) continue;
        list.forEach((raw, i) => {
            const filter = normalise(raw);
            if (filter === undefined || filter.value.length > ANALYSED_LENGTH) return;
            const problem = filterProblem(type, shape, filter);
            const at = `${path}.${type}[${i}]`;
            if (problem !== undefined) {
                problems.push(`${at}${problem.startsWith("property:") ? "." : ": "}${problem}`);
                return;
            }
            if (type !== "S3Bucket" || filter.invert) return;
            const bucket = bucketFilter(filter);
            if (bucket !== undefined && objectFilters.some((o) => keepsObjects(o, bucket))) return;
            warnings.push(
                `${at}: keeps the bucket but not its objects: aws-nuke lists every object of every bucket as an S3Object ` +
                    `and deletes it unless a filter keeps it, so the kept bucket is emptied; ` +
                    (bucket ? `add to ${path}.S3Object: ${filterText(bucket)}` : `add an S3Object filter on property Bucket that keeps the same buckets`),
            );
        });
    }
    return { problems, warnings };
}

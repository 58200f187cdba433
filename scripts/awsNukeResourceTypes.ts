/**
 * Regenerates, from an aws-nuke checkout (a clone of github.com/ekristen/aws-nuke, bare or not):
 *
 * - config/sandbox/awsNukeResourceTypes.ts, the resource type names aws-nuke v3 knows;
 * - config/sandbox/awsNukeResources.ts, for each type how its display string is formed (`String()`) and the
 *   names of its properties (`Properties()`), which is what a filter matches.
 *
 * Only names and format strings are copied, never aws-nuke's code:
 *
 *   git clone https://github.com/ekristen/aws-nuke /tmp/aws-nuke
 *   npx ts-node --transpile-only scripts/awsNukeResourceTypes.ts /tmp/aws-nuke [revision, default HEAD]
 *
 * A name is every `Name:` of a `registry.Register(&registry.Registration{...})` in resources/*.go,
 * resolved through its `const XResource = "Name"`, plus the Cloud Control types resources/cloudcontrol.go
 * registers in its init (`RegisterCloudControl("AWS::...")`). Its shape is read from the struct the
 * registration names (`Resource: &X{}`) and that struct's methods, as libnuke v1.3.0 evaluates them
 * (see readShapes).
 */
import { execFileSync } from "child_process";
import { writeFileSync } from "fs";
import { join } from "path";

/** What the generated config/sandbox/awsNukeResources.ts holds for one type. */
export interface Shape {
    display?: string[] | null;
    properties?: string[];
    open?: true;
}

interface GoStruct {
    fields: { name: string; type: string; tag: string }[];
}

/** The body of `func (RECV *TYPE) METHOD() ...{`, up to gofmt's closing `}` at column 0, and its receiver. */
function methodBody(text: string, type: string, method: string): { recv: string; body: string } | undefined {
    const head = new RegExp(`^func \\((\\w+) \\*?${type}\\) ${method}\\(\\) [\\w.]+ \\{\\n`, "m").exec(text);
    if (!head) return undefined;
    const start = head.index + head[0].length;
    const end = text.indexOf("\n}", start - 1);
    return { recv: head[1], body: text.slice(start, end < 0 ? undefined : end + 1) };
}

/** Splits at top-level commas (not inside parentheses, brackets or string literals). */
export function splitArgs(text: string): string[] {
    const out: string[] = [];
    let depth = 0;
    let current = "";
    for (let i = 0; i < text.length; i++) {
        const c = text[i];
        if (c === '"' || c === "`") {
            let j = i + 1;
            while (j < text.length && text[j] !== c) j += c === '"' && text[j] === "\\" ? 2 : 1;
            current += text.slice(i, j + 1);
            i = j;
            continue;
        }
        if ("([{".includes(c)) depth++;
        if (")]}".includes(c)) depth--;
        if (c === "," && depth === 0) {
            out.push(current.trim());
            current = "";
        } else current += c;
    }
    if (current.trim() !== "") out.push(current.trim());
    return out;
}

/** `*r.a.b`, `ptr.ToString(r.a)`, `aws.ToString(r.a)` → `r.a.b` with the receiver written `r`; undefined for anything else. */
export function fieldPath(expr: string, recv: string): string | undefined {
    let e = expr.trim();
    for (;;) {
        const call = /^(?:ptr\.ToString|aws\.ToString|aws\.StringValue|ptr\.String)\((.*)\)$/.exec(e);
        if (call) e = call[1].trim();
        else if (e.startsWith("*")) e = e.slice(1).trim();
        else break;
    }
    const m = new RegExp(`^${recv}((?:\\.\\w+)+)$`).exec(e);
    return m ? `r${m[1]}` : undefined;
}

/** Go's interpreted string literal "..." as text (the escapes format strings use). */
function goString(literal: string): string | undefined {
    try {
        return JSON.parse(literal.replace(/\\'/g, "'")) as string;
    } catch {
        return undefined;
    }
}

const escapeLiteral = (text: string) => text.replace(/[{}]/g, (c) => c + c);

/**
 * One `return EXPR` of String() as a display template: literal text, `{Property}` where a property
 * holds the same value, `{}` where none does (`{{`/`}}` are literal braces). Undefined when EXPR is
 * not a field, a string literal or an fmt.Sprintf of those.
 */
export function displayTemplate(expr: string, recv: string, propertyOf: ReadonlyMap<string, string>): string | undefined {
    const slot = (arg: string): string | undefined => {
        const literal = /^"(?:[^"\\]|\\.)*"$/.test(arg) ? goString(arg) : undefined;
        if (literal !== undefined) return escapeLiteral(literal);
        const path = fieldPath(arg, recv);
        if (path !== undefined) return `{${propertyOf.get(path) ?? ""}}`;
        // A method or helper call: a part of the string, but not one a property is known to hold.
        return /^[\w.*]+(\(.*\))?$/.test(arg.trim()) ? "{}" : undefined;
    };
    const sprintf = /^fmt\.Sprintf\(([\s\S]*)\)$/.exec(expr.trim());
    if (!sprintf) return slot(expr);
    const [format, ...args] = splitArgs(sprintf[1]);
    const text = goString(format);
    if (text === undefined) return undefined;
    let out = "";
    let next = 0;
    let last = 0;
    for (const verb of text.matchAll(/%([-+# 0-9.]*)([a-zA-Z%])/g)) {
        out += escapeLiteral(text.slice(last, verb.index));
        last = verb.index + verb[0].length;
        if (verb[2] === "%") {
            out += "%";
            continue;
        }
        const arg = args[next++];
        if (arg === undefined) return undefined;
        const part = slot(arg);
        if (part === undefined) return undefined;
        out += verb[2] === "q" ? `"${part}"` : part;
    }
    return out + escapeLiteral(text.slice(last));
}

/** A Go type libnuke's SetFromStruct records under the field's own name (not a struct, slice or map). */
function scalarProperty(type: string, structs: ReadonlyMap<string, GoStruct>): "scalar" | "tags" | "none" {
    const t = type.replace(/^\*/, "");
    if (t.startsWith("[]") || t.startsWith("map[")) return "tags";
    if (structs.has(t)) return "none";
    return "scalar";
}

/**
 * The properties libnuke v1.3.0 pkg/types/properties.go gives a resource: SetFromStruct records every
 * exported, set field by name (`property:"name=X"`, `prefix=P` → `P:X`, `-` skips it, slices and maps
 * become tags `<tagPrefix>:KEY`, structs other than time.Time nothing); Set("K", v) records K;
 * SetTag(k, v) a tag `tag:k`; SetTagWithPrefix("p", k, v) `tag:p:k`; SetWithPrefix("p", "K", v) `p:K`.
 * Tags are written `tag:*`. `open` when a key is computed, or the method does not build its
 * properties from these calls.
 */
export function readProperties(
    body: string,
    recv: string,
    struct: GoStruct | undefined,
    structs: ReadonlyMap<string, GoStruct>,
): { properties: string[]; propertyOf: Map<string, string>; open: boolean } {
    const names = new Set<string>();
    const propertyOf = new Map<string, string>();
    let open = !/types\.NewProperties(FromStruct)?\(/.test(body);
    let tagPrefix = "tag";
    const structTagPrefix = struct?.fields.map((f) => /tagPrefix=([^,"]+)/.exec(f.tag)?.[1]).find((p) => p !== undefined);
    for (const m of body.matchAll(/\.SetTagPrefix\("([^"]*)"\)/g)) tagPrefix = m[1];
    if (new RegExp(`(NewPropertiesFromStruct|SetFromStruct)\\(${recv}\\)`).test(body)) {
        if (!struct) open = true;
        for (const field of struct?.fields ?? []) {
            if (!/^[A-Z]/.test(field.name)) continue;
            const options = /property:"([^"]*)"/.exec(field.tag)?.[1].split(",") ?? [""];
            if (options[0] === "-") continue;
            if (options.includes("inline")) {
                open = true;
                continue;
            }
            const option = (key: string) => options.map((o) => o.split("=")).find((p) => p.length === 2 && p[0] === key)?.[1];
            const prefix = option("prefix");
            const kind = scalarProperty(field.type, structs);
            if (kind === "tags") {
                names.add(`${structTagPrefix ?? tagPrefix}:${prefix ? `${prefix}:` : ""}*`);
            } else if (kind === "scalar") {
                const name = `${prefix ? `${prefix}:` : ""}${option("name") ?? field.name}`;
                names.add(name);
                propertyOf.set(`r.${field.name}`, name);
            }
        }
    }
    for (const call of body.matchAll(/\.\s*(Set|SetTag|SetTagWithPrefix|SetWithPrefix)\(/g)) {
        // The call's arguments: up to the matching parenthesis.
        let depth = 1;
        let j = call.index + call[0].length;
        const start = j;
        while (j < body.length && depth > 0) {
            if (body[j] === "(") depth++;
            if (body[j] === ")") depth--;
            j++;
        }
        const args = splitArgs(body.slice(start, j - 1));
        const literal = (arg: string | undefined) => (arg !== undefined && /^"[^"\\]*"$/.test(arg) ? arg.slice(1, -1) : undefined);
        if (call[1] === "Set") {
            const key = literal(args[0]);
            if (key === undefined) open = true;
            else {
                names.add(key);
                const path = fieldPath(args[1] ?? "", recv);
                if (path !== undefined && !propertyOf.has(path)) propertyOf.set(path, key);
            }
        } else if (call[1] === "SetTag") {
            names.add(`${tagPrefix}:*`);
        } else if (call[1] === "SetTagWithPrefix") {
            const prefix = literal(args[0]);
            if (prefix === undefined) open = true;
            else names.add(`${tagPrefix}:${prefix ? `${prefix}:` : ""}*`);
        } else {
            const [prefix, key] = [literal(args[0]), literal(args[1])];
            if (prefix === undefined || key === undefined) open = true;
            else names.add(prefix ? `${prefix}:${key}` : key);
        }
    }
    return { properties: [...names].sort(compare), propertyOf, open };
}

/** A Go expression without its trailing `// comment` (a `//` inside a string literal stays). */
function withoutComment(expr: string): string {
    let inString = false;
    for (let i = 0; i < expr.length; i++) {
        if (expr[i] === "\\" && inString) i++;
        else if (expr[i] === '"') inString = !inString;
        else if (!inString && expr.startsWith("//", i)) return expr.slice(0, i).trim();
    }
    return expr.trim();
}

function compare(a: string, b: string): number {
    return a < b ? -1 : a > b ? 1 : 0;
}

/** The struct definitions of a Go package's files: name → exported and unexported fields with their tags. */
export function readStructs(texts: readonly string[]): Map<string, GoStruct> {
    const structs = new Map<string, GoStruct>();
    for (const text of texts) {
        for (const m of text.matchAll(/^type (\w+) struct \{\n([\s\S]*?)^\}/gm)) {
            const fields: GoStruct["fields"] = [];
            for (const line of m[2].split("\n")) {
                const f = /^\t(\w+(?:,\s*\w+)*)\s+([^\s`/]+)\s*(`[^`]*`)?/.exec(line);
                if (!f) continue;
                for (const name of f[1].split(/,\s*/)) fields.push({ name, type: f[2], tag: f[3] ?? "" });
            }
            structs.set(m[1], { fields });
        }
    }
    return structs;
}

/**
 * Each registered type's shape, from the package's file texts: the struct its registration names,
 * that struct's String() (every `return` of it a display template; null when one is not readable)
 * and Properties().
 */
export function readShapes(texts: readonly string[], resolve: (name: string) => string): Map<string, Shape> {
    const structs = readStructs(texts);
    const all = texts.join("\n");
    const shapes = new Map<string, Shape>();
    for (const text of texts) {
        for (const block of text.matchAll(/registry\.Register\(&registry\.Registration\{([\s\S]*?)\n\t\}\)/g)) {
            const name = /\n\s*Name:\s*([\w"]+),/.exec(block[1])?.[1];
            if (!name || name === "typeName") continue;
            // What the lister really returns (a few registrations name their Lister, another file's
            // struct or nothing as `Resource`): the one struct the file's code appends to its result,
            // else the registration's `Resource`, else the one struct of the file with a Remove().
            const named = /\n\s*Resource:\s*&(\w+)\{\}/.exec(block[1])?.[1];
            const appended = [...new Set([...text.matchAll(/append\(\w+,\s*&(\w+)\{/g)].map((m) => m[1]))];
            const removable = [...text.matchAll(/^func \(\w+ \*?(\w+)\) Remove\(/gm)].map((m) => m[1]);
            const struct = appended.length === 1 ? appended[0] : (named ?? (removable.length === 1 ? removable[0] : undefined));
            if (struct === undefined) continue;
            shapes.set(resolve(name), shapeOf(all, struct, structs));
        }
    }
    return shapes;
}

function shapeOf(all: string, struct: string, structs: ReadonlyMap<string, GoStruct>): Shape {
    const shape: Shape = {};
    const props = methodBody(all, struct, "Properties");
    let propertyOf = new Map<string, string>();
    if (props) {
        const read = readProperties(props.body, props.recv, structs.get(struct), structs);
        shape.properties = read.properties;
        propertyOf = read.propertyOf;
        if (read.open) shape.open = true;
    }
    const str = methodBody(all, struct, "String");
    if (str) {
        const returns = [...str.body.matchAll(/^\s*return (.+)$/gm)].map((m) => withoutComment(m[1]));
        const templates = returns.map((r) => displayTemplate(r, str.recv, propertyOf));
        shape.display = templates.length > 0 && templates.every((t) => t !== undefined) ? [...new Set(templates as string[])] : null;
    }
    return shape;
}

function main(): void {
    const [checkout, revision = "HEAD"] = process.argv.slice(2);
    if (!checkout) {
        console.error("usage: ts-node scripts/awsNukeResourceTypes.ts <aws-nuke checkout> [revision]");
        process.exitCode = 2;
        return;
    }
    const git = (...args: string[]) => execFileSync("git", ["-C", checkout, ...args], { encoding: "utf8", maxBuffer: 1 << 28 });

    const commit = git("rev-parse", revision).trim();
    const version = git("describe", "--tags", "--always", commit).trim();
    const files = git("ls-tree", "-r", "--name-only", commit, "--", "resources/")
        .split("\n")
        .filter((f) => /^resources\/[^/]+\.go$/.test(f) && !f.endsWith("_test.go"));
    const texts = files.map((file) => git("show", `${commit}:${file}`));

    const constants = new Map<string, string>();
    const registered: string[] = [];
    const cloudControl: string[] = [];
    files.forEach((file, i) => {
        const text = texts[i];
        for (const m of text.matchAll(/^\s*(?:const\s+)?(\w+)\s*=\s*"([A-Za-z0-9:]+)"\s*(?:\/\/.*)?$/gm)) constants.set(m[1], m[2]);
        for (const block of text.matchAll(/registry\.Register\(&registry\.Registration\{([\s\S]*?)\n\t\}\)/g)) {
            const name = /\n\s*Name:\s*([\w"]+),/.exec(block[1])?.[1];
            if (name && name !== "typeName") registered.push(name);
        }
        if (file === "resources/cloudcontrol.go") {
            for (const m of text.matchAll(/^\s*RegisterCloudControl\("([^"]+)"\)/gm)) cloudControl.push(m[1]);
        }
    });
    const resolve = (n: string) => {
        const value = n.startsWith('"') ? n.slice(1, -1) : constants.get(n);
        if (value === undefined) throw new Error(`cannot resolve the resource type name ${n}`);
        return value;
    };
    const names = registered.map(resolve);
    const resourceTypes = [...new Set([...names, ...cloudControl])].sort(compare);

    const shapes = readShapes(texts, resolve);
    // Cloud Control types share one struct (resources/cloudcontrol.go CloudControlResource), registered by name.
    const cc = shapeOf(texts.join("\n"), "CloudControlResource", readStructs(texts));
    for (const t of cloudControl) if (!shapes.has(t)) shapes.set(t, cc);

    const source = `aws-nuke ${version} (https://github.com/ekristen/aws-nuke, commit ${commit})`;
    const typesOut = join(__dirname, "..", "config", "sandbox", "awsNukeResourceTypes.ts");
    writeFileSync(
        typesOut,
        [
            "/**",
            ` * The resource types aws-nuke ${version} knows (https://github.com/ekristen/aws-nuke, commit ${commit}):`,
            " * names only, read from its resources/*.go registrations. Generated: do not edit. Regenerate from an",
            " * aws-nuke checkout with `npx ts-node --transpile-only scripts/awsNukeResourceTypes.ts <checkout> [revision]`.",
            " */",
            `export const AWS_NUKE_VERSION = ${JSON.stringify(version)};`,
            `export const AWS_NUKE_COMMIT = ${JSON.stringify(commit)};`,
            "export const AWS_NUKE_RESOURCE_TYPES: readonly string[] = [",
            ...resourceTypes.map((t) => `    ${JSON.stringify(t)},`),
            "];",
            "",
        ].join("\n"),
    );

    const shapesOut = join(__dirname, "..", "config", "sandbox", "awsNukeResources.ts");
    const line = (type: string) => {
        const s = shapes.get(type) ?? {};
        const parts = [
            ...(s.display !== undefined ? [`display: ${JSON.stringify(s.display)}`] : []),
            ...(s.properties !== undefined ? [`properties: ${JSON.stringify(s.properties)}`] : []),
            ...(s.open ? ["open: true"] : []),
        ];
        return `    ${JSON.stringify(type)}: { ${parts.join(", ")} },`.replace("{  }", "{}");
    };
    writeFileSync(
        shapesOut,
        [
            "/**",
            ` * What a filter of each resource type matches, in ${source}. Generated: do not edit. Regenerate`,
            " * with `npx ts-node --transpile-only scripts/awsNukeResourceTypes.ts <checkout> [revision]`.",
            " *",
            " * - `display`: how the type's String() forms its display string (what a filter without `property`",
            " *   matches), one template per `return`: literal text, `{Property}` where that property holds the same",
            " *   value, `{}` where no property does; `{{` and `}}` are literal braces. Absent: the type has no String(),",
            " *   so a filter without `property` is skipped (libnuke pkg/queue/item.go GetProperty). null: not readable.",
            " * - `properties`: the names its Properties() sets; `tag:*` stands for its tags (`tag:KEY`). Absent: no",
            " *   Properties(), so a filter with `property` is skipped. A property it does not have reads as \"\".",
            " * - `open`: Properties() also sets names computed at run time, so the list may be incomplete.",
            " */",
            "export interface AwsNukeResourceShape {",
            "    readonly display?: readonly string[] | null;",
            "    readonly properties?: readonly string[];",
            "    readonly open?: true;",
            "}",
            "",
            `export const AWS_NUKE_RESOURCES_SOURCE = { version: ${JSON.stringify(version)}, commit: ${JSON.stringify(commit)} } as const;`,
            "",
            "export const AWS_NUKE_RESOURCES: ReadonlyMap<string, AwsNukeResourceShape> = new Map(Object.entries({",
            ...resourceTypes.map(line),
            "}));",
            "",
        ].join("\n"),
    );
    const unread = resourceTypes.filter((t) => shapes.get(t)?.display === null);
    console.log(`wrote ${typesOut}: ${resourceTypes.length} resource types of aws-nuke ${version} (${commit})`);
    console.log(`wrote ${shapesOut}: ${resourceTypes.length - unread.length} display forms read, ${unread.length} not readable (${unread.join(", ")})`);
}

if (require.main === module) main();

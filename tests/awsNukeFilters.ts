/**
 * aws-nuke v3's filter evaluation, rewritten for the tests from its source so a generated config can
 * be checked the way aws-nuke reads it, not the way our generator means it:
 *
 * - libnuke v1.3.0 pkg/nuke/nuke.go filterWithoutGroups (filter groups are off unless the
 *   `filter-groups` feature flag is given): the filters of the resource's type, in order; each reads
 *   the property it names, or the resource's String() when it names none (pkg/queue/item.go
 *   GetProperty: a resource without String() cannot be matched that way, and the filter is skipped);
 *   `invert` flips the match; the first match keeps ("filters") the resource.
 * - pkg/types/properties.go Get: a property the resource does not have reads as "".
 * - pkg/filter/filter.go Match: exact (also the type of a plain string, UnmarshalYAML), contains
 *   (strings.Contains), glob (github.com/mb0/glob Match), regex (Go regexp MatchString: unanchored).
 * - pkg/nuke/nuke.go Filter: before any config filter, a resource's own Filter() may skip it (state
 *   `filtered`, its error the reason). Modelled here for the types whose own check the generator
 *   relies on (skippedByAwsNuke).
 * - github.com/mb0/glob Match, default Config: `*` any run of characters but `/`, `**` any run at all,
 *   `?` one character but `/`, `[...]`/`[^...]` a class, `\c` the character c; the whole string must match.
 */
import { parse } from "yaml";
import { AWS_NUKE_RESOURCES } from "../config/sandbox/awsNukeResources";

/** A resource as aws-nuke's lister would produce it: its type, String() and Properties(). */
export interface Resource {
    readonly type: string;
    /** What String() returns; undefined for a resource without String(). */
    readonly string?: string;
    readonly props: Readonly<Record<string, string>>;
}

type Filter = string | { type?: string; value?: string; property?: string; invert?: boolean | string };

/** mb0/glob's pattern as a JavaScript RegExp with the same meaning. */
export function globRegExp(pattern: string): RegExp {
    let out = "";
    for (let i = 0; i < pattern.length; i++) {
        const c = pattern[i];
        if (c === "*") {
            let stars = 1;
            while (pattern[i + 1] === "*") {
                stars++;
                i++;
            }
            out += stars > 1 ? "[\\s\\S]*" : "[^/]*";
        } else if (c === "?") {
            out += "[^/]";
        } else if (c === "[") {
            const end = pattern.indexOf("]", i + 2);
            if (end < 0) throw new Error(`syntax error in pattern ${pattern}`);
            const body = pattern.slice(i + 1, end);
            out += `[${body.startsWith("^") ? `^${body.slice(1)}` : body}]`;
            i = end;
        } else if (c === "\\") {
            out += pattern[++i].replace(/[\\^$.|?*+()[\]{}/-]/g, "\\$&");
        } else {
            out += c.replace(/[\\^$.|?*+()[\]{}/-]/g, "\\$&");
        }
    }
    return new RegExp(`^${out}$`);
}

/** pkg/filter/filter.go Match for the types the generator writes; any other type is an error there too. */
function match(filter: Exclude<Filter, string>, value: string): boolean {
    const want = filter.value ?? "";
    switch (filter.type ?? "exact") {
        case "":
        case "exact":
            return value === want;
        case "contains":
            return value.includes(want);
        case "glob":
            return globRegExp(want).test(value);
        case "regex": {
            // Go's inline flags at the start of a pattern, the only Go-only syntax worth modelling here.
            const flags = /^\(\?([ims]+)\)/.exec(want);
            return new RegExp(flags ? want.slice(flags[0].length) : want, flags ? flags[1] : "").test(value);
        }
        default:
            throw new Error(`unknown type ${filter.type}`);
    }
}

/** Whether aws-nuke keeps a resource under these filters (its state would be `filtered: filtered by config`). */
export function kept(filters: Readonly<Record<string, readonly Filter[]>>, resource: Resource): boolean {
    for (const raw of filters[resource.type] ?? []) {
        const filter = typeof raw === "string" ? { type: "exact", value: raw } : raw;
        const value = filter.property ? (resource.props[filter.property] ?? "") : resource.string;
        if (value === undefined) continue;
        const invert = filter.invert === true || filter.invert === "true";
        if (match(filter, value) !== invert) return true;
    }
    return false;
}

/**
 * Why aws-nuke v3.64.3 skips a resource by its own Filter(), whatever the config says, or undefined.
 * Only the Identity Center path checks of the role types, from aws-nuke commit fd1d702d:
 * resources/iam-role.go IAMRole.Filter (`Path`), iam-role-policy-attachments.go
 * IAMRolePolicyAttachment.Filter (the role's path, property `RolePath`), iam-role-policy.go
 * IAMRolePolicy.Filter (`role:Path`): `strings.HasPrefix(path, "/aws-reserved/sso.amazonaws.com/")`.
 */
export function skippedByAwsNuke(resource: Resource): string | undefined {
    const path = { IAMRole: "Path", IAMRolePolicyAttachment: "RolePath", IAMRolePolicy: "role:Path" }[resource.type];
    if (path === undefined) return undefined;
    if (!(resource.props[path] ?? "").startsWith("/aws-reserved/sso.amazonaws.com/")) return undefined;
    return { IAMRole: "cannot delete SSO roles", IAMRolePolicyAttachment: "cannot detach from SSO roles", IAMRolePolicy: "cannot alter sso roles" }[resource.type];
}

/** Whether a resource outlives a run: skipped by aws-nuke's own check, or kept by the filters. */
export function survives(filters: Readonly<Record<string, readonly Filter[]>>, resource: Resource): boolean {
    return skippedByAwsNuke(resource) !== undefined || kept(filters, resource);
}

/** The filters aws-nuke applies to one account of a generated config (`accounts.<id>.filters`). */
export function accountFilters(configYaml: string, accountId: string): Record<string, Filter[]> {
    const config = parse(configYaml) as { accounts: Record<string, { filters?: Record<string, Filter[]> }> };
    return config.accounts[accountId]?.filters ?? {};
}

/**
 * A resource as aws-nuke's lister would produce it, its String() rendered from the display template
 * read from aws-nuke's source (config/sandbox/awsNukeResources.ts): `{Prop}` from its properties, each `{}`
 * (a part no property holds, e.g. ECRRepository's name) from `unnamed` in order.
 */
export function resourceOf(type: string, props: Readonly<Record<string, string>>, unnamed: readonly string[] = []): Resource {
    const shape = AWS_NUKE_RESOURCES.get(type);
    if (shape === undefined) throw new Error(`aws-nuke has no resource type ${type}`);
    for (const name of Object.keys(props)) {
        const known = (shape.properties ?? []).some((p) => p === name || (p.endsWith("*") && name.startsWith(p.slice(0, -1))));
        if (!known) throw new Error(`${type} has no property ${name} in aws-nuke`);
    }
    if (!shape.display) return { type, props };
    // S3Object has two forms (with a version id, without): the first whose properties are all given.
    const template = shape.display.find((t) => [...t.matchAll(/\{([^{}]+)\}/g)].every((m) => props[m[1]] !== undefined)) ?? shape.display[0];
    let next = 0;
    const string = template.replace(/\{\{|\}\}|\{([^{}]*)\}/g, (all, name: string | undefined) => {
        if (all === "{{" || all === "}}") return all[0];
        const value = name ? props[name] : unnamed[next++];
        if (value === undefined) throw new Error(`${type}'s display string needs ${name || "an unnamed part"}`);
        return value;
    });
    return { type, string, props };
}

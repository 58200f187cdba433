/**
 * Loading the stack config: pure code, no Pulumi runtime. Every problem is collected (schema rules,
 * then cross-references and uniqueness) and reported at once, each line naming its config path,
 * the offending value and what would be valid.
 */
import { z } from "zod";
import { AWS_NUKE_RESOURCE_TYPES, AWS_NUKE_VERSION } from "./sandbox/awsNukeResourceTypes";
import { checkImports } from "./imports";
import { RESERVED_KEY, own, put, reservedKeyProblems } from "./keys";
import {
    ALL_ACCOUNTS,
    AwsProviderSettings,
    LandingZoneConfig,
    MAX_OU_DEPTH,
    OU_TARGET,
    StackConfig,
    accountSchema,
    budgetSchema,
    compareText,
    groupFields,
    TIMED_GROUP_KEYS,
    TIMED_TARGET_KEYS,
    KEEP_FILTER_KEYS,
    identityCenterSchema,
    importsSchema,
    organizationSchema,
    organizationalUnitFields,
    permissionSetSchema,
    regionSchema,
    sandboxSchema,
    show,
    sortKeys,
    stackConfigSchema,
    userFields,
} from "./schema";
import { closest } from "./suggest";
import { messageLine, visible } from "./printable";
import { checkAgainstAws } from "./awsChecks";
import { checkKeep } from "./sandbox/keepFilters";
import { applyClock } from "./ends";
import { isoSecond, runClock } from "./until";

/** The project's config namespace: keys are `landing-zone:<key>` in the stack files. */
export const NAMESPACE = "landing-zone";

/** Raised before any resource is registered when the stack config is not valid. */
export class ConfigError extends Error {
    /** Each problem one printable line (config/printable.ts messageLine): a key's newline or length cannot break the list. */
    public readonly problems: readonly string[];
    constructor(problems: readonly string[]) {
        const lines = problems.map(messageLine);
        super(`The stack config has ${lines.length} problem${lines.length === 1 ? "" : "s"}:\n` + lines.map((p) => `  - ${p}`).join("\n"));
        this.problems = lines;
        this.name = "ConfigError";
    }
}

/**
 * Validate and canonicalise the namespace's values (keys without `landing-zone:`) and `aws:region`.
 * Values kept but perhaps wrong (newer than the catalogues of AWS managed policies, regions and
 * services) come back in `warnings`, for the program to log.
 * @throws ConfigError listing every problem found.
 */
export function parseConfig(values: Record<string, unknown>, region: unknown, awsProvider: AwsProviderSettings = {}, now: Date = runClock()): LandingZoneConfig {
    const problems: string[] = [];
    const regionResult = regionSchema.safeParse(region, { reportInput: true });
    if (!regionResult.success) {
        problems.push(
            region === undefined
                ? "aws:region: missing: set it with `pulumi config set aws:region eu-central-1` (the region where Identity Center is enabled)"
                : `aws:region: ${regionResult.error.issues[0].message}`,
        );
    }
    problems.push(...reservedKeyProblems(values, (key) => `${NAMESPACE}:${key}`));
    const result = stackConfigSchema.safeParse(values, { reportInput: true });
    if (!result.success) problems.push(...result.error.issues.flatMap(formatIssue));
    problems.push(...crossCheck(values));
    const aws = checkAgainstAws(values, region);
    problems.push(...aws.problems);
    // Keep filters against what aws-nuke prints: on the config as written, so paths are the user's.
    const keep = checkKeep(ownPath(values, ["sandbox", "nuke", "keep"]));
    problems.push(...keep.problems);
    // Import ids name resources by their logical names: checkable once the config has parsed.
    // An entry whose declaration already has a problem is not reported again (one mistake, one error).
    if (result.success) problems.push(...checkImports(result.data, problems));
    // A field dedented out of its entry is one problem, the slip, not the problems of its value.
    const slips = indentationSlips(values);
    const slipped = (p: string) => [...slips.keys()].some((path) => p.startsWith(path) && /^[.[:]/.test(p.slice(path.length)));
    // A group name refused where the group is declared is one mistake: not again where a user names it.
    const groupProblems = problems.filter((p) => p.startsWith("groups."));
    const declared = new Set(
        (isRecord(values.groups) ? Object.keys(values.groups) : []).flatMap((g) => groupProblems.filter((p) => p.startsWith(`groups.${g}: `)).map((p) => p.slice(`groups.${g}: `.length))),
    );
    const membership = /^users\.[\s\S]*?\.groups\[\d+\](?:\.group)?: /;
    const repeated = (p: string) => declared.has(p.replace(membership, "")) && membership.test(p);
    const found = [...problems.filter((p) => !slipped(p) && !repeated(p)), ...slips.values()];
    // Messages give eu-central-1 as an example region: a stack with a region of its own sees its own.
    const example = (p: string) => (regionResult.success ? p.replace(/\b(such as|e\.g\.) eu-central-1\b/g, `$1 ${regionResult.data}`) : p);
    if (found.length > 0) throw new ConfigError([...new Set(found.map(example))].sort(compareText));
    // What has ended by the run's clock is not planned, and says so (config/ends.ts).
    const clocked = applyClock(result.data as StackConfig, now);
    return {
        ...clocked.config,
        region: regionResult.data as string,
        awsProvider,
        warnings: [...new Set([...aws.warnings, ...keep.warnings, ...clocked.warnings, ...lookAlikeNames(values)].map(messageLine))].sort(compareText),
        now: isoSecond(now),
        ended: clocked.ended,
    };
}

/**
 * Read a stack's config the way `pulumi.runtime.allConfig()` hands it over (`namespace:key` →
 * string, structured values JSON-encoded) and validate it. Other namespaces are left alone.
 */
export function loadStackConfig(all: Record<string, string>, now: Date = runClock()): LandingZoneConfig {
    const values: Record<string, unknown> = {};
    for (const [key, raw] of Object.entries(all)) {
        if (!key.startsWith(`${NAMESPACE}:`)) continue;
        put(values, key.slice(NAMESPACE.length + 1), decode(raw));
    }
    const setting = (key: string) => own(all, key);
    const maxRetries = setting("aws:maxRetries") === undefined ? undefined : Number(setting("aws:maxRetries"));
    return parseConfig(values, setting("aws:region"), {
        ...(setting("aws:profile") !== undefined && { profile: setting("aws:profile") }),
        ...(setting("aws:retryMode") !== undefined && { retryMode: setting("aws:retryMode") }),
        ...(maxRetries !== undefined && Number.isInteger(maxRetries) && { maxRetries }),
    }, now);
}

/** The value at a path of own keys, or undefined (never an inherited `toString`). */
function ownPath(value: unknown, path: readonly string[]): unknown {
    let at = value;
    for (const key of path) {
        if (typeof at !== "object" || at === null || Array.isArray(at) || !Object.hasOwn(at, key)) return undefined;
        at = (at as Record<string, unknown>)[key];
    }
    return at;
}

function decode(raw: string): unknown {
    try {
        return JSON.parse(raw);
    } catch {
        return raw;
    }
}

// --- Formatting schema issues -------------------------------------------------------------------

function formatPath(path: readonly PropertyKey[]): string {
    return path.map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`)).join("");
}

const keysOf = (schema: { shape: Record<string, unknown> }) => Object.keys(schema.shape);
/** The keys each object in the config accepts, by path pattern (`*` is a map key). */
const KNOWN_KEYS: [RegExp, string[]][] = [
    [/^$/, keysOf(stackConfigSchema)],
    [/^organization$/, keysOf(organizationSchema)],
    [/^organizationalUnits\[\d+\]$/, keysOf(organizationalUnitFields)],
    [/^accounts\.[^.]+$/, keysOf(accountSchema)],
    [/^permissionSets\.[^.]+$/, keysOf(permissionSetSchema)],
    [/^permissionSets\.[^.]+\.permissionsBoundary$/, ["customerManaged"]],
    [/^(groups|users)\..+\.access\.[^.]+\[\d+\]$/, TIMED_TARGET_KEYS],
    [/^users\..+\.groups\[\d+\]$/, TIMED_GROUP_KEYS],
    [/^groups\..+$/, keysOf(groupFields)],
    [/^users\..+$/, keysOf(userFields)],
    [/^sandbox$/, keysOf(sandboxSchema)],
    [/^sandbox\.nuke$/, keysOf(sandboxSchema.shape.nuke)],
    [/^sandbox\.nuke\.keep\.[^.]+\[\d+\]$/, KEEP_FILTER_KEYS],
    [/^sandbox\.budget$/, keysOf(budgetSchema)],
    [/^identityCenter$/, keysOf(identityCenterSchema)],
    [/^imports$/, keysOf(importsSchema)],
];

/** The objects at fixed places in the config, by path: where a misplaced key may belong. */
const FIXED_OBJECTS: [string, string[]][] = [
    ["", keysOf(stackConfigSchema)],
    ["organization", keysOf(organizationSchema)],
    ["sandbox", keysOf(sandboxSchema)],
    ["sandbox.nuke", keysOf(sandboxSchema.shape.nuke)],
    ["sandbox.budget", keysOf(budgetSchema)],
    ["identityCenter", keysOf(identityCenterSchema)],
];

/**
 * Where an unknown key most likely belongs when it is a key of another object: one nested in this
 * one (`sandbox.schedule` → `sandbox.nuke.schedule`), then one this is nested in (a key indented too
 * far), then any other.
 */
function misplacedKey(where: string, key: string): string | undefined {
    const inside = (outer: string, inner: string) => outer === "" || inner.startsWith(`${outer}.`);
    const rank = (home: string) => (inside(where, home) ? 0 : inside(home, where) ? 1 : 2);
    const home = FIXED_OBJECTS.filter(([path, keys]) => path !== where && keys.includes(key))
        .map(([path]) => path)
        .sort((a, b) => rank(a) - rank(b) || a.length - b.length)[0];
    if (home === undefined) return undefined;
    const full = home === "" ? key : `${home}.${key}`;
    return where === "" || home === "" ? `${NAMESPACE}:${full}` : full;
}

function unknownKey(path: readonly PropertyKey[], key: string): string {
    const where = formatPath(path);
    if (where === "sandbox.nuke.keep") {
        const guess = closest(key, [...AWS_NUKE_RESOURCE_TYPES]);
        return (
            `${where}.${key}: not a resource type aws-nuke ${AWS_NUKE_VERSION} knows ` +
            `(${guess ? `did you mean ${guess}? ` : ""}the list is config/sandbox/awsNukeResourceTypes.ts)`
        );
    }
    const valid = KNOWN_KEYS.find(([pattern]) => pattern.test(where))?.[1] ?? [];
    const guess = closest(key, valid) ?? misplacedKey(where, key);
    const hint = `${guess ? `did you mean ${guess}? ` : ""}valid: ${valid.join(", ")}`;
    return where === "" ? `${NAMESPACE}:${key}: unknown key (${hint})` : `${where}.${key}: unknown key (${hint})`;
}

/** The maps of entries: the map, what one entry is, and the keys of one entry. */
const ENTRY_MAPS: [string, string, string[]][] = [
    ["accounts", "an account", keysOf(accountSchema)],
    ["permissionSets", "a permission set", keysOf(permissionSetSchema)],
    ["groups", "a group", keysOf(groupFields)],
    ["users", "a user", keysOf(userFields)],
];

/**
 * Fields dedented out of their entry: `users.groups: [...]` is the `groups:` of the user above it,
 * indented too little. A key named like a field counts when its value is not an entry made of
 * fields (a user really called `email` is left alone). Config path → the one message for it.
 */
function indentationSlips(values: Raw): Map<string, string> {
    const slips = new Map<string, string>();
    for (const [map, what, fields] of ENTRY_MAPS) {
        const entries = values[map];
        if (!isRecord(entries)) continue;
        const keys = Object.keys(entries);
        keys.forEach((key, i) => {
            const value = entries[key];
            if (!fields.includes(key) || (isRecord(value) && Object.keys(value).every((k) => fields.includes(k)))) return;
            // Keys keep the stack file's order: the entry written above the slipped line.
            const above = keys.slice(0, i).reverse().find((k) => isRecord(entries[k]) && !fields.includes(k));
            slips.set(
                `${map}.${key}`,
                `${map}.${key}: looks like an indentation slip: ${key} is a key of ${what}, not ${what.replace(/^an? /, "a ")}'s name; ` +
                    (above ? `indent it under the entry above it, as ${map}.${above}.${key}` : `indent it under ${what}`),
            );
        });
    }
    return slips;
}

function formatIssue(issue: z.core.$ZodIssue): string[] {
    const where = formatPath(issue.path);
    switch (issue.code) {
        case "unrecognized_keys":
            // reservedKeyProblems reports __proto__ wherever it is a key.
            return issue.keys.filter((k) => k !== RESERVED_KEY).map((k) => unknownKey(issue.path, k));
        case "invalid_key":
            return [`${where}: ${issue.issues[0]?.message ?? `${show(issue.input)} is not a valid key`}`];
        case "invalid_type":
            if (issue.message.startsWith("Invalid input")) {
                return [
                    issue.input === undefined
                        ? `${where}: missing: expected ${article(issue.expected)}`
                        : `${where}: ${show(issue.input)} is not ${article(issue.expected)}`,
                ];
            }
            return [`${where}: ${issue.message}`];
        default:
            // Our own messages start with the value; refinements on whole values start with a verb.
            return [`${where}: ${issue.message}`];
    }
}

function article(expected: string): string {
    return expected === "object" ? "a map of keys to values" : /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`;
}

// --- Cross-references and uniqueness ------------------------------------------------------------
// These run on the raw values, so they are reported together with schema problems elsewhere.

type Raw = Record<string, unknown>;
const isRecord = (v: unknown): v is Raw => typeof v === "object" && v !== null && !Array.isArray(v);
const entries = (v: unknown): [string, Raw][] =>
    isRecord(v) ? (Object.entries(v).filter(([, x]) => isRecord(x)) as [string, Raw][]) : [];
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);
/** The names of a list whose entries may be `{ <key>, until, reason? }` (a grant or membership that ends). */
const names = (v: unknown, key: "target" | "group"): string[] =>
    Array.isArray(v) ? v.map((x) => (isRecord(x) ? x[key] : x)).filter((x): x is string => typeof x === "string") : [];
const known = (names: Iterable<string>) => {
    const list = [...names].sort();
    return list.length ? `known: ${list.join(", ")}` : "none declared";
};

function crossCheck(values: Raw): string[] {
    const problems: string[] = [];
    const ouEntries = Array.isArray(values.organizationalUnits) ? values.organizationalUnits : [];
    const ous = checkOrganizationalUnits(ouEntries, problems);
    const accounts = entries(values.accounts);
    const accountKeys = new Set(accounts.map(([k]) => k));
    const permissionSets = new Set(isRecord(values.permissionSets) ? Object.keys(values.permissionSets) : []);
    const groups = new Set(isRecord(values.groups) ? Object.keys(values.groups) : []);

    const management = accounts.filter(([, a]) => a.management === true).map(([k]) => k).sort();
    if (management.length > 1) {
        for (const k of management) {
            problems.push(
                `accounts.${k}.management: only one account can be the management account (marked: ${management.join(", ")})`,
            );
        }
    }
    const emailsSeen = new Map<string, string>();
    const idsSeen = new Map<string, string>();
    for (const [key, account] of accounts) {
        const isManagement = account.management === true;
        if (typeof account.ou === "string" && !ous.has(account.ou)) {
            problems.push(`accounts.${key}.ou: ${show(account.ou)} is not a declared OU (${known(ous)} in organizationalUnits)`);
        }
        if (isManagement && account.ou !== undefined) {
            problems.push(`accounts.${key}.ou: the management account is not a resource of this program and is not moved; remove ou`);
        }
        if (!isManagement && account.email === undefined) {
            problems.push(`accounts.${key}.email: missing: a member account needs an email address unique across AWS`);
        }
        if (typeof account.email === "string") {
            const email = account.email.toLowerCase();
            const other = emailsSeen.get(email);
            if (other) problems.push(`accounts.${key}.email: ${show(account.email)} is also the email of accounts.${other} (account emails are unique)`);
            else emailsSeen.set(email, key);
        }
        if (typeof account.id === "string") {
            const other = idsSeen.get(account.id);
            if (other) problems.push(`accounts.${key}.id: ${show(account.id)} is also the id of accounts.${other}`);
            else idsSeen.set(account.id, key);
        }
    }

    if (accountKeys.has(ALL_ACCOUNTS)) {
        problems.push(`accounts.${ALL_ACCOUNTS}: ${show(ALL_ACCOUNTS)} is reserved: in an access list it means every member account; choose another key`);
    }
    /** An access map's permission sets and targets: account keys, ou:<declared OU>, all. */
    const checkAccess = (path: string, access: unknown) => {
        for (const [ps, targets] of Object.entries(isRecord(access) ? access : {})) {
            if (!permissionSets.has(ps)) problems.push(`${path}.${ps}: ${show(ps)} is not a permission set (${known(permissionSets)})`);
            for (const target of names(targets, "target")) {
                if (target === ALL_ACCOUNTS) continue;
                if (target.startsWith(OU_TARGET)) {
                    const ou = target.slice(OU_TARGET.length);
                    if (ou && !ous.has(ou)) {
                        const targetsKnown = [...ous].map((n) => OU_TARGET + n);
                        const guess = closest(target, targetsKnown);
                        problems.push(`${path}.${ps}: ${show(target)} is not a declared OU (${guess ? `did you mean ${guess}? ` : ""}${known(targetsKnown)})`);
                    }
                } else if (!accountKeys.has(target)) {
                    problems.push(`${path}.${ps}: ${show(target)} is not an account (${known(accountKeys)}); or ou:<OU name>, or all`);
                }
            }
        }
    };
    const externalGroups = new Set(entries(values.groups).filter(([, g]) => g.external === true).map(([name]) => name));
    for (const [name, group] of entries(values.groups)) {
        checkAccess(`groups.${name}.access`, group.access);
        if (group.external === true && group.description !== undefined) {
            problems.push(`groups.${name}.description: an external group's description comes from the identity provider; remove description`);
        }
    }

    const userEmails = new Map<string, string>();
    for (const [name, user] of entries(values.users)) {
        checkAccess(`users.${name}.access`, user.access);
        for (const group of names(user.groups, "group")) {
            if (!groups.has(group)) problems.push(`users.${name}.groups: ${show(group)} is not a group (${known(groups)})`);
            else if (externalGroups.has(group)) {
                problems.push(
                    `users.${name}.groups: ${show(group)} is an external group: its members come from the identity provider, which the program ` +
                        `does not manage; add ${name} to ${group} there, or give ${name} access directly with users.${name}.access`,
                );
            }
        }
        const external = user.external === true;
        for (const [field, what] of Object.entries(PERSON_FIELDS)) {
            if (external && user[field] !== undefined) {
                problems.push(`users.${name}.${field}: an external user's names and email come from the identity provider; remove ${field}`);
            } else if (!external && user[field] === undefined && what) {
                problems.push(`users.${name}.${field}: missing: expected ${what} (or external: true for a user synced from an identity provider)`);
            }
        }
        if (!external && typeof user.email === "string") {
            const email = user.email.toLowerCase();
            const other = userEmails.get(email);
            if (other) problems.push(`users.${name}.email: ${show(user.email)} is also the email of users.${other} (user emails are unique in the identity store)`);
            else userEmails.set(email, name);
        }
    }

    if (isRecord(values.sandbox) && typeof values.sandbox.account === "string") {
        const key = values.sandbox.account;
        const account = accounts.find(([k]) => k === key)?.[1];
        if (!account) {
            problems.push(`sandbox.account: ${show(key)} is not an account (${known(accountKeys)})`);
        } else if (account.management === true) {
            problems.push(`sandbox.account: ${show(key)} is the management account, which must never be nuked; name a dedicated sandbox account`);
        } else if (/prod/i.test(key) || (typeof account.name === "string" && /prod/i.test(account.name))) {
            problems.push(`sandbox.account: ${show(key)} looks like a production account (its key or name contains "prod"); name a dedicated sandbox account`);
        }
    }
    problems.push(...sandboxChecks(values));
    return problems;
}

/** The guardrails, the schedule and their notifications need things elsewhere in the config. */
function sandboxChecks(values: Raw): string[] {
    const sandbox = values.sandbox;
    if (!isRecord(sandbox)) return [];
    const problems: string[] = [];
    const nuke = isRecord(sandbox.nuke) ? sandbox.nuke : {};
    if (sandbox.guardrails !== false) {
        const organization = isRecord(values.organization) ? values.organization : {};
        // A new organisation has the types this stack gives it and no others: nothing to list. An
        // adopted one has whatever was enabled in it, which the exclusive list must not disable.
        if (organization.id !== undefined && organization.enabledPolicyTypes === undefined) {
            problems.push(
                "organization.enabledPolicyTypes: missing: the sandbox guardrails are a service control policy, so SERVICE_CONTROL_POLICY " +
                    "must be enabled in the adopted organisation, and this list is exclusive (a type it leaves out is disabled in the whole organisation). " +
                    "List every type the organisation has enabled (aws organizations list-roots --query \"Roots[0].PolicyTypes\"; " +
                    "npm run adopt writes it), e.g. [SERVICE_CONTROL_POLICY]; or set sandbox.guardrails: false",
            );
        }
        const regions = strings(nuke.regions).filter((r) => r !== "global");
        if (Array.isArray(nuke.regions) && nuke.regions.length > 0 && regions.length === 0) {
            problems.push(
                'sandbox.nuke.regions: names no region besides "global", so the guardrails would deny every regional service; ' +
                    "add the regions the sandbox may use (e.g. eu-central-1), or set sandbox.guardrails: false",
            );
        }
        if (regions.length > 0 && !strings(nuke.regions).includes("global")) {
            problems.push(
                `sandbox.nuke.regions: ${JSON.stringify(regions)} lacks "global": the guardrails leave global services usable (IAM, CloudFront, ` +
                    'Route 53, Organizations, ...), and aws-nuke cleans what they create only under "global"; add global to the list, ' +
                    "or set sandbox.guardrails: false",
            );
        }
    }
    // A schedule one level too high (sandbox.schedule) is reported as misplaced, and counts here.
    if (nuke.schedule !== undefined || sandbox.schedule !== undefined) {
        const budget = isRecord(sandbox.budget) ? sandbox.budget : {};
        if (nuke.notify === undefined && budget.notify === undefined) {
            problems.push("sandbox.nuke.notify: missing: a scheduled nuke e-mails each run's summary; set sandbox.nuke.notify (or sandbox.budget.notify)");
        }
    } else if (nuke.paused === true) {
        problems.push("sandbox.nuke.paused: pauses a schedule, but sandbox.nuke.schedule is not set");
    } else if (nuke.notify !== undefined) {
        problems.push("sandbox.nuke.notify: is for scheduled runs, but sandbox.nuke.schedule is not set");
    }
    return problems;
}

/**
 * Names AWS takes as different that people read as one: group names (and user names) that differ
 * only by letter case, spaces or Unicode normalisation (NFKC: a full-width A, a ligature, a
 * composed accent). Each is warned about, naming the other, since a reviewer or a sign-in page
 * shows them alike.
 */
/** The first character of `name` that prints as an escape, as U+XXXX, or undefined. */
function invisibleIn(name: string): string | undefined {
    for (const c of name) if (visible(c) !== c) return `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`;
    return undefined;
}

function lookAlikeNames(values: Raw): string[] {
    const warnings: string[] = [];
    const skeleton = (name: string) => name.normalize("NFKC").toLowerCase().replace(/[\s\p{Z}]+/gu, "");
    for (const [section, what] of [["groups", "group"], ["users", "user"]] as const) {
        const seen = new Map<string, string>();
        const printed = new Map<string, string>();
        for (const name of (isRecord(values[section]) ? Object.keys(values[section]) : []).sort(compareText)) {
            const key = skeleton(name);
            // A tab and the two characters \t print alike (config/printable.ts visible).
            const shown = skeleton(visible(name));
            const other = seen.get(key) ?? printed.get(shown);
            if (other === undefined) {
                seen.set(key, name);
                printed.set(shown, name);
            } else {
                const how = seen.has(key) ? "they differ only by letter case, spaces or Unicode normalisation" : `they print alike: one holds ${invisibleIn(name) ?? invisibleIn(other)} where the other has the characters of its escape`;
                warnings.push(`${section}.${name}: looks like ${what} ${JSON.stringify(other)} (${how}): AWS keeps them apart, but people reading a plan or signing in will not; rename one`);
            }
        }
    }
    return warnings;
}

/** A user's own fields: what a local user must have (empty: optional), and an external user must not. */
const PERSON_FIELDS: Record<string, string> = {
    givenName: "a given name (1-1024 characters)",
    familyName: "a family name (1-1024 characters)",
    email: "an email address",
    displayName: "",
};

/**
 * The OUs: unique names, parents that are declared OUs, no cycles, at most MAX_OU_DEPTH levels
 * under the root, and ids unique. Returns the declared names.
 */
function checkOrganizationalUnits(ouEntries: unknown[], problems: string[]): Set<string> {
    const normal = (ou: unknown) => (typeof ou === "string" ? { name: ou } : isRecord(ou) && typeof ou.name === "string" ? ou : undefined);
    const ous = new Map<string, Raw>();
    const ouIds = new Map<string, string>();
    const forms = new Map<string, Set<string>>();
    for (const entry of ouEntries) {
        const ou = normal(entry);
        if (ou) forms.set(ou.name as string, (forms.get(ou.name as string) ?? new Set()).add(JSON.stringify(sortKeys(ou))));
    }
    ouEntries.forEach((entry, i) => {
        const ou = normal(entry);
        if (!ou) return;
        const name = ou.name as string;
        // The same OU listed twice is harmless; two different entries under one name are not: OU
        // names are how accounts and ou: targets name an OU.
        if (forms.get(name)!.size > 1) {
            problems.push(`organizationalUnits[${i}]: ${show(name)} is listed more than once, differently; list each OU once (with its id and parent, if any)`);
        }
        ous.set(name, { ...ous.get(name), ...ou });
        if (typeof ou.id === "string") {
            const owner = ouIds.get(ou.id);
            if (owner !== undefined && owner !== name) problems.push(`organizationalUnits[${i}].id: ${show(ou.id)} is also the id of ${show(owner)}`);
            ouIds.set(ou.id, name);
        }
    });
    const names = new Set(ous.keys());
    const parentOf = (name: string) => {
        const parent = ous.get(name)?.parent;
        return typeof parent === "string" && names.has(parent) ? parent : undefined;
    };
    ouEntries.forEach((entry, i) => {
        const ou = normal(entry);
        if (!ou || typeof ou.parent !== "string") return;
        if (!names.has(ou.parent)) {
            const guess = closest(ou.parent, [...names]);
            problems.push(`organizationalUnits[${i}].parent: ${show(ou.parent)} is not a declared OU (${guess ? `did you mean ${guess}? ` : ""}${known(names)})`);
            return;
        }
        // The chain from this OU up to the root: a name seen twice is a cycle.
        const chain = [ou.name as string];
        for (let p = parentOf(chain[0]); p !== undefined; p = parentOf(p)) {
            if (chain.includes(p)) {
                const cycle = [...chain.slice(chain.indexOf(p)), p];
                // Reported once, at the cycle's first OU by name.
                if (p === [...cycle].sort(compareText)[0] && chain[0] === p) {
                    problems.push(`organizationalUnits[${i}].parent: ${cycle.join(" → ")} is a cycle: an OU cannot sit inside itself; one of them must sit in the root`);
                }
                return;
            }
            chain.push(p);
        }
        if (chain.length > MAX_OU_DEPTH) {
            problems.push(
                `organizationalUnits[${i}].parent: ${show(ou.parent)} puts ${show(ou.name)} ${chain.length} levels deep under the root ` +
                    `(${chain.join(" in ")}); AWS Organizations allows ${MAX_OU_DEPTH}`,
            );
        }
    });
    return names;
}

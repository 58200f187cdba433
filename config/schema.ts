/**
 * The stack config contract: one zod schema is the single source of the config types, the
 * validation rules (AWS limits from the API models, see shared/reference/aws-limits.md) and the
 * JSON Schema editors use to complete and check the stack files.
 *
 * Parsing also canonicalises: maps come out with sorted keys and lists sorted and deduplicated, so
 * the program's plan does not depend on the order of anything in Pulumi.<stack>.yaml.
 */
import { z } from "zod";
import { AWS_NUKE_RESOURCE_TYPES } from "./sandbox/awsNukeResourceTypes";
import { NUKE_FILTER_TYPES, globProblem, re2Problem } from "./sandbox/nukeFilter";
import { POLICY_TYPES, emailShapeProblem } from "./organizationsRules";
import { scheduleProblem } from "./sandbox/schedule";
import { closest } from "./suggest";
import { End, MAX_REASON, isoSecond, parseTime } from "./until";
import type { EndedGrant } from "./ends";

/** Quote a value the way error lines show it. */
export function show(value: unknown): string {
    if (value === undefined) return "nothing";
    const text = JSON.stringify(value);
    return text === undefined ? String(value) : text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** What to add when YAML read a value as a number or a boolean where text belongs: quote it. */
function unquoted(input: unknown): string {
    if (typeof input === "number") return ": YAML read it as a number (losing any leading zero); quote it";
    if (typeof input === "boolean") return ": YAML read it as a boolean; quote it";
    return "";
}

/** A string checked against a pattern; the error names the value and says what would be valid. */
function text(valid: string, pattern?: RegExp, length?: { min?: number; max?: number }) {
    const bad = (input: unknown) => `${show(input)} is not ${valid}`;
    let s = z.string({ error: (iss) => (iss.input === undefined ? `missing: expected ${valid}` : `${bad(iss.input)}${unquoted(iss.input)}`) });
    if (length?.min !== undefined) s = s.min(length.min, { error: (iss) => bad(iss.input) });
    if (length?.max !== undefined) s = s.max(length.max, { error: (iss) => bad(iss.input) });
    // A value of the wrong length is refused without its pattern: one problem, and no pattern ever
    // sees more than the longest valid value (a bound on its cost whatever the input).
    const fits = (value: unknown) =>
        typeof value === "string" && value.length >= (length?.min ?? 0) && value.length <= (length?.max ?? Infinity);
    // (zod runs a check's `when` at parse time; its types do not list it for regex.)
    const skipUnfit = { when: (payload: { value: unknown }) => fits(payload.value) } as object;
    if (pattern) s = s.regex(pattern, { error: (iss) => bad(iss.input), ...skipUnfit });
    return s;
}

/** A list, canonicalised: duplicates dropped, entries sorted. */
function set<T extends z.ZodType<string>>(item: T, what: string) {
    return z
        .array(item, { error: (iss) => (iss.input === undefined ? `missing: expected a list of ${what}` : `${show(iss.input)} is not a list of ${what}`) })
        .transform((items) => [...new Set(items)].sort());
}

/** A map, canonicalised: keys sorted. */
function map<K extends z.ZodType<string>, V extends z.ZodType>(key: K, value: V, what: string) {
    return z
        .record(key, value, { error: (iss) => (iss.input === undefined ? `missing: expected a map of ${what}` : `${show(iss.input)} is not a map of ${what}`) })
        .transform((record) => sortKeys(record as Record<string, z.output<V>>));
}

/** Code-unit order, the same on every machine (localeCompare is not): for every canonical sort. */
export function compareText(a: string, b: string): number {
    return a < b ? -1 : a > b ? 1 : 0;
}

export function sortKeys<V>(record: Record<string, V>): Record<string, V> {
    return Object.fromEntries(Object.entries(record).sort(([a], [b]) => compareText(a, b)));
}

const bool = (what: string) => z.boolean({ error: (iss) => `${show(iss.input)} is not ${what} (true or false)` });

// --- AWS limits ---------------------------------------------------------------------------------

/** sso-admin and IAM name pattern: permission sets, policy names. */
export const IAM_NAME = /^[\w+=,.@-]+$/;
const PRINTABLE_ASCII = /^[\x20-\x7E]+$/;
const LATIN1_PRINTABLE = /^[\t\n\r\u0020-\u007E\u00A1-\u00FF]+$/;
const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;
/**
 * The shape of a region name; whether the region exists is checked against the AWS SDK's
 * partition table (config/catalogueChecks.ts), which also knows eusc-de-east-1 and the like.
 */
export const REGION_SHAPE = /^[a-z0-9]+(-[a-z0-9]+)*$/;
/** sso-admin's RelayState pattern (aws-sdk-js-v3 codegen/sdk-codegen/aws-models/sso-admin.json). */
const RELAY_STATE = /^[a-zA-Z0-9&$@#\\/%?=~\-_'"|!:,.;*+[\]() {}]+$/;
export const RESERVED_NAMES = ["Administrator", "AWSAdministrators"];
/** The role Organizations creates in every new member account, trusted by the management account. */
export const ACCESS_ROLE = "OrganizationAccountAccessRole";
export const MANAGED_POLICY_ARN_PREFIX = "arn:aws:iam::aws:policy/";
export const MANAGED_POLICY = /^(arn:aws(-[a-z]+)*:iam::aws:policy\/)?([\w+=,.@-]+\/)*[\w+=,.@-]{1,128}$/;
const CUSTOMER_POLICY = /^(\/([\w+=,.@-]+\/)*)?[\w+=,.@-]{1,128}$/;

/** Organizations' and sso-admin's tag pattern (their API models): Unicode letters, digits, spaces and _.:/=+-@. */
const TAG_TEXT = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
/** `aws:` starts the tags AWS sets itself, in any letter case; AWS refuses it on a tag it is given. */
const RESERVED_TAG_KEY = /^aws:/i;
const tags = map(
    text("a tag key (1-128 letters, digits, spaces and _.:/=+-@)", TAG_TEXT, { min: 1, max: 128 }).refine((k) => !RESERVED_TAG_KEY.test(k), {
        error: (iss) => `${show(iss.input)} starts with aws:, which AWS reserves for its own tags (in any letter case); choose another key`,
    }),
    text("a tag value (0-256 letters, digits, spaces and _.:/=+-@)", TAG_TEXT, { max: 256 }),
    "tag keys to values",
).refine((t) => Object.keys(t).length <= 50, { error: "has more than 50 tags (the AWS limit)" });

/** An OU's name is its logical name in Pulumi, where `::` separates a URN's parts. */
const ouName = text("an OU name (1-128 characters)", undefined, { min: 1, max: 128 }).refine((n) => !n.includes("::"), {
    error: (iss) => `${show(iss.input)} contains "::", which Pulumi reserves in resource names`,
});
/** How deep OUs nest under the root: "Five levels of OUs deep under a root" (Organizations quotas, orgs_reference_limits). */
export const MAX_OU_DEPTH = 5;
/**
 * An OU: its name, created under the root; or `{ name, id?, tags?, parent? }`: with `id`, an
 * existing OU adopted (imported); with `tags`, its tags (read back on import, so an adopted OU's
 * must match); with `parent`, the OU it sits in, by name (default: the root).
 */
export const organizationalUnitFields = z.strictObject({
    name: ouName,
    id: text("an OU id (ou-, 4-32 letters or digits, -, 8-32 letters or digits)", /^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$/).optional(),
    tags: tags.optional(),
    /** The OU this one sits in, by name. @default the root */
    parent: ouName.optional(),
});
const organizationalUnit = z.union(
    [ouName.transform((name): z.output<typeof organizationalUnitFields> => ({ name })), organizationalUnitFields],
    {
        error: (iss) =>
            mapFormProblems(iss, 1) ??
            // A name that is text but not a name an OU can have: say why.
            (typeof iss.input === "string" ? (iss as { errors?: z.core.$ZodIssue[][] }).errors?.[0]?.[0]?.message : undefined) ??
            `${show(iss.input)} is not an OU (a name, or { name, id?, tags?, parent? }: id adopts an existing one)`,
    },
);

/**
 * For a union of a plain form and a map form given a map: the map form's own problems, each by its
 * path inside the map (`tags: "x" is not a map...`), which say more than "is not an OU".
 * @returns undefined when the input is no map, or the map form has no problem to show
 */
function mapFormProblems(iss: unknown, branch: number): string | undefined {
    const input = (iss as { input?: unknown }).input;
    const issues = (iss as { errors?: z.core.$ZodIssue[][] }).errors?.[branch] ?? [];
    if (typeof input !== "object" || input === null || Array.isArray(input) || issues.length === 0) return undefined;
    return issues
        .map((i) => {
            // A bad key's path ends with that key: name the map it is in, and let the message show it.
            const [path, message] = i.code === "invalid_key" ? [i.path.slice(0, -1), i.issues[0]?.message ?? i.message] : [i.path, i.message];
            return `${path.length ? `${path.join(".")}: ` : ""}${message}`;
        })
        .join("; ");
}
export const accountKey = text("an account key (a lowercase slug such as dev or shared-services)", /^[a-z0-9]+(-[a-z0-9]+)*$/, {
    max: 50,
});
const permissionSetName = text("a permission set name (1-32 characters of letters, digits and +=,.@_-)", IAM_NAME, {
    min: 1,
    max: 32,
});
/** `::` separates the parts of a Pulumi URN: a logical name made from a key must not contain it. */
const noUrnSeparator = { error: (iss: { input: unknown }) => `${show(iss.input)} contains "::", which Pulumi reserves in resource names` };
/**
 * The identity store's character classes (its API model, aws-sdk-js-v3
 * codegen/sdk-codegen/aws-models/identitystore.json): `UserName` is `[\p{L}\p{M}\p{S}\p{N}\p{P}]+`;
 * `GroupDisplayName` adds tab, newline, carriage return, space and no-break space;
 * `SensitiveStringType` (display, given and family names, emails, descriptions) also the
 * ideographic space. No control or format character (a zero-width space, a bidi override) passes.
 */
const IDENTITY_BASE = "\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}";
const USER_NAME_CHAR = new RegExp(`[${IDENTITY_BASE}]`, "u");
const GROUP_NAME_CHAR = new RegExp(`[${IDENTITY_BASE}\\t\\n\\r \\u00A0]`, "u");
const SENSITIVE_CHAR = new RegExp(`[${IDENTITY_BASE}\\t\\n\\r \\u00A0\\u3000]`, "u");
/** The first character of `value` outside `allowed`, as U+XXXX with its kind; undefined when there is none. */
export function refusedCharacter(value: string, allowed: RegExp): string | undefined {
    for (const ch of value) {
        if (allowed.test(ch)) continue;
        const code = `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`;
        const kind = /\p{Cc}/u.test(ch) ? "a control character" : /\p{Cf}/u.test(ch) ? "a format character" : /\s/.test(ch) ? "whitespace" : "a character";
        return `${code} (${kind})`;
    }
    return undefined;
}
/** A refinement refusing what the identity store refuses, naming the character. */
const identityText = (allowed: RegExp, what: string) => ({
    check: (v: string) => refusedCharacter(v, allowed) === undefined,
    params: { error: (iss: { input: unknown }) => `${show(iss.input)} contains ${refusedCharacter(String(iss.input), allowed)}, which the identity store refuses in ${what}` },
});
const inIdentityStore = (schema: z.ZodString, allowed: RegExp, what: string) => {
    const rule = identityText(allowed, what);
    return schema.refine(rule.check, rule.params);
};
const groupName = inIdentityStore(text("a group name (1-1024 characters)", undefined, { min: 1, max: 1024 }), GROUP_NAME_CHAR, "a group's display name (letters, marks, symbols, digits, punctuation, spaces, tabs and newlines)")
    .refine((n) => !RESERVED_NAMES.includes(n), {
        error: (iss) => `${show(iss.input)} is reserved by Identity Center (not ${RESERVED_NAMES.join(" or ")})`,
    })
    .refine((n) => !n.includes("::"), noUrnSeparator);
const userName = inIdentityStore(text("a user name (1-128 characters, no whitespace)", undefined, { min: 1, max: 128 }), USER_NAME_CHAR, "a user name (letters, marks, symbols, digits and punctuation: no whitespace)")
    .refine((n) => !RESERVED_NAMES.includes(n), {
        error: (iss) => `${show(iss.input)} is reserved by Identity Center (not ${RESERVED_NAMES.join(" or ")})`,
    })
    .refine((n) => !n.includes("::"), noUrnSeparator);
const personName = (what: string) => inIdentityStore(text(`${what} (1-1024 characters)`, /\S/, { min: 1, max: 1024 }), SENSITIVE_CHAR, what);

/** ISO-8601 duration as Identity Center takes it, e.g. PT8H or PT90M. */
const DURATION = /^PT(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?$/;
export function durationSeconds(duration: string): number | undefined {
    const m = DURATION.exec(duration);
    if (!m) return undefined;
    return Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0);
}
const sessionDuration = z
    .string({ error: (iss) => `${show(iss.input)} is not an ISO-8601 duration such as PT8H` })
    .refine((d) => durationSeconds(d) !== undefined, {
        error: (iss) => `${show(iss.input)} is not an ISO-8601 duration such as PT8H or PT90M`,
    })
    .refine((d) => (durationSeconds(d) ?? 0) >= 3600 && (durationSeconds(d) ?? 0) <= 12 * 3600, {
        error: (iss) => `${show(iss.input)} is outside what Identity Center allows (PT1H to PT12H)`,
    });

/** An AWS managed policy name (`PowerUserAccess`, `job-function/ViewOnlyAccess`) or ARN, as a full ARN. */
const managedPolicy = text(
    "an AWS managed policy (a name such as PowerUserAccess or job-function/ViewOnlyAccess, or its ARN)",
    MANAGED_POLICY,
).transform((p) => (p.startsWith("arn:") ? p : MANAGED_POLICY_ARN_PREFIX + p));

/** A customer managed policy reference `NAME` or `/path/NAME`, split as sso-admin wants it. */
const customerPolicy = text(
    "a customer managed policy name (NAME or /path/NAME, name of 1-128 letters, digits and +=,.@_-)",
    CUSTOMER_POLICY,
).transform((p) => {
    const at = p.lastIndexOf("/");
    return at < 0 ? { name: p, path: "/" } : { name: p.slice(at + 1), path: p.slice(0, at + 1) };
});

/**
 * An IAM policy document in canonical form: keys sorted, and every list sorted (IAM treats each list
 * in a policy, statements included, as a set), so reordering it in the stack file changes nothing.
 */
export function canonicalPolicy(value: unknown): unknown {
    if (Array.isArray(value)) {
        return value.map(canonicalPolicy).sort((a, b) => {
            const [x, y] = [JSON.stringify(a), JSON.stringify(b)];
            return x < y ? -1 : x > y ? 1 : 0;
        });
    }
    if (typeof value === "object" && value !== null) {
        return sortKeys(Object.fromEntries(Object.entries(value).map(([k, v]) => [k, canonicalPolicy(v)])));
    }
    return value;
}

/** Its grammar (Statement, Effect, Action...) is checked by config/policyDocument.ts. */
const policyDocument = z
    .record(z.string(), z.unknown(), { error: (iss) => `${show(iss.input)} is not an IAM policy document (an object with a Statement)` })
    .superRefine((doc, ctx) => {
        // sso-admin's PermissionSetPolicyDocument (its API model): 1-10,240 characters of
        // [\t\n\r\u0020-\u00FF]; the document is sent as compact JSON.
        const json = JSON.stringify(doc);
        if (json.length > 10240) ctx.addIssue({ code: "custom", message: `is ${json.length} characters as compact JSON; sso-admin takes at most 10,240 for an inline policy` });
        const beyond = /[^\t\n\r\u0020-\u00FF]/.exec(json);
        if (beyond) ctx.addIssue({ code: "custom", message: `holds ${show(beyond[0])}, a character beyond Latin-1, which sso-admin refuses in an inline policy` });
    })
    .transform((doc) => canonicalPolicy(doc) as Record<string, unknown>);

// --- The sections -------------------------------------------------------------------------------

/** One of AWS's policy types (config/organizationsRules.ts), with the one a typo meant. */
const policyType = z
    .string({ error: (iss) => `${show(iss.input)} is not a policy type such as SERVICE_CONTROL_POLICY or TAG_POLICY` })
    .superRefine((type, ctx) => {
        if (POLICY_TYPES.includes(type)) return;
        const guess = closest(type, POLICY_TYPES);
        ctx.addIssue({
            code: "custom",
            message: `${show(type)} is not a policy type (${guess ? `did you mean ${guess}? ` : ""}AWS's policy types: ${POLICY_TYPES.join(", ")})`,
        });
    });

export const organizationSchema = z.strictObject({
    /** Adopt this existing organisation (imported by id); omit to create one. */
    id: text("an organisation id (o- and 10-32 lowercase letters or digits)", /^o-[a-z0-9]{10,32}$/).optional(),
    /** Services trusted on top of sso.amazonaws.com, which Identity Center needs. */
    serviceAccessPrincipals: set(text("a service principal such as config.amazonaws.com", /^[a-z0-9-]+(\.[a-z0-9-]+)*\.amazonaws\.com$/), "service principals").default([]),
    /**
     * Policy types enabled in the root (SERVICE_CONTROL_POLICY, TAG_POLICY, ...). Absent, the
     * program leaves them as they are, whatever the console sets.
     */
    enabledPolicyTypes: set(policyType, "policy types").optional(),
});

export const accountSchema = z.strictObject({
    name: text("an account name (1-50 printable ASCII characters)", PRINTABLE_ASCII, { min: 1, max: 50 }),
    email: text("an email address (6-64 characters)", undefined, { min: 6, max: 64 })
        .superRefine((email, ctx) => {
            // The Organizations model's shape; CreateAccount's stricter rules are config/awsChecks.ts's.
            const problem = email.length >= 6 && email.length <= 64 ? emailShapeProblem(email) : undefined;
            if (problem) ctx.addIssue({ code: "custom", message: `${show(email)} is not an email address: it ${problem}` });
        })
        .optional(),
    ou: ouName.optional(),
    id: text("an account id (12 digits)", /^\d{12}$/).optional(),
    management: bool("a management flag").default(false),
    tags: tags.default({}),
});

export const permissionSetSchema = z.strictObject({
    description: text("a description (1-700 printable Latin-1 characters)", LATIN1_PRINTABLE, { min: 1, max: 700 }).optional(),
    managedPolicies: set(managedPolicy, "AWS managed policies")
        .refine((p) => p.length <= 20, { error: "has more than 20 managed policies (the Identity Center limit)" })
        .default([]),
    customerManagedPolicies: z
        .array(customerPolicy, { error: (iss) => `${show(iss.input)} is not a list of customer managed policy names` })
        .transform(dedupeReferences)
        .refine((p) => p.length <= 20, { error: "has more than 20 customer managed policies (the Identity Center limit)" })
        .default([]),
    inlinePolicy: policyDocument.optional(),
    permissionsBoundary: z
        .union([managedPolicy, z.strictObject({ customerManaged: customerPolicy })], {
            error: (iss) =>
                `${show(iss.input)} is not a permissions boundary (an AWS managed policy name or ARN, or { customerManaged: NAME })`,
        })
        .optional(),
    sessionDuration: sessionDuration.default("PT1H"),
    relayState: text("a relay state (1-240 characters: letters, digits, spaces and &$@#\\/%?=~-_'\"|!:,.;*+[](){})", RELAY_STATE, { min: 1, max: 240 }).optional(),
    tags: tags.default({}),
});

/** In an access list: every member account (never the management account). */
export const ALL_ACCOUNTS = "all";
/** In an access list: `ou:<OU name>`, every account in that OU and in every OU nested under it. */
export const OU_TARGET = "ou:";
const accessTarget = text(
    "an access target (an account key such as dev, ou:<OU name> such as ou:Workloads, or all)",
    /^([a-z0-9]+(-[a-z0-9]+)*|ou:[\s\S]{1,128})$/,
    { max: 131 },
);

/**
 * When access ends (config/until.ts): ISO 8601 with a time zone, or a date alone meaning the end of
 * that day in UTC; kept as the UTC instant to the second.
 */
const untilTime = z
    .string({ error: (iss) => (iss.input === undefined ? "missing: expected an end such as 2026-12-05T18:00:00Z or 2026-12-05" : `${show(iss.input)} is not an end time such as 2026-12-05T18:00:00Z or 2026-12-05`) })
    .superRefine((value, ctx) => {
        const parsed = parseTime(value);
        if ("problem" in parsed) ctx.addIssue({ code: "custom", message: `${show(value)} ${parsed.problem}` });
    })
    .transform((value) => isoSecond((parseTime(value) as { time: Date }).time));
/** Why access was given until then: free text (shown escaped, never interpreted), one line. */
const reason = text(`a reason (one line of 1-${MAX_REASON} characters)`, /^[^\p{Cc}]+$/u, { min: 1, max: MAX_REASON });
export const TIMED_TARGET_KEYS = ["target", "until", "reason"];
export const TIMED_GROUP_KEYS = ["group", "until", "reason"];

/** A union of a plain form and `{ <key>, until, reason? }`, whose problems say what is wrong inside the map. */
function timed<T extends z.ZodType<string>>(plain: T, key: "target" | "group", what: string) {
    const keys = key === "target" ? TIMED_TARGET_KEYS : TIMED_GROUP_KEYS;
    const form = z.strictObject({ [key]: plain, until: untilTime, reason: reason.optional() } as { target: T; until: typeof untilTime; reason: z.ZodOptional<typeof reason> });
    return z.union([plain, form], {
        error: (iss) => {
            const input = (iss as { input?: unknown }).input;
            const issues = (iss as { errors?: z.core.$ZodIssue[][] }).errors?.[1] ?? [];
            if (typeof input !== "object" || input === null || Array.isArray(input) || issues.length === 0) {
                return `${show(input)} is not ${what} (or { ${key}, until, reason? }, which ends at until)`;
            }
            // A misspelled key is one mistake: say that, not also that the key it meant is missing.
            const unknown = issues.find((i) => i.code === "unrecognized_keys");
            if (unknown) {
                return unknown.keys
                    .map((k) => {
                        const guess = closest(k, keys);
                        return `${show(k)} is not a key here (${guess ? `did you mean ${guess}? ` : ""}valid: ${keys.join(", ")})`;
                    })
                    .join("; ");
            }
            return issues.map((i) => `${i.path.length ? `${i.path.join(".")}: ` : ""}${i.message}`).join("; ");
        },
    });
}

/**
 * A list of targets or groups, some of them ending: the plain names (sorted, unique) and the ends
 * of those that end. One thing given twice with different ends is refused: which one holds?
 */
function timedList<T extends z.ZodType<string>>(plain: T, key: "target" | "group", what: string, whats: string) {
    return z
        .array(timed(plain, key, what), { error: (iss) => (iss.input === undefined ? `missing: expected a list of ${whats}` : `${show(iss.input)} is not a list of ${whats}`) })
        .superRefine((entries, ctx) => {
            const seen = new Map<string, string>();
            for (const entry of entries) {
                const [name, end] = typeof entry === "string" ? [entry, "does not end"] : [(entry as Record<string, string>)[key], `until ${entry.until}${entry.reason === undefined ? "" : ` (${show(entry.reason)})`}`];
                const before = seen.get(name);
                if (before !== undefined && before !== end) {
                    ctx.addIssue({ code: "custom", message: `${show(name)} is given twice, differently (${before}; ${end}): give it once, with the end that holds` });
                }
                seen.set(name, end);
            }
        })
        .transform((entries) => {
            const ends: Record<string, End> = {};
            const names = entries.map((entry) => {
                if (typeof entry === "string") return entry;
                const name = (entry as Record<string, string>)[key];
                ends[name] = entry.reason === undefined ? { until: entry.until } : { until: entry.until, reason: entry.reason };
                return name;
            });
            return { names: [...new Set(names)].sort(compareText), ends: sortKeys(ends) };
        });
}

/**
 * Permission set name → where it is given: account keys, `ou:<OU name>` (the OU and every OU
 * nested under it) and `all` (every member account), expanded from the config at plan time; any of
 * them as `{ target, until, reason? }` to end at `until`.
 */
const timedAccess = map(permissionSetName, timedList(accessTarget, "target", "an access target (an account key, ou:<OU name> or all)", "access targets (account keys, ou:<OU name> or all)"), "permission set names to access targets").default({});
/** Permission set name → target → when that grant ends: only the grants that end. */
export type AccessEnds = Record<string, Record<string, End>>;
function splitAccess(access: z.output<typeof timedAccess>): { access: Record<string, string[]>; ends: AccessEnds } {
    const ends: AccessEnds = {};
    for (const [ps, list] of Object.entries(access)) if (Object.keys(list.ends).length) ends[ps] = list.ends;
    return { access: Object.fromEntries(Object.entries(access).map(([ps, list]) => [ps, list.names])), ends };
}

export const groupFields = z.strictObject({
    description: inIdentityStore(text("a description (1-1024 characters)", undefined, { min: 1, max: 1024 }), SENSITIVE_CHAR, "a group's description").optional(),
    /**
     * The group exists in the identity store, synced from an external identity provider: it is
     * looked up by display name, never created or deleted, and its members are the provider's.
     * @default false
     */
    external: bool("an external flag").default(false),
    /** Permission set name → account keys, `ou:<OU name>` or `all`; any as `{ target, until, reason? }`. */
    access: timedAccess,
});
export const groupSchema = groupFields.transform(({ access, ...group }) => ({ ...group, ...splitAccess(access) }));

/**
 * A user. A local one (created by the program) has names and an email; an external one
 * (`external: true`, synced from an identity provider) is looked up by user name and has neither.
 * Which fields each needs is checked with the cross-references (config/load.ts).
 */
export const userFields = z.strictObject({
    /** The user exists in the identity store (synced from an identity provider): looked up, never created. @default false */
    external: bool("an external flag").default(false),
    givenName: personName("a given name").optional(),
    familyName: personName("a family name").optional(),
    email: inIdentityStore(text("an email address", EMAIL, { max: 128 }), SENSITIVE_CHAR, "an email address").optional(),
    /** @default "givenName familyName" */
    displayName: personName("a display name").optional(),
    /** Group names; any as `{ group, until, reason? }`, a membership that ends at until. */
    groups: timedList(groupName, "group", "a group name", "group names").default({ names: [], ends: {} }),
    /** Permission sets given to this user directly (principal type USER): account keys, `ou:<OU name>` or `all`; any as `{ target, until, reason? }`. */
    access: timedAccess,
    /** When everything this person has ends (memberships and direct access); the user stays. @default never */
    until: untilTime.optional(),
});
/** What ends of a user's access: their memberships and direct grants that end, and the person's own end. */
export interface UserEnds {
    /** Permission set → target → end, of the direct grants that end. */
    ends: AccessEnds;
    /** Group → end, of the memberships that end. */
    groupEnds: Record<string, End>;
    /** `users.<u>.until`: everything ends then. */
    until?: string;
}
export type LocalUserConfig = { external: false; givenName: string; familyName: string; email: string; displayName: string; groups: string[]; access: Record<string, string[]> } & UserEnds;
export type ExternalUserConfig = { external: true; groups: string[]; access: Record<string, string[]> } & UserEnds;
// Validation guarantees a local user's names and email, and refuses them on an external user.
export const userSchema = userFields.transform((u): LocalUserConfig | ExternalUserConfig => {
    const timedParts: Omit<UserEnds, "ends"> & { groups: string[] } = { groups: u.groups.names, groupEnds: u.groups.ends, ...(u.until !== undefined && { until: u.until }) };
    const { access, ends } = splitAccess(u.access);
    return u.external
        ? { external: true, ...timedParts, access, ends }
        : {
              external: false,
              givenName: u.givenName as string,
              familyName: u.familyName as string,
              email: u.email as string,
              displayName: u.displayName ?? `${u.givenName} ${u.familyName}`,
              ...timedParts,
              access,
              ends,
          };
});

const filterValue = text("a filter value (a non-empty string)", undefined, { min: 1 });
export const KEEP_FILTER_KEYS = ["type", "value", "property", "invert"];
const keepFilterObject = z
    .strictObject({
        /** How `value` matches; none is exact, as in libnuke (pkg/filter/filter.go Match: `case Empty, Exact`). */
        type: z
            .enum(NUKE_FILTER_TYPES, { error: (iss) => `${show(iss.input)} is not a filter type (${NUKE_FILTER_TYPES.join(", ")})` })
            .default("exact"),
        value: filterValue,
        /** The resource property to match instead of the resource's string, e.g. `Name`, `role:RoleName`. */
        property: text("a property name such as Name or role:RoleName", /^\S+$/).optional(),
        /** Keep what does NOT match. */
        invert: bool("an invert flag").optional(),
    })
    .superRefine((f, ctx) => {
        const problem = f.type === "regex" ? re2Problem(f.value) : f.type === "glob" ? globProblem(f.value) : undefined;
        if (problem) ctx.addIssue({ code: "custom", path: ["value"], message: `${show(f.value)} ${problem}` });
    });
/** One filter of `sandbox.nuke.keep`: a plain string (an exact match on the resource's string) or `{ type, value, property?, invert? }`. */
const keepFilter = z.union([filterValue, keepFilterObject], {
    error: (iss) => {
        const input = (iss as { input?: unknown }).input;
        const objectIssues = (iss as { errors?: z.core.$ZodIssue[][] }).errors?.[1] ?? [];
        if (typeof input !== "object" || input === null || Array.isArray(input) || objectIssues.length === 0) {
            return `${show(input)} is not a filter (a string, matched exactly, or { type: ${NUKE_FILTER_TYPES.join("|")}, value, property?, invert? })`;
        }
        return objectIssues
            .map((i) =>
                i.code === "unrecognized_keys"
                    ? `${i.keys.map(show).join(", ")} is not a filter key (valid: ${KEEP_FILTER_KEYS.join(", ")})`
                    : `${i.path.length ? `${i.path.join(".")}: ` : ""}${i.message}`,
            )
            .join("; ");
    },
});

/** AWS Budgets takes at most 10 e-mail subscribers per notification (NotificationWithSubscribers). */
export const MAX_EMAIL_SUBSCRIBERS = 10;
/** A budget has at most 10 notifications (the Budgets API's Notification type); one is the forecast. */
export const MAX_ACTUAL_THRESHOLDS = 9;
const emails = (what: string) =>
    set(text("an email address", EMAIL, { max: 128 }), `email addresses ${what}`)
        .refine((list) => list.length >= 1, { error: `is empty: name at least one address ${what}` })
        .refine((list) => list.length <= MAX_EMAIL_SUBSCRIBERS, {
            error: (iss) => `has ${(iss.input as unknown[]).length} addresses; AWS takes at most ${MAX_EMAIL_SUBSCRIBERS} e-mail subscribers per notification`,
        });

export const budgetSchema = z.strictObject({
    /** The monthly cost limit of the sandbox account, in `currency`. */
    monthlyLimit: z
        .number({
            error: (iss) =>
                iss.input === undefined ? "missing: expected a number, the monthly limit (e.g. 50 for 50 USD)" : `${show(iss.input)} is not a number (the monthly limit, e.g. 50 for 50 USD)`,
        })
        .refine((n) => Number.isFinite(n) && n > 0, { error: (iss) => `${show(iss.input)} is not a positive amount (e.g. 50)` })
        .refine((n) => n <= 1_000_000_000, { error: (iss) => `${show(iss.input)} is more than 1,000,000,000; a sandbox budget is a small amount` })
        .refine((n) => Math.round(n * 100) === n * 100, { error: (iss) => `${show(iss.input)} has more than two decimals (cents at most)` }),
    /** AWS Budgets accepts USD only for cost budgets ("AUD is not in the supported unit set: [USD]"). */
    currency: z.literal("USD", { error: (iss) => `${show(iss.input)} is not a supported currency: AWS Budgets takes USD only` }).default("USD"),
    /** Who is told: each address gets every notification. */
    notify: emails("to notify"),
    /** Percentages of the limit at which actual spend notifies; a forecast over 100% always does. */
    thresholds: z
        .array(
            z
                .number({ error: (iss) => `${show(iss.input)} is not a percentage (a number from 1 to 1000)` })
                .refine((n) => Number.isFinite(n) && n >= 1 && n <= 1000, { error: (iss) => `${show(iss.input)} is not a percentage from 1 to 1000` }),
            { error: (iss) => `${show(iss.input)} is not a list of percentages such as [80, 100]` },
        )
        .transform((list) => [...new Set(list)].sort((a, b) => a - b))
        .refine((list) => list.length >= 1, { error: "is empty: name at least one percentage, e.g. [80, 100]" })
        .refine((list) => list.length <= MAX_ACTUAL_THRESHOLDS, {
            error: `has more than ${MAX_ACTUAL_THRESHOLDS} percentages: a budget has at most 10 notifications, one of them the forecast`,
        })
        .default([80, 100]),
});

export const sandboxSchema = z.strictObject({
    account: accountKey,
    /** Prefix of the account alias; a random suffix makes it globally unique. */
    alias: text(
        "an alias prefix (3-50 lowercase letters, digits and single hyphens)",
        /^[a-z0-9]+(-[a-z0-9]+)*$/,
        { min: 3, max: 50 },
    )
        .refine((a) => !a.includes("prod"), { error: (iss) => `${show(iss.input)} contains "prod", which aws-nuke refuses` })
        .optional(),
    nuke: z.strictObject({
        regions: z
            .array(text("a region (global or a region name such as eu-central-1)", REGION_SHAPE), {
                error: (iss) => `${show(iss.input)} is not a list of regions`,
            })
            .min(1, { error: "is empty: name at least one region (global and region names such as eu-central-1)" })
            .transform((regions) => [...new Set(regions)].sort((a, b) => (a === "global" ? -1 : b === "global" ? 1 : compareText(a, b)))),
        dryRun: bool("a dry-run flag").default(true),
        /** Any string; changing it runs aws-nuke again. */
        run: z.string({ error: (iss) => `${show(iss.input)} is not a string (any text; change it to run aws-nuke again)` }).default(""),
        cdkQualifier: text("a CDK qualifier (1-10 lowercase letters or digits)", /^[a-z0-9]{1,10}$/).default("hnb659fds"),
        /**
         * What aws-nuke must leave in place besides what the program keeps by itself: aws-nuke v3
         * resource type → filters. For what the organisation runs in the sandbox (an organisation
         * CloudTrail trail, a delegated administrator's GuardDuty detector) or a hand-made state bucket.
         */
        keep: z
            .partialRecord(
                z.enum(AWS_NUKE_RESOURCE_TYPES as [string, ...string[]]),
                z
                    .array(keepFilter, { error: (iss) => `${show(iss.input)} is not a list of filters` })
                    .min(1, { error: "is empty: list at least one filter, or remove the resource type" })
                    .transform((filters) => {
                        const byKey = new Map(filters.map((f) => [JSON.stringify(f), f]));
                        return [...byKey.keys()].sort(compareText).map((k) => byKey.get(k)!);
                    }),
                { error: (iss) => `${show(iss.input)} is not a map of aws-nuke resource types to filters` },
            )
            .transform((record) => sortKeys(record as Record<string, z.output<typeof keepFilter>[]>))
            .default({}),
        /** EventBridge Scheduler expression: when set, the nuke also runs in AWS on this schedule. */
        schedule: z
            .string({ error: (iss) => `${show(iss.input)} is not a schedule expression such as cron(0 18 ? * FRI *) or rate(7 days)` })
            .superRefine((expression, ctx) => {
                const problem = scheduleProblem(expression);
                if (problem) ctx.addIssue({ code: "custom", message: `${show(expression)}: ${problem}` });
            })
            .optional(),
        /** Turns the schedule off without removing the runner. @default false */
        paused: bool("a paused flag").default(false),
        /** Who gets each scheduled run's summary. @default the budget's `notify` */
        notify: emails("to send each run's summary to").optional(),
    }),
    /** A monthly cost budget of the sandbox account, in the management account. */
    budget: budgetSchema.optional(),
    /** A service control policy on the sandbox: regions, leaving, the ways in. @default true */
    guardrails: bool("a guardrails flag").default(true),
});

export const identityCenterSchema = z.strictObject({
    instanceArn: text(
        "an Identity Center instance ARN (arn:aws:sso:::instance/ssoins-...)",
        /^arn:aws(-[a-z]+)*:sso:::instance\/(sso)?ins-[a-zA-Z0-9-.]{16}$/,
    ),
    identityStoreId: text(
        "an identity store id (d- and 10 hex digits)",
        /^(d-[0-9a-f]{10}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/,
    ),
});

/**
 * Import ids of what existed before the program managed it, written by `npm run adopt`: each key is
 * a resource's logical name (config/names.ts), each value the id `pulumi import` takes for that
 * resource type (the "## Import" section of its pulumi-aws documentation). A resource listed here
 * is imported on the next `pulumi up` instead of created; once imported, the entry changes nothing.
 * The organisation, OUs and accounts keep their ids where people see them (`organization.id`, an
 * OU's `id`, an account's `id`).
 */
const ARN_PARTITION = "arn:aws(-[a-z]+)*";
const PS_ARN = `${ARN_PARTITION}:sso:::permissionSet/(sso)?ins-[a-zA-Z0-9-.]{16}/ps-[a-zA-Z0-9-./]{16}`;
const INSTANCE_ARN = `${ARN_PARTITION}:sso:::instance/(sso)?ins-[a-zA-Z0-9-.]{16}`;
const STORE_ID = "(d-[0-9a-f]{10}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})";
const STORE_OBJECT_ID = "([0-9a-f]{10}-)?[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";
const importIds = (what: string, format: string, pattern: string) =>
    map(
        text("a resource name (its logical name, as `npm run adopt` writes it)", /\S/),
        text(`an import id of ${what} (${format})`, new RegExp(`^${pattern}$`)),
        `${what} logical names to import ids`,
    ).default({});

export const importsSchema = z.strictObject({
    /** Service principal → the same service principal (pulumi-aws AwsServiceAccess's "## Import"). */
    trustedAccess: importIds("trusted access", "SERVICE_PRINCIPAL", "[a-z0-9-]+(\\.[a-z0-9-]+)*\\.amazonaws\\.com"),
    /** Permission set name → `PERMISSION_SET_ARN,INSTANCE_ARN`. */
    permissionSets: importIds("a permission set", "PERMISSION_SET_ARN,INSTANCE_ARN", `${PS_ARN},${INSTANCE_ARN}`),
    /** `PS/POLICY` → `POLICY_ARN,PERMISSION_SET_ARN,INSTANCE_ARN`. */
    managedPolicyAttachments: importIds(
        "a managed policy attachment",
        "POLICY_ARN,PERMISSION_SET_ARN,INSTANCE_ARN",
        `${ARN_PARTITION}:iam::aws:policy/[\\w+=,.@/-]+,${PS_ARN},${INSTANCE_ARN}`,
    ),
    /** `PS/path/NAME` → `NAME,PATH,PERMISSION_SET_ARN,INSTANCE_ARN`. */
    customerManagedPolicyAttachments: importIds(
        "a customer managed policy attachment",
        "NAME,PATH,PERMISSION_SET_ARN,INSTANCE_ARN",
        `[\\w+=,.@-]{1,128},/([\\w+=,.@-]+/)*,${PS_ARN},${INSTANCE_ARN}`,
    ),
    /** `PS/inline` → `PERMISSION_SET_ARN,INSTANCE_ARN`. */
    inlinePolicies: importIds("an inline policy", "PERMISSION_SET_ARN,INSTANCE_ARN", `${PS_ARN},${INSTANCE_ARN}`),
    /** `PS/boundary` → `PERMISSION_SET_ARN,INSTANCE_ARN`. */
    permissionsBoundaries: importIds("a permissions boundary", "PERMISSION_SET_ARN,INSTANCE_ARN", `${PS_ARN},${INSTANCE_ARN}`),
    /** Group name → `IDENTITY_STORE_ID/GROUP_ID`. */
    groups: importIds("a group", "IDENTITY_STORE_ID/GROUP_ID", `${STORE_ID}/${STORE_OBJECT_ID}`),
    /** User name → `IDENTITY_STORE_ID/USER_ID`. */
    users: importIds("a user", "IDENTITY_STORE_ID/USER_ID", `${STORE_ID}/${STORE_OBJECT_ID}`),
    /** `user/group` → `IDENTITY_STORE_ID/MEMBERSHIP_ID`. */
    groupMemberships: importIds("a group membership", "IDENTITY_STORE_ID/MEMBERSHIP_ID", `${STORE_ID}/${STORE_OBJECT_ID}`),
    /** `group/PS/account` → `PRINCIPAL_ID,GROUP,ACCOUNT_ID,AWS_ACCOUNT,PERMISSION_SET_ARN,INSTANCE_ARN`. */
    accountAssignments: importIds(
        "an account assignment",
        "PRINCIPAL_ID,PRINCIPAL_TYPE,ACCOUNT_ID,AWS_ACCOUNT,PERMISSION_SET_ARN,INSTANCE_ARN",
        `${STORE_OBJECT_ID},(GROUP|USER),\\d{12},AWS_ACCOUNT,${PS_ARN},${INSTANCE_ARN}`,
    ),
});
export type ImportsConfig = z.output<typeof importsSchema>;
export type ImportKind = keyof ImportsConfig;

/** `aws:region`: where Identity Center lives and the default region for everything else. */
export const regionSchema = text("an AWS region such as eu-central-1", REGION_SHAPE);

/** Everything under the `landing-zone:` namespace of a stack file, keyed without the namespace. */
export const stackConfigSchema = z.strictObject({
    organization: organizationSchema.default({ serviceAccessPrincipals: [] }),
    organizationalUnits: z
        .array(organizationalUnit, { error: (iss) => (iss.input === undefined ? "missing: expected a list of OUs" : `${show(iss.input)} is not a list of OUs`) })
        .transform((ous) => [...new Map(ous.map((ou) => [ou.name, ou])).values()].sort((a, b) => compareText(a.name, b.name)))
        .default([]),
    accounts: map(accountKey, accountSchema, "account keys to accounts"),
    permissionSets: map(permissionSetName, permissionSetSchema, "permission set names to permission sets").default({}),
    groups: map(groupName, groupSchema, "group names to groups").default({}),
    users: map(userName, userSchema, "user names to users").default({}),
    sandbox: sandboxSchema.optional(),
    identityCenter: identityCenterSchema.optional(),
    imports: importsSchema.default(() => importsSchema.parse({})),
});

function dedupeReferences(refs: { name: string; path: string }[]) {
    const byKey = new Map(refs.map((r) => [`${r.path}${r.name}`, r]));
    return [...byKey.entries()].sort(([a], [b]) => compareText(a, b)).map(([, r]) => r);
}

export type StackConfig = z.output<typeof stackConfigSchema>;
/** The validated, canonical config the program is built from. */
export type LandingZoneConfig = StackConfig & {
    readonly region: string;
    /**
     * The default AWS provider's `aws:profile`, `aws:retryMode` and `aws:maxRetries`, for the
     * explicit providers the program makes (an explicit provider does not read the stack's `aws:`
     * config by itself).
     */
    readonly awsProvider: AwsProviderSettings;
    /** Values kept but perhaps wrong, `path: message` (config/awsChecks.ts): index.ts logs them as warnings. */
    readonly warnings: readonly string[];
    /** The run's clock (config/until.ts runClock), ISO 8601 UTC: what has ended by then is not planned. */
    readonly now: string;
    /** Grants and memberships the clock has ended, taken out of the config (config/ends.ts). */
    readonly ended: readonly EndedGrant[];
};

export interface AwsProviderSettings {
    readonly profile?: string;
    readonly retryMode?: string;
    readonly maxRetries?: number;
}
export type StackConfigInput = z.input<typeof stackConfigSchema>;
export type AccountConfig = z.output<typeof accountSchema>;
export type OrganizationalUnitConfig = z.output<typeof organizationalUnit>;
export type PermissionSetConfig = z.output<typeof permissionSetSchema>;
export type GroupConfig = z.output<typeof groupSchema>;
export type UserConfig = z.output<typeof userSchema>;
export type SandboxConfig = z.output<typeof sandboxSchema>;
export type BudgetConfig = z.output<typeof budgetSchema>;

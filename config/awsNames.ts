/**
 * The physical names the program gives AWS resources, derived from config keys, as pure code: each
 * fits its API's length limit and pattern whatever key the schema accepts (tests/awsNames.test.ts
 * checks every one for generated keys of every length).
 *
 * A name that fits is the name it always was, so no existing resource is renamed (a new name
 * replaces the resource). A name that would not fit keeps its prefix and suffix, which say what it
 * is, and shortens the key to its start and a short hash of the whole key: deterministic, and
 * distinct for distinct keys.
 */
import { createHash } from "crypto";

/** The limit and the character pattern of one kind of name, with where AWS states it. */
export interface NameRule {
    readonly what: string;
    readonly max: number;
    readonly pattern: RegExp;
    readonly source: string;
}

/** The names the program derives, by kind. */
export const NAME_RULES = {
    iamRole: { what: "an IAM role name", max: 64, pattern: /^[\w+=,.@-]+$/, source: "IAM API CreateRole, RoleName: 1-64 characters of [\\w+=,.@-]" },
    codebuildProject: {
        what: "a CodeBuild project name",
        max: 255,
        pattern: /^[A-Za-z0-9][A-Za-z0-9_-]{1,254}$/,
        source: "CodeBuild API CreateProject, ProjectName: 2-255 characters, [A-Za-z0-9][A-Za-z0-9\\-_]{1,254}",
    },
    logGroup: { what: "a CloudWatch Logs log group name", max: 512, pattern: /^[.\-_/#A-Za-z0-9]+$/, source: "CloudWatch Logs API CreateLogGroup, LogGroupName: 1-512 characters of [\\.\\-_/#A-Za-z0-9]" },
    snsTopic: { what: "an SNS topic name", max: 256, pattern: /^[A-Za-z0-9_-]+$/, source: "SNS API CreateTopic, Name: 1-256 ASCII letters, digits, underscores and hyphens" },
    schedule: { what: "an EventBridge Scheduler schedule name", max: 64, pattern: /^[0-9a-zA-Z._-]+$/, source: "EventBridge Scheduler API CreateSchedule, Name: 1-64 characters of [0-9a-zA-Z-_.]" },
    budget: { what: "a budget name", max: 100, pattern: /^[^:\\]+$/, source: "AWS Budgets API CreateBudget, BudgetName: 1-100 characters, no : or \\" },
    organizationsPolicy: { what: "an Organizations policy name", max: 128, pattern: /^[\s\S]+$/, source: "Organizations API CreatePolicy, Name: 1-128 characters" },
} as const satisfies Record<string, NameRule>;
export type NameKind = keyof typeof NAME_RULES;

/** Hex digits of the key's hash in a shortened name: 2^32 values, against a handful of keys. */
const HASH_LENGTH = 8;

/**
 * `prefix + key + suffix`, as long as it fits `kind`'s limit; else the key shortened to its start,
 * a hyphen and the first HASH_LENGTH hex digits of its SHA-256.
 * @throws Error when even a shortened key cannot fit (a prefix and suffix the program chose badly)
 */
export function nameWithKey(kind: NameKind, prefix: string, key: string, suffix: string): string {
    const { max, what } = NAME_RULES[kind];
    const full = `${prefix}${key}${suffix}`;
    if (full.length <= max) return full;
    const room = max - prefix.length - suffix.length - HASH_LENGTH - 1;
    if (room < 1) throw new Error(`${JSON.stringify(prefix + suffix)} leaves no room for a key in ${what} (at most ${max} characters)`);
    const hash = createHash("sha256").update(key, "utf8").digest("hex").slice(0, HASH_LENGTH);
    // A cut that ends in a separator would double it next to the hyphen before the hash.
    const head = key.slice(0, room).replace(/[-_.]+$/, "");
    return `${prefix}${head}-${hash}${suffix}`;
}

/** The scheduled nuke's resources in the management account, named after the sandbox's account key. */
export interface RunnerNames {
    /** The CodeBuild project; the schedule carries the same name. */
    readonly project: string;
    readonly schedule: string;
    /** The schedule's own group, which the scheduler role trusts (CreateScheduleGroup's Name has the schedule's rules). */
    readonly scheduleGroup: string;
    readonly topic: string;
    readonly logGroup: string;
    readonly buildRole: string;
    readonly schedulerRole: string;
}

/** The runner's names: `sandbox-<key>-nuke` and its parts, each within its own limit. */
export function runnerNames(account: string): RunnerNames {
    const prefix = "sandbox-";
    return {
        project: nameWithKey("codebuildProject", prefix, account, "-nuke"),
        schedule: nameWithKey("schedule", prefix, account, "-nuke"),
        scheduleGroup: nameWithKey("schedule", prefix, account, "-nuke"),
        topic: nameWithKey("snsTopic", prefix, account, "-nuke-runs"),
        logGroup: nameWithKey("logGroup", `/aws/codebuild/${prefix}`, account, "-nuke"),
        buildRole: nameWithKey("iamRole", prefix, account, "-nuke-build"),
        schedulerRole: nameWithKey("iamRole", prefix, account, "-nuke-scheduler"),
    };
}

/** The sandbox's budget (unique per account, no `:` or `\`). */
export function budgetName(account: string): string {
    return nameWithKey("budget", "sandbox-", account, "-monthly");
}

/** The sandbox's service control policy. */
export function guardrailsPolicyName(account: string): string {
    return nameWithKey("organizationsPolicy", "sandbox-", account, "-guardrails");
}

/** Every physical name derived from the sandbox's account key, with its kind: what the tests check. */
export function derivedNames(account: string): { kind: NameKind; name: string }[] {
    const runner = runnerNames(account);
    return [
        { kind: "codebuildProject", name: runner.project },
        { kind: "schedule", name: runner.schedule },
        { kind: "schedule", name: runner.scheduleGroup },
        { kind: "snsTopic", name: runner.topic },
        { kind: "logGroup", name: runner.logGroup },
        { kind: "iamRole", name: runner.buildRole },
        { kind: "iamRole", name: runner.schedulerRole },
        { kind: "budget", name: budgetName(account) },
        { kind: "organizationsPolicy", name: guardrailsPolicyName(account) },
    ];
}

/**
 * The longest start of `text` that is at most `maxBytes` bytes of UTF-8, cut between code points.
 * terraform-provider-aws validates free-text lengths such as a schedule's description with
 * `validation.StringLenBetween` (terraform-plugin-sdk helper/validation/strings.go), which counts
 * Go's `len`: bytes, so a limit in bytes holds for the API's characters too.
 */
export function utf8Prefix(text: string, maxBytes: number): string {
    if (Buffer.byteLength(text, "utf8") <= maxBytes) return text;
    let bytes = 0;
    let end = 0;
    for (const c of text) {
        const size = Buffer.byteLength(c, "utf8");
        if (bytes + size > maxBytes) break;
        bytes += size;
        end += c.length;
    }
    return text.slice(0, end);
}

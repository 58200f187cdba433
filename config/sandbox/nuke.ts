/**
 * What the sandbox nuke is, as pure code: the aws-nuke v3 config generated from the stack config
 * and the account ids, the aws-nuke invocation, the sandbox's account alias. No Pulumi runtime here,
 * so every rule is testable on its own (tests/nuke.test.ts).
 *
 * aws-nuke ignores misspelled keys and deletes whatever no filter keeps, so the file is generated,
 * never written by hand, and the generator refuses any model that could aim it anywhere but the
 * sandbox, on top of the config validation (config/load.ts) and the checks in the script that runs
 * it (scripts/nuke-sandbox.sh).
 *
 * Filters and resource strings are checked against aws-nuke v3.64.3's resources (ekristen/aws-nuke):
 * IAMRole is its name, with property `Path` (resources/iam-role.go String(), Properties()),
 * IAMRolePolicyAttachment `ROLE -> POLICYNAME` with properties `RoleName` and `RolePath`
 * (resources/iam-role-policy-attachments.go Properties()), IAMRolePolicy `ROLE -> POLICYNAME` with
 * properties `role:RoleName` and `role:Path` (resources/iam-role-policy.go Properties()),
 * IAMSAMLProvider and IAMPolicy their ARN, S3Bucket `s3://NAME` with property `Name`, S3Object
 * property `Bucket`, SSMParameter and CloudFormationStack their name, ECRRepository `Repository: NAME`
 * (the whole table, generated from aws-nuke's source: config/sandbox/awsNukeResources.ts).
 *
 * How aws-nuke evaluates them (libnuke v1.3.0 pkg/nuke/nuke.go filterWithoutGroups, pkg/filter/filter.go
 * Match): a filter without `property` matches the resource's String(), one with `property` matches that
 * property ("" when the resource has no such property); any one matching filter keeps the resource;
 * `invert` flips one filter. `exact` is string equality, `contains` a substring, `glob` github.com/mb0/glob
 * (`*` does not cross `/`, `**` does), `regex` Go's RE2, unanchored unless `^...$`.
 */
import { createHash } from "crypto";
import { Document } from "yaml";
import { ACCESS_ROLE, show } from "../schema";
import type { GroupConfig, PermissionSetConfig, UserConfig } from "../schema";
import { NUKE_FILTER_TYPES } from "./nukeFilter";
import type { NukeFilterType } from "./nukeFilter";
import { Estate, expandAccess } from "../access";
import { own, put } from "../keys";

/** aws-nuke assumes the access role, and must keep it. */
export { ACCESS_ROLE };
/** The checked-in script the command resource runs, relative to the project directory. */
export const NUKE_SCRIPT = "scripts/nuke-sandbox.sh";
/**
 * The path of every role Identity Center provisions (`AWSReservedSSO_<permission set>_<hex>`), with
 * or without a Region after it. aws-nuke v3.64.3 never deletes a role under it, nor its attachments
 * or inline policies (resources/iam-role.go IAMRole.Filter, iam-role-policy-attachments.go
 * IAMRolePolicyAttachment.Filter, iam-role-policy.go IAMRolePolicy.Filter: `strings.HasPrefix(path,
 * "/aws-reserved/sso.amazonaws.com/")`), before any config filter is read (libnuke v1.3.0
 * pkg/nuke/nuke.go Filter).
 */
export const SSO_ROLE_PATH = "/aws-reserved/sso.amazonaws.com/";
const ACCOUNT_ID = /^\d{12}$/;
const ALIAS = /^[a-z0-9]+(-[a-z0-9]+)*$/;

export { NUKE_FILTER_TYPES };
export type { NukeFilterType };

/** A filter as aws-nuke v3 reads it: a plain string is an exact match on the resource's string. */
export type NukeFilter =
    | string
    | { readonly property?: string; readonly type: NukeFilterType; readonly value: string; readonly invert?: boolean };

/**
 * Flags the script always passes, so what runs is bounded and its output is the format the script
 * reads: a wait bounded to about half an hour (libnuke waits `--run-sleep-delay`, 5 s, between
 * rounds; 0 waits forever, libnuke nuke.go handleWaiting), the shortest prompt delay aws-nuke
 * accepts (libnuke nuke.go Validate refuses less than 3 s), and the text format at info level
 * (aws-nuke pkg/commands/global/global.go: `json` or a level above info drop the resource lines).
 */
export const NUKE_FLAGS = { promptDelay: 3, maxWaitRetries: 360, logLevel: "info", logFormat: "standard" } as const;

/** Everything the generated config depends on. Nothing else goes into it. */
export interface NukeModel {
    /** Key of the sandbox account in `accountIds` (`sandbox.account` in the stack config). */
    readonly sandbox: string;
    /** Every account the stack knows, key → id, the management account's included. */
    readonly accountIds: Readonly<Record<string, string>>;
    /** The organisation's management account id; always blocklisted. */
    readonly managementAccountId: string;
    /** `sandbox.nuke.regions`: `global` first, then region names. */
    readonly regions: readonly string[];
    /** Customer managed policies those permission sets reference: they must exist in the sandbox. */
    readonly customerManagedPolicies?: readonly { readonly name: string; readonly path: string }[];
    /** `sandbox.nuke.cdkQualifier`: the CDK bootstrap resources with this qualifier are kept. */
    readonly cdkQualifier: string;
    /**
     * `sandbox.nuke.keep`: more filters by aws-nuke resource type, for what the organisation runs in
     * the sandbox (an organisation trail, a hand-made state bucket). Added after the program's own.
     * @default {}
     */
    readonly keep?: Readonly<Record<string, readonly NukeFilter[]>>;
}

/** Raised when a model could aim aws-nuke at anything but the sandbox, or is otherwise unusable. */
export class NukeConfigError extends Error {
    constructor(public readonly problems: readonly string[]) {
        super(`Refusing to generate the aws-nuke config:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
        this.name = "NukeConfigError";
    }
}

/**
 * The permission sets assigned to an account, sorted and unique: from every group's and every
 * user's access map, targets expanded (an account reached through `all` or `ou:<OU>` counts).
 * Identity Center provisions one `AWSReservedSSO_<name>_...` role per assigned permission set.
 */
export function permissionSetsAssignedTo(
    config: Estate & {
        readonly groups: Readonly<Record<string, Pick<GroupConfig, "access">>>;
        readonly users: Readonly<Record<string, Pick<UserConfig, "access">>>;
    },
    account: string,
): string[] {
    const maps = [...Object.values(config.groups), ...Object.values(config.users)].map((principal) => expandAccess(principal.access, config));
    const assigned = maps.flatMap((access) =>
        Object.entries(access)
            .filter(([, accounts]) => accounts.includes(account))
            .map(([permissionSet]) => permissionSet),
    );
    return [...new Set(assigned)].sort();
}

/**
 * The customer managed policies (and customer managed permissions boundaries) of some permission
 * sets, sorted and unique. Identity Center attaches them by name, so they must survive the nuke.
 */
export function customerManagedPoliciesOf(
    permissionSets: Readonly<Record<string, PermissionSetConfig>>,
    names: readonly string[],
): { name: string; path: string }[] {
    const refs = names.flatMap((name) => {
        const ps = own(permissionSets, name);
        if (!ps) return [];
        const boundary = typeof ps.permissionsBoundary === "object" ? [ps.permissionsBoundary.customerManaged] : [];
        return [...ps.customerManagedPolicies, ...boundary];
    });
    const byKey = new Map(refs.map((r) => [`${r.path}${r.name}`, { name: r.name, path: r.path }]));
    return [...byKey.keys()].sort().map((k) => byKey.get(k)!);
}

/** `arn:aws:iam::<account>:role/OrganizationAccountAccessRole`, the role aws-nuke assumes. */
export function accessRoleArn(accountId: string): string {
    if (!ACCOUNT_ID.test(accountId)) throw new NukeConfigError([`${show(accountId)} is not an account id (12 digits)`]);
    return `arn:aws:iam::${accountId}:role/${ACCESS_ROLE}`;
}

/**
 * The blocklist: every account the stack knows except the sandbox, the management account always
 * included (sorted, unique). aws-nuke refuses to run with an empty one, and refuses any account in it.
 */
export function nukeBlocklist(model: Pick<NukeModel, "sandbox" | "accountIds" | "managementAccountId">): string[] {
    const others = Object.entries(model.accountIds)
        .filter(([key]) => key !== model.sandbox)
        .map(([, id]) => id);
    return [...new Set([...others, model.managementAccountId])].sort();
}

/** Every problem that makes a model unsafe or unusable; empty when it is fine. */
export function nukeModelProblems(model: NukeModel): string[] {
    const problems: string[] = [];
    const sandboxId = own(model.accountIds, model.sandbox);
    if (sandboxId === undefined || sandboxId === "") {
        problems.push(`sandbox.account: ${show(model.sandbox)} has no account id among the accounts the stack knows (${Object.keys(model.accountIds).sort().join(", ") || "none"})`);
    } else if (!ACCOUNT_ID.test(sandboxId)) {
        problems.push(`sandbox.account: ${show(model.sandbox)} has the id ${show(sandboxId)}, which is not an account id (12 digits)`);
    }
    if (!ACCOUNT_ID.test(model.managementAccountId ?? "")) {
        problems.push(`the management account id ${show(model.managementAccountId)} is not an account id (12 digits)`);
    }
    if (sandboxId !== undefined && sandboxId === model.managementAccountId) {
        problems.push(`sandbox.account: ${show(model.sandbox)} is the management account (${sandboxId}), which must never be nuked`);
    }
    for (const [key, id] of Object.entries(model.accountIds)) {
        if (key === model.sandbox) continue;
        if (!ACCOUNT_ID.test(id)) problems.push(`accounts.${key}: ${show(id)} is not an account id (12 digits), so it cannot be blocklisted`);
        if (sandboxId !== undefined && id === sandboxId) {
            problems.push(`sandbox.account: the sandbox's id ${sandboxId} is also the id of accounts.${key}, so it is in the blocklist`);
        }
    }
    const blocklist = nukeBlocklist(model);
    if (blocklist.length === 0) problems.push("the blocklist is empty (aws-nuke refuses to run without one)");
    if (model.regions.length === 0) problems.push("sandbox.nuke.regions: is empty: name at least one region (global and region names)");
    if (!/^[a-z0-9]{1,10}$/.test(model.cdkQualifier)) {
        problems.push(`sandbox.nuke.cdkQualifier: ${show(model.cdkQualifier)} is not a CDK qualifier (1-10 lowercase letters or digits)`);
    }
    return problems;
}

/** Go RE2 pattern text matching `text` literally. */
function literal(text: string): string {
    return text.replace(/[\\^$.|?*+()[\]{}]/g, "\\$&");
}

/**
 * The Identity Center roles, by path: an RE2 pattern of the paths that start with SSO_ROLE_PATH,
 * which is what aws-nuke's own check tests. Never by name: a sandbox admin can create a role named
 * `AWSReservedSSO_AdministratorAccess_0123456789abcdef` at `/`, and IAMRole prints its name alone.
 */
export const SSO_PATH_PATTERN = `^${literal(SSO_ROLE_PATH)}`;

/** The bootstrap roles of CDK's default template (aws-cdk bootstrap-template.yaml), by the part after `cdk-<qualifier>-`. */
export const CDK_BOOTSTRAP_ROLES = ["cfn-exec-role", "deploy-role", "file-publishing-role", "image-publishing-role", "lookup-role"] as const;

/**
 * The exact names CDK's default bootstrap template gives its resources in one account, for each
 * Region given (`global` has none): roles `cdk-<q>-<role>-<account>-<region>`, the assets bucket
 * `cdk-<q>-assets-<account>-<region>`, the container repository
 * `cdk-<q>-container-assets-<account>-<region>`, the version parameter `/cdk-bootstrap/<q>/version`
 * and the stack `CDKToolkit` (aws-cdk-cli packages/aws-cdk/lib/api/bootstrap/bootstrap-template.yaml:
 * RoleName, BucketName, RepositoryName and CdkBootstrapVersion's Name; `cdk bootstrap`'s default stack name).
 */
export function cdkBootstrapNames(qualifier: string, accountId: string, regions: readonly string[]) {
    const suffixes = regions.filter((r) => r !== "global").map((region) => `${accountId}-${region}`);
    return {
        roles: CDK_BOOTSTRAP_ROLES.flatMap((role) => suffixes.map((s) => `cdk-${qualifier}-${role}-${s}`)).sort(),
        buckets: suffixes.map((s) => `cdk-${qualifier}-assets-${s}`).sort(),
        repositories: suffixes.map((s) => `cdk-${qualifier}-container-assets-${s}`).sort(),
        parameter: `/cdk-bootstrap/${qualifier}/version`,
        stack: "CDKToolkit",
    };
}

/**
 * The filters of the sandbox: what aws-nuke must leave in place so the management account can still
 * get in, people can still sign in, and CDK stays bootstrapped, then `keep`. Keyed by aws-nuke
 * resource type.
 *
 * The way in is kept whole, by role: the access role, every managed policy attached to it and every
 * inline policy of it. An account Organizations creates holds its admin grant as an inline policy;
 * deleting it locks the management account out mid-run, while aws-nuke itself runs as that role.
 *
 * Identity Center's roles are kept by their path, which only Identity Center can give a role (the
 * guardrails deny creating one there): aws-nuke skips them by that path already, and the filters
 * say so again, so a later aws-nuke that dropped its check would still keep them. A role named like
 * one at any other path is deleted with its policies.
 *
 * CDK's bootstrap is kept by its exact names for the sandbox's account and the nuked Regions, never
 * by a pattern: `cdk-<q>-*` would keep any role a sandbox user names that way (with
 * AdministratorAccess and a trust policy of their choosing), a backdoor that outlives every nuke.
 */
export function nukeFilters(
    sandboxId: string,
    model: Pick<NukeModel, "customerManagedPolicies" | "cdkQualifier" | "keep" | "regions">,
): Record<string, NukeFilter[]> {
    const sso = (property: string): NukeFilter => ({ property, type: "regex", value: SSO_PATH_PATTERN });
    const cdk = cdkBootstrapNames(model.cdkQualifier, sandboxId, model.regions);
    const byRole = (property: string) => (value: string): NukeFilter => ({ property, type: "exact", value });
    const filters: Record<string, NukeFilter[]> = {
        IAMRole: [ACCESS_ROLE, sso("Path"), ...cdk.roles],
        IAMRolePolicyAttachment: [{ property: "RoleName", type: "exact", value: ACCESS_ROLE }, sso("RolePath"), ...cdk.roles.map(byRole("RoleName"))],
        IAMRolePolicy: [{ property: "role:RoleName", type: "exact", value: ACCESS_ROLE }, sso("role:Path"), ...cdk.roles.map(byRole("role:RoleName"))],
        // Identity Center's SAML provider: without it nobody signs in to the sandbox. It has no path;
        // the guardrails deny anyone but Identity Center creating a provider named like it.
        IAMSAMLProvider: [{ type: "glob", value: `arn:aws:iam::${sandboxId}:saml-provider/AWSSSO_*_DO_NOT_DELETE` }],
        // S3Bucket prints `s3://NAME` (aws-nuke resources/s3-bucket.go String()); its objects are
        // S3Objects of their own, deleted unless kept by `Bucket`.
        S3Bucket: cdk.buckets.map((b) => `s3://${b}`),
        S3Object: cdk.buckets.map((b) => ({ property: "Bucket", type: "exact" as const, value: b })),
        SSMParameter: [cdk.parameter],
        CloudFormationStack: [cdk.stack],
        // ECRRepository prints `Repository: NAME` and has no name property (resources/ecr-repository.go).
        ECRRepository: cdk.repositories.map((r) => `Repository: ${r}`),
    };
    for (const [type, list] of Object.entries(filters)) if (list.length === 0) delete filters[type];
    const policies = (model.customerManagedPolicies ?? []).map((p) => `arn:aws:iam::${sandboxId}:policy${p.path}${p.name}`);
    if (policies.length > 0) filters.IAMPolicy = [...new Set(policies)].sort();
    for (const [type, extra] of Object.entries(model.keep ?? {})) {
        const kept = own(filters, type) ?? [];
        const seen = new Set(kept.map((f) => JSON.stringify(f)));
        put(filters, type, [...kept, ...extra.filter((f) => !seen.has(JSON.stringify(f)))]);
    }
    return filters;
}

const HEADER = [
    " aws-nuke v3 config for the sandbox, generated by landing-zone (config/sandbox/nuke.ts) from the stack",
    " config: do not edit. aws-nuke silently ignores misspelled keys; regenerate instead.",
    " Read it with `pulumi stack output nukeConfig`.",
].join("\n");

/**
 * The aws-nuke v3 config as YAML: `regions`, the `blocklist`, and `accounts` holding only the
 * sandbox with its filters. Deterministic: the same model gives the same bytes.
 * @throws NukeConfigError when the sandbox id is missing, the management account's, or blocklisted.
 */
export function generateNukeConfig(model: NukeModel): string {
    const problems = nukeModelProblems(model);
    if (problems.length > 0) throw new NukeConfigError(problems);
    // nukeModelProblems refused a model without the sandbox's id.
    const sandboxId = own(model.accountIds, model.sandbox) as string;
    const blocklist = nukeBlocklist(model);
    // Defence in depth: the checks above already imply these.
    if (blocklist.includes(sandboxId) || blocklist.length === 0) throw new NukeConfigError([`the sandbox ${sandboxId} is blocklisted`]);

    const doc = new Document({
        regions: [...model.regions],
        blocklist,
        accounts: { [sandboxId]: { filters: nukeFilters(sandboxId, model) } },
    });
    doc.commentBefore = HEADER;
    return doc.toString({ lineWidth: 0, defaultStringType: "QUOTE_DOUBLE", defaultKeyType: "PLAIN" });
}

/** Hex SHA-256 of a text: the trigger that re-runs aws-nuke when the config changes. */
export function sha256(text: string): string {
    return createHash("sha256").update(text, "utf8").digest("hex");
}

/** What a run of aws-nuke needs: the role it assumes, dry run or not, and the config FILE it reads. */
export interface NukeInvocation {
    readonly roleArn: string;
    readonly dryRun: boolean;
    /**
     * The config file: a path, or CONFIG_VAR inside the command resource's create.
     * aws-nuke v3 reads a file (pkg/common/commands.go CheckFilePath stats it; libnuke config.go
     * reads it): `--config -` is not standard input.
     */
    readonly configFile: string;
}

/** The config file inside the command resource's create: the private file its config is written to. */
export const CONFIG_VAR = '"$config"';

const SHELL_SAFE = /^[\w@%+=:,./-]+$/;
/** A word as POSIX sh reads it: bare when it is plain, single-quoted otherwise. */
function shellWord(word: string): string {
    return SHELL_SAFE.test(word) ? word : `'${word.replace(/'/g, "'\\''")}'`;
}

/**
 * The aws-nuke invocation, one argument a word: what scripts/nuke-sandbox.sh checks and runs (on a
 * private copy of the config). Every flag the script requires is here, `--no-dry-run` last and only
 * for a real run.
 */
export function nukeArguments(options: NukeInvocation): string[] {
    if (!/^arn:aws:iam::\d{12}:role\/[\w+=,.@-]+$/.test(options.roleArn)) {
        throw new NukeConfigError([`${show(options.roleArn)} is not a role ARN in one account`]);
    }
    const args = [
        "aws-nuke", "run",
        "--config", options.configFile,
        "--no-prompt",
        "--prompt-delay", String(NUKE_FLAGS.promptDelay),
        "--max-wait-retries", String(NUKE_FLAGS.maxWaitRetries),
        "--log-level", NUKE_FLAGS.logLevel,
        "--log-format", NUKE_FLAGS.logFormat,
        "--assume-role-arn", options.roleArn,
    ];
    if (!options.dryRun) args.push("--no-dry-run");
    return args;
}

/**
 * The command line that runs the guard script with the aws-nuke invocation, as a person types it
 * (`--config nuke.yaml`) and as the command resource and a scheduled runner run it. The only place
 * the invocation is built.
 */
export function nukeCommandLine(options: NukeInvocation): string {
    const words = nukeArguments(options).map((w) => (w === CONFIG_VAR ? w : shellWord(w)));
    return ["bash", NUKE_SCRIPT, ...words].join(" ");
}

/** The last line of the command resource's output: the script's exit code, recorded in the state. */
export const OUTCOME_PREFIX = "landing-zone: nuke-sandbox exited with";

/**
 * The command resource's `create`, exactly what runs (and what `nukeCommand` shows): the config
 * arrives on standard input and is written to a private file (mktemp: mode 0600), which the script
 * gets as `--config FILE`. The script's exit code is recorded as the output's last line instead of
 * failing the resource, so a failed or refused run is kept in the state and not run again by the
 * next, unrelated `pulumi up` (see nukeOutcome).
 */
export function nukeCreateCommand(options: Omit<NukeInvocation, "configFile"> & { readonly record?: Omit<NukeRunRecord, "dryRun"> }): string {
    const line = nukeCommandLine({ ...options, configFile: CONFIG_VAR });
    const record = options.record && outcomeRecord({ ...options.record, dryRun: options.dryRun });
    return `config=$(mktemp) && trap 'rm -f "$config"' EXIT && cat >"$config" && ${line}; echo "${OUTCOME_PREFIX} $?${record ? ` ${record}` : ""}"`;
}

/**
 * What the outcome line says ran: the kind of run, the account and the config's sha256. The stack
 * remembers the dry runs it reads this way (config/sandbox/nukeMemory.ts), and a real run needs one.
 */
function outcomeRecord(record: NukeRunRecord): string {
    if (!ACCOUNT_ID.test(record.accountId) || !/^[0-9a-f]{64}$/.test(record.configSha256)) {
        throw new NukeConfigError([`cannot record a run of ${show(record.accountId)} with config sha256 ${show(record.configSha256)}`]);
    }
    return `after a ${record.dryRun ? "dry" : "real"} run of ${record.accountId} with config sha256 ${record.configSha256}`;
}

const OUTCOME_LINE = /^(-?\d+)(?: after a (dry|real) run of (\d{12}) with config sha256 ([0-9a-f]{64}))?$/;

/** What ran, as the outcome line records it: the stack remembers dry runs by it (config/sandbox/nukeMemory.ts). */
export interface NukeRunRecord {
    readonly dryRun: boolean;
    readonly accountId: string;
    readonly configSha256: string;
}

/** A recorded run: the script's exit code and its summary lines. */
export interface NukeOutcome {
    readonly exitCode: number;
    /** The script's own `nuke-sandbox: ...` lines after aws-nuke's output: summary, verdict, refusal. */
    readonly summary: readonly string[];
    /** What ran, as the outcome line says it; absent from a run recorded by a version before it. */
    readonly record?: NukeRunRecord;
}

/** Reads the recorded run out of the command's stdout; undefined when there is none (never run, or run by a version without it). */
export function nukeOutcome(stdout: string | undefined): NukeOutcome | undefined {
    const lines = (stdout ?? "").split("\n").map((l) => l.trimEnd());
    // Only the last line: the create's own echo, after everything aws-nuke printed (resource names
    // a sandbox user chose among it), so no output of the run can pass for its outcome.
    const last = [...lines].reverse().find((l) => l !== "");
    if (last === undefined || !last.startsWith(OUTCOME_PREFIX)) return undefined;
    const parsed = OUTCOME_LINE.exec(last.slice(OUTCOME_PREFIX.length).trim());
    const exitCode = parsed ? Number(parsed[1]) : -1;
    const summary = lines.filter((l) => /^nuke-sandbox: (summary|clean|NOT |aws-nuke |the verifying|REFUSED)/.test(l));
    const record = parsed?.[2] ? { dryRun: parsed[2] === "dry", accountId: parsed[3], configSha256: parsed[4] } : undefined;
    return { exitCode: Number.isSafeInteger(exitCode) ? exitCode : -1, summary, ...(record && { record }) };
}

/**
 * The warning a recorded failure gives on every later preview and `up`, until `sandbox.nuke.run`
 * changes; undefined when the last run succeeded or there is none.
 */
export function nukeOutcomeWarning(outcome: NukeOutcome | undefined, run: string): string | undefined {
    if (outcome === undefined || outcome.exitCode === 0) return undefined;
    const what =
        outcome.exitCode === 2 ? "was refused before aws-nuke ran" : outcome.exitCode === 3 ? "left resources behind" : `failed (exit code ${outcome.exitCode})`;
    return [
        `The last sandbox nuke (sandbox.nuke.run ${show(run)}) ${what}. It is recorded and will not run again by itself:`,
        ...outcome.summary.map((l) => `  ${l}`),
        "Fix the cause (sandbox.nuke.keep for what the organisation runs there), then change sandbox.nuke.run to run it again.",
    ].join("\n");
}

/**
 * The sandbox's account alias: `<prefix>-<suffix>`, globally unique thanks to the random suffix.
 * aws-nuke refuses accounts whose alias contains `prod`; the prefix is validated not to, and any
 * `prod` the random letters happen to spell becomes `pr0d`, so no suffix can break the nuke.
 * @throws NukeConfigError when the result breaks IAM's alias rules (3-63 lowercase letters, digits, single hyphens).
 */
export function sandboxAlias(prefix: string, suffix: string): string {
    const safeSuffix = suffix.toLowerCase().replace(/prod/g, "pr0d");
    const alias = `${prefix}-${safeSuffix}`;
    const problems: string[] = [];
    if (alias.length < 3 || alias.length > 63) problems.push(`alias ${show(alias)} is not 3-63 characters long`);
    if (!ALIAS.test(alias)) problems.push(`alias ${show(alias)} is not lowercase letters, digits and single hyphens`);
    if (alias.includes("prod")) problems.push(`alias ${show(alias)} contains "prod", which aws-nuke refuses`);
    if (problems.length > 0) throw new NukeConfigError(problems);
    return alias;
}

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
 * Filters and resource strings are checked against aws-nuke v3's resources (ekristen/aws-nuke):
 * IAMRole is its name, IAMRolePolicyAttachment `ROLE -> POLICYNAME` with property `RoleName`,
 * IAMRolePolicy property `role:RoleName`, IAMSAMLProvider and IAMPolicy their ARN, S3Bucket property
 * `Name`, S3Object property `Bucket`, SSMParameter and CloudFormationStack their name, ECRRepository
 * `Repository: NAME`. A glob's `*` does not cross `/`; a regex is Go's RE2, unanchored unless `^...$`.
 */
import { createHash } from "crypto";
import { Document } from "yaml";
import { ACCESS_ROLE, IAM_NAME, show } from "./schema";
import type { GroupConfig, PermissionSetConfig } from "./schema";

/** aws-nuke assumes the access role, and must keep it. */
export { ACCESS_ROLE };
/** The policy Organizations attaches to that role. */
export const ACCESS_ROLE_POLICY = "AdministratorAccess";
/** The checked-in script the command resource runs, relative to the project directory. */
export const NUKE_SCRIPT = "scripts/nuke-sandbox.sh";
/** Identity Center names the roles it provisions `AWSReservedSSO_<permission set>_<16 hex digits>`. */
const SSO_ROLE_SUFFIX = "_[0-9a-f]{16}";
const ACCOUNT_ID = /^\d{12}$/;
const ALIAS = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** A filter as aws-nuke v3 reads it: a plain string is an exact match on the resource's string. */
export type NukeFilter = string | { readonly property?: string; readonly type: "exact" | "glob" | "regex"; readonly value: string };

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
    /** Permission sets assigned to the sandbox: their Identity Center roles are kept. */
    readonly permissionSets: readonly string[];
    /** Customer managed policies those permission sets reference: they must exist in the sandbox. */
    readonly customerManagedPolicies?: readonly { readonly name: string; readonly path: string }[];
    /** `sandbox.nuke.cdkQualifier`: the CDK bootstrap resources with this qualifier are kept. */
    readonly cdkQualifier: string;
}

/** Raised when a model could aim aws-nuke at anything but the sandbox, or is otherwise unusable. */
export class NukeConfigError extends Error {
    constructor(public readonly problems: readonly string[]) {
        super(`Refusing to generate the aws-nuke config:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
        this.name = "NukeConfigError";
    }
}

/**
 * The permission sets assigned to an account, from the groups' access maps (sorted, unique).
 * Identity Center provisions one `AWSReservedSSO_<name>_...` role per assigned permission set.
 */
export function permissionSetsAssignedTo(groups: Readonly<Record<string, GroupConfig>>, account: string): string[] {
    const assigned = Object.values(groups).flatMap((group) =>
        Object.entries(group.access)
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
        const ps = permissionSets[name];
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
    const sandboxId = model.accountIds[model.sandbox];
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
    for (const ps of model.permissionSets) {
        if (!IAM_NAME.test(ps)) problems.push(`permission set ${show(ps)} is not a permission set name (letters, digits and +=,.@_-)`);
    }
    return problems;
}

/** Go RE2 pattern text matching `text` literally. */
function literal(text: string): string {
    return text.replace(/[\\^$.|?*+()[\]{}]/g, "\\$&");
}

/** The exact Identity Center role names of one permission set, as an anchored RE2 pattern. */
export function ssoRolePattern(permissionSet: string): string {
    return `^AWSReservedSSO_${literal(permissionSet)}${SSO_ROLE_SUFFIX}$`;
}

/**
 * The filters of the sandbox: what aws-nuke must leave in place so the management account can still
 * get in, people can still sign in, and CDK stays bootstrapped. Keyed by aws-nuke resource type.
 */
export function nukeFilters(sandboxId: string, model: Pick<NukeModel, "permissionSets" | "customerManagedPolicies" | "cdkQualifier">): Record<string, NukeFilter[]> {
    const sso = [...new Set(model.permissionSets)].sort().map(ssoRolePattern);
    const cdk = `cdk-${model.cdkQualifier}-*`;
    const filters: Record<string, NukeFilter[]> = {
        IAMRole: [ACCESS_ROLE, ...sso.map((value) => ({ type: "regex" as const, value })), { type: "glob", value: cdk }],
        IAMRolePolicyAttachment: [
            `${ACCESS_ROLE} -> ${ACCESS_ROLE_POLICY}`,
            ...sso.map((value) => ({ property: "RoleName", type: "regex" as const, value })),
            { property: "RoleName", type: "glob", value: cdk },
        ],
        IAMRolePolicy: [
            ...sso.map((value) => ({ property: "role:RoleName", type: "regex" as const, value })),
            { property: "role:RoleName", type: "glob", value: cdk },
        ],
        // Identity Center's SAML provider: without it nobody signs in to the sandbox.
        IAMSAMLProvider: [{ type: "glob", value: `arn:aws:iam::${sandboxId}:saml-provider/AWSSSO_*_DO_NOT_DELETE` }],
        S3Bucket: [{ property: "Name", type: "glob", value: `cdk-${model.cdkQualifier}-assets-*` }],
        S3Object: [{ property: "Bucket", type: "glob", value: `cdk-${model.cdkQualifier}-assets-*` }],
        SSMParameter: [`/cdk-bootstrap/${model.cdkQualifier}/version`],
        CloudFormationStack: ["CDKToolkit"],
        ECRRepository: [{ type: "glob", value: `Repository: cdk-${model.cdkQualifier}-container-assets-*` }],
    };
    const policies = (model.customerManagedPolicies ?? []).map((p) => `arn:aws:iam::${sandboxId}:policy${p.path}${p.name}`);
    if (policies.length > 0) filters.IAMPolicy = [...new Set(policies)].sort();
    return filters;
}

const HEADER = [
    " aws-nuke v3 config for the sandbox, generated by landing-zone (config/nuke.ts) from the stack",
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
    const sandboxId = model.accountIds[model.sandbox];
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

/**
 * The command line the command resource runs: the guard script followed by the exact aws-nuke
 * invocation it performs (`--config -`: the config comes on standard input). `--no-dry-run` only
 * when the config says `dryRun: false`, so a preview shows a real deletion plainly.
 */
export function nukeCommandLine(options: { roleArn: string; dryRun: boolean }): string {
    if (!/^arn:aws:iam::\d{12}:role\/[\w+=,.@-]+$/.test(options.roleArn)) {
        throw new NukeConfigError([`${show(options.roleArn)} is not a role ARN in one account`]);
    }
    const nuke = ["aws-nuke", "run", "--config", "-", "--no-prompt", "--assume-role-arn", options.roleArn];
    if (!options.dryRun) nuke.push("--no-dry-run");
    return ["bash", NUKE_SCRIPT, ...nuke].join(" ");
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

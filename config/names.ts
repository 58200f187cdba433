/**
 * Logical names of the Identity Center resources, built from config keys only.
 *
 * A logical name is a resource's identity in the Pulumi state: a name that changes replaces the
 * resource, and two resources of one type with one name fail the whole update. So names never
 * come from list positions or display text, and every name below is unique by construction: the
 * parts are joined with `/`, and each name is split unambiguously at a `/` that cannot occur in the
 * part on one side (permission set names and account keys never contain one; user names, which
 * may, are escaped).
 */
import { createHash } from "crypto";
import { NAME_RULES } from "./awsNames";

/** The permission set named `ps` in the config. */
export const permissionSetName = (ps: string): string => ps;

/** The AWS managed policy attached to `ps`: `DeveloperUserAccess/PowerUserAccess`, `ReadOnly/job-function/ViewOnlyAccess`. */
export function managedPolicyAttachmentName(ps: string, policyArn: string): string {
    return `${ps}/${managedPolicyName(policyArn)}`;
}

/** The customer managed policy `path` + `name` attached to `ps`: `Deploy/ci/DeployPolicy` (the path starts with `/`). */
export function customerManagedPolicyAttachmentName(ps: string, policy: { readonly name: string; readonly path: string }): string {
    return `${ps}${policy.path}${policy.name}`;
}

/** The inline policy of `ps` (one at most). */
export const inlinePolicyName = (ps: string): string => `${ps}/inline`;

/** The permissions boundary of `ps` (one at most). */
export const permissionsBoundaryName = (ps: string): string => `${ps}/boundary`;

/** The Identity Store user `user`. */
export const userName = (user: string): string => user;

/** The Identity Store group `group`. */
export const groupName = (group: string): string => group;

/** `user`'s membership of `group`: `jane.doe/DeveloperGroup`. */
export function membershipName(user: string, group: string): string {
    return `${escapeSlash(user)}/${group}`;
}

/** `group`'s assignment of permission set `ps` on account `account`: `DeveloperGroup/DeveloperUserAccess/sandbox`. */
export function assignmentName(group: string, ps: string, account: string): string {
    return `${group}/${ps}/${account}`;
}

/**
 * `user`'s own assignment of permission set `ps` on account `account`: `jane.doe/AdministratorAccess@dev`.
 *
 * Never a group assignment's name: the user name is escaped, so this name has exactly one `/`,
 * and a group assignment's has at least two (`${group}/${ps}/${account}`, whatever the group is
 * called). Unique itself: split at the `/`, then at the last `@` (an account key has none).
 */
export function userAssignmentName(user: string, ps: string, account: string): string {
    return `${escapeSlash(user)}/${ps}@${account}`;
}

/**
 * The policy part of an AWS managed policy ARN: `PowerUserAccess`, `job-function/ViewOnlyAccess`.
 * Outside the `aws` partition the partition is kept (`aws-cn:ReadOnlyAccess`), so two ARNs never
 * share a name; a `:` cannot occur in a policy name.
 */
export function managedPolicyName(policyArn: string): string {
    const match = /^arn:(aws[a-z-]*):iam::aws:policy\/(.+)$/.exec(policyArn);
    if (!match) throw new Error(`${JSON.stringify(policyArn)} is not an AWS managed policy ARN (arn:aws:iam::aws:policy/NAME)`);
    const [, partition, name] = match;
    return partition === "aws" ? name : `${partition}:${name}`;
}

/** User names may contain `/` (and so `%`): escape both, which leaves every ordinary name as it is. */
function escapeSlash(text: string): string {
    return text.replace(/%/g, "%25").replace(/\//g, "%2F");
}

/**
 * The AWS name of the one-time schedule that ends a grant or a membership (its Pulumi logical name
 * is the grant's own). Scheduler names are 1-64 characters of `[0-9a-zA-Z-_.]` (CreateSchedule's
 * Name): the logical name with other characters as `-`, cut to fit, and a hash of the whole
 * logical name, so two grants never share a schedule whatever their keys. (Unlike awsNames.ts
 * nameWithKey, the hash is always there: replacing characters alone could make two names one.)
 */
export function scheduleName(kind: "assignment" | "membership", logicalName: string): string {
    const prefix = kind === "assignment" ? "ends-a-" : "ends-m-";
    const hash = createHash("sha256").update(`${kind}\0${logicalName}`).digest("hex").slice(0, 10);
    const slug = logicalName.replace(/[^0-9A-Za-z_.-]+/g, "-").slice(0, SCHEDULE_NAME_MAX - prefix.length - hash.length - 1);
    return `${prefix}${slug}-${hash}`;
}
/** CreateSchedule's Name: 1-64 characters (config/awsNames.ts NAME_RULES.schedule). */
export const SCHEDULE_NAME_MAX = NAME_RULES.schedule.max;
/** CreateSchedule's Name pattern (config/awsNames.ts NAME_RULES.schedule). */
export const SCHEDULE_NAME = NAME_RULES.schedule.pattern;

import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Grant } from "../config/access";
import type { End } from "../config/until";
import type { PermissionSetRef } from "./identityCenter";
import { AccessEnds, endAssignment } from "./accessEnds";
import { own } from "../config/keys";

/** What every account assignment needs besides its principal. */
export interface AssignmentTargets {
    /** The Identity Center instance the permission sets belong to. */
    readonly instanceArn: pulumi.Input<string>;
    /** Every permission set an access map may name (IdentityCenter.permissionSets). */
    readonly permissionSets: Readonly<Record<string, PermissionSetRef>>;
    /** Account key → account id, the management account's included (Organization.accountId). */
    readonly accountIds: Readonly<Record<string, pulumi.Input<string>>>;
}

/**
 * Refuses grants that name a permission set or an account the targets do not have, before
 * anything is registered. `path` is the access map's config path (`groups.Devs.access`).
 * @throws Error naming each unknown permission set and account, with the known ones.
 */
export function checkGrants(path: string, grants: readonly Grant[], targets: AssignmentTargets): void {
    const unknown = [...new Set(grants.map((g) => g.permissionSet).filter((ps) => !Object.hasOwn(targets.permissionSets, ps)))];
    if (unknown.length > 0) {
        throw new Error(
            `${path}: ${unknown.join(", ")} ${unknown.length === 1 ? "is not a permission set" : "are not permission sets"} ` +
                `(known: ${Object.keys(targets.permissionSets).join(", ") || "none"})`,
        );
    }
    const unknownAccounts = grants.filter((g) => !Object.hasOwn(targets.accountIds, g.account));
    if (unknownAccounts.length > 0) {
        throw new Error(
            unknownAccounts
                .map((g) => `${path}.${g.permissionSet}: ${JSON.stringify(g.account)} is not an account (known: ${Object.keys(targets.accountIds).join(", ")})`)
                .join("\n"),
        );
    }
}

/**
 * One account assignment per grant, children of `parent`, named by `nameOf` (from config keys only,
 * so reordering or reaching an account another way replaces nothing); imported when `imports`
 * (`landing-zone:imports.accountAssignments`) has an id for that name.
 */
export function assignAll(
    parent: pulumi.Resource,
    grants: readonly Grant[],
    principal: { readonly type: "GROUP" | "USER"; readonly id: pulumi.Input<string> },
    targets: AssignmentTargets,
    nameOf: (grant: Grant) => string,
    imports: Readonly<Record<string, string>> = {},
    ending?: GrantEnds,
): void {
    for (const grant of grants) {
        // checkGrants refused a grant of an unknown permission set or account.
        const ps = own(targets.permissionSets, grant.permissionSet) as PermissionSetRef;
        const name = nameOf(grant);
        const assignment = new aws.ssoadmin.AccountAssignment(
            name,
            {
                instanceArn: targets.instanceArn,
                permissionSetArn: ps.arn,
                principalType: principal.type,
                principalId: principal.id,
                targetType: "AWS_ACCOUNT",
                targetId: own(targets.accountIds, grant.account) as pulumi.Input<string>,
            },
            // The role is provisioned with the policies attached at that moment, and detaching
            // a policy re-provisions: attach first, assign after; unassign first, detach after.
            { parent, dependsOn: [...ps.policyAttachments], import: own(imports, name) },
        );
        const end = ending?.ends.get(`${grant.permissionSet}\0${grant.account}`);
        if (ending && end) endAssignment(parent, assignment, { ends: ending.via, name, end, path: `${ending.path}.${grant.permissionSet} on ${grant.account}` });
    }
}

/** The ends of an access map's grants and what enforces them (index.ts builds these). */
export interface GrantEnds {
    /** `${permissionSet}\0${account}` → end, for the grants that end (config/ends.ts assignmentEnds). */
    readonly ends: ReadonlyMap<string, End>;
    /** The schedule group and role that end them. */
    readonly via: AccessEnds;
    /** The access map's config path, `groups.Admins.access`. */
    readonly path: string;
}

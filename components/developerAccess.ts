import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { grantsOf } from "../config/access";
import { assignmentName, groupName, membershipName } from "../config/names";
import type { ImportsConfig } from "../config/schema";
import type { PermissionSetRef } from "./identityCenter";

export interface DeveloperAccessArgs {
    /** The Identity Center instance the permission sets belong to. */
    readonly instanceArn: pulumi.Input<string>;
    /** The identity store the group and its members live in. */
    readonly identityStoreId: pulumi.Input<string>;
    /** The group's description in the identity store. @default none */
    readonly description?: string;
    /**
     * Permission set name → the account keys the group gets it on. One account assignment per
     * distinct (permission set, account).
     * @example { DeveloperUserAccess: ["dev", "sandbox"] }
     */
    readonly access: Readonly<Record<string, readonly string[]>>;
    /** Every permission set the access map may name (IdentityCenter.permissionSets). */
    readonly permissionSets: Readonly<Record<string, PermissionSetRef>>;
    /** Account key → account id, the management account's included (Organization.accountId). */
    readonly accountIds: Readonly<Record<string, pulumi.Input<string>>>;
    /** The group's members: user name → identity store user id (IdentityCenter.membersOf). */
    readonly members: Readonly<Record<string, pulumi.Input<string>>>;
    /**
     * Import ids of the group, memberships and assignments that exist already
     * (`landing-zone:imports`): those are imported, not created.
     * @default nothing imported
     */
    readonly imports?: Pick<ImportsConfig, "groups" | "groupMemberships" | "accountAssignments">;
}

/**
 * One group of people and what it may reach: the identity store group (named by its config key),
 * a membership per member, and an account assignment per (permission set, account) of its access.
 * Access is given to groups only, so the number of assignments does not grow with the team.
 */
export class DeveloperAccess extends pulumi.ComponentResource {
    /** The group's display name (its config key). */
    public readonly groupName: string;
    /** The identity store group id. */
    public readonly groupId: pulumi.Output<string>;

    /** @param name the group's config key: its display name and the logical names of its children. */
    constructor(name: string, args: DeveloperAccessArgs, opts?: pulumi.ComponentResourceOptions) {
        super("landing-zone:index:DeveloperAccess", name, {}, opts);

        const grants = grantsOf(args);
        const unknown = [...new Set(grants.map((g) => g.permissionSet).filter((ps) => !(ps in args.permissionSets)))];
        if (unknown.length > 0) {
            throw new Error(
                `groups.${name}.access: ${unknown.join(", ")} ${unknown.length === 1 ? "is not a permission set" : "are not permission sets"} ` +
                    `(known: ${Object.keys(args.permissionSets).join(", ") || "none"})`,
            );
        }

        const unknownAccounts = grants.filter((g) => !(g.account in args.accountIds));
        if (unknownAccounts.length > 0) {
            throw new Error(
                unknownAccounts
                    .map((g) => `groups.${name}.access.${g.permissionSet}: ${JSON.stringify(g.account)} is not an account (known: ${Object.keys(args.accountIds).join(", ")})`)
                    .join("\n"),
            );
        }

        const imports = args.imports ?? { groups: {}, groupMemberships: {}, accountAssignments: {} };
        const group = new aws.identitystore.Group(
            groupName(name),
            { identityStoreId: args.identityStoreId, displayName: name, description: args.description },
            { parent: this, import: imports.groups[groupName(name)] },
        );
        this.groupName = name;
        this.groupId = group.groupId;

        for (const [user, userId] of Object.entries(args.members)) {
            const membership = membershipName(user, name);
            new aws.identitystore.GroupMembership(
                membership,
                { identityStoreId: args.identityStoreId, groupId: group.groupId, memberId: userId },
                { parent: this, import: imports.groupMemberships[membership] },
            );
        }

        for (const { permissionSet, account } of grants) {
            const ps = args.permissionSets[permissionSet];
            const assignment = assignmentName(name, permissionSet, account);
            new aws.ssoadmin.AccountAssignment(
                assignment,
                {
                    instanceArn: args.instanceArn,
                    permissionSetArn: ps.arn,
                    principalType: "GROUP",
                    principalId: group.groupId,
                    targetType: "AWS_ACCOUNT",
                    targetId: args.accountIds[account],
                },
                // The role is provisioned with the policies attached at that moment, and detaching
                // a policy re-provisions: attach first, assign after; unassign first, detach after.
                { parent: this, dependsOn: [...ps.policyAttachments], import: imports.accountAssignments[assignment] },
            );
        }

        this.registerOutputs({ groupName: this.groupName, groupId: this.groupId });
    }
}

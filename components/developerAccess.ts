import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { grantsOf } from "../config/access";
import { assignmentName, groupName, membershipName } from "../config/names";
import type { ImportsConfig } from "../config/schema";
import { AssignmentTargets, assignAll, checkGrants } from "./accountAssignments";
import { externalGroupId } from "./identityStoreLookup";
import type { End } from "../config/until";
import { AccessEnds, endMembership } from "./accessEnds";
import { own } from "../config/keys";

export interface DeveloperAccessArgs extends AssignmentTargets {
    /** The identity store the group and its members live in. */
    readonly identityStoreId: pulumi.Input<string>;
    /** The group's description in the identity store. @default none */
    readonly description?: string;
    /**
     * The group is synced from an external identity provider: looked up by display name, never
     * created or deleted, and it has no members here (they are the provider's).
     * @default false
     */
    readonly external?: boolean;
    /**
     * Permission set name → the account keys the group gets it on (targets such as `ou:` already
     * expanded: config/access.ts expandAccess). One account assignment per distinct
     * (permission set, account).
     * @example { DeveloperUserAccess: ["dev", "sandbox"] }
     */
    readonly access: Readonly<Record<string, readonly string[]>>;
    /** The group's members: user name → identity store user id (IdentityCenter.membersOf). */
    readonly members: Readonly<Record<string, pulumi.Input<string>>>;
    /**
     * Import ids of the group, memberships and assignments that exist already
     * (`landing-zone:imports`): those are imported, not created.
     * @default nothing imported
     */
    readonly imports?: Pick<ImportsConfig, "groups" | "groupMemberships" | "accountAssignments">;
    /**
     * What ends: the grants (by permission set and account) and the memberships (by user) that
     * have an `until`, and the AccessEnds whose schedules end them in AWS.
     * @default nothing ends
     */
    readonly ending?: { readonly via: AccessEnds; readonly grants: ReadonlyMap<string, End>; readonly members: Readonly<Record<string, End>> };
}

/**
 * One group of people and what it may reach: the identity store group (named by its config key;
 * looked up when it is external), a membership per member, and an account assignment per
 * (permission set, account) of its access.
 * Groups are the way to give access: the number of assignments does not grow with the team.
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
        checkGrants(`groups.${name}.access`, grants, args);
        if (args.external && Object.keys(args.members).length > 0) {
            throw new Error(`groups.${name}: an external group's members are the identity provider's; the program cannot add ${Object.keys(args.members).join(", ")}`);
        }

        const imports = args.imports ?? { groups: {}, groupMemberships: {}, accountAssignments: {} };
        this.groupName = name;
        if (args.external) {
            this.groupId = externalGroupId(name, args.identityStoreId, this);
        } else {
            const group = new aws.identitystore.Group(
                groupName(name),
                { identityStoreId: args.identityStoreId, displayName: name, description: args.description },
                { parent: this, import: own(imports.groups, groupName(name)) },
            );
            this.groupId = group.groupId;
        }

        for (const [user, userId] of Object.entries(args.members)) {
            const membership = membershipName(user, name);
            const created = new aws.identitystore.GroupMembership(
                membership,
                { identityStoreId: args.identityStoreId, groupId: this.groupId, memberId: userId },
                { parent: this, import: own(imports.groupMemberships, membership) },
            );
            const end = args.ending && Object.hasOwn(args.ending.members, user) ? args.ending.members[user] : undefined;
            if (args.ending && end) endMembership(this, created, { ends: args.ending.via, name: membership, end, path: `users.${user}.groups ${name}` });
        }

        const ending = args.ending && { ends: args.ending.grants, via: args.ending.via, path: `groups.${name}.access` };
        assignAll(this, grants, { type: "GROUP", id: this.groupId }, args, (g) => assignmentName(name, g.permissionSet, g.account), imports.accountAssignments, ending);

        this.registerOutputs({ groupName: this.groupName, groupId: this.groupId });
    }
}

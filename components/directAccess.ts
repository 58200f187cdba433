import * as pulumi from "@pulumi/pulumi";
import { grantsOf } from "../config/access";
import { userAssignmentName } from "../config/names";
import { AssignmentTargets, assignAll, checkGrants } from "./accountAssignments";
import type { End } from "../config/until";
import type { AccessEnds } from "./accessEnds";

export interface DirectAccessArgs extends AssignmentTargets {
    /** The user's identity store user id (IdentityCenter.userIds). */
    readonly userId: pulumi.Input<string>;
    /**
     * Permission set name → the account keys the user gets it on directly (targets already
     * expanded: config/access.ts expandAccess).
     * @example { ReadOnlyAccess: ["prod"] }
     */
    readonly access: Readonly<Record<string, readonly string[]>>;
    /**
     * Import ids of assignments that exist already, by logical name
     * (`landing-zone:imports.accountAssignments`).
     * @default nothing imported
     */
    readonly imports?: Readonly<Record<string, string>>;
    /**
     * The grants that end (by permission set and account) and the AccessEnds that ends them.
     * @default nothing ends
     */
    readonly ending?: { readonly via: AccessEnds; readonly grants: ReadonlyMap<string, End> };
}

/**
 * One user's own account assignments (principal type USER), for what a group does not fit: one
 * contractor on one account for a week, a break-glass user. Each is named
 * `<user>/<permission set>@<account>`, never a group assignment's name (config/names.ts).
 */
export class DirectAccess extends pulumi.ComponentResource {
    /** @param name the user's config key (their user name). */
    constructor(name: string, args: DirectAccessArgs, opts?: pulumi.ComponentResourceOptions) {
        super("landing-zone:index:DirectAccess", name, {}, opts);
        const grants = grantsOf(args);
        checkGrants(`users.${name}.access`, grants, args);
        assignAll(this, grants, { type: "USER", id: args.userId }, args, (g) => userAssignmentName(name, g.permissionSet, g.account), args.imports,
            args.ending && { ends: args.ending.grants, via: args.ending.via, path: `users.${name}.access` },
        );
        this.registerOutputs({});
    }
}

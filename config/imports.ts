/**
 * The import ids a stack file carries (`landing-zone:imports`, written by `npm run adopt`): which
 * resources of the config they may name, and the ids of what the program derives from them. Pure
 * code, no Pulumi runtime.
 */
import { expandAccess, grantsOf } from "./access";
import {
    assignmentName,
    customerManagedPolicyAttachmentName,
    groupName,
    inlinePolicyName,
    managedPolicyAttachmentName,
    membershipName,
    permissionSetName,
    permissionsBoundaryName,
    userAssignmentName,
    userName,
} from "./names";
import type { ImportKind, ImportsConfig, StackConfig } from "./schema";
import { compareText } from "./schema";
import { trustedServices } from "./trustedAccess";

/** Where in the config each kind of imported resource is declared, for error messages. */
const DECLARED_IN: Record<ImportKind, string> = {
    trustedAccess: "organization.serviceAccessPrincipals, and sso.amazonaws.com always",
    permissionSets: "permissionSets",
    managedPolicyAttachments: "permissionSets.<name>.managedPolicies",
    customerManagedPolicyAttachments: "permissionSets.<name>.customerManagedPolicies",
    inlinePolicies: "permissionSets.<name>.inlinePolicy",
    permissionsBoundaries: "permissionSets.<name>.permissionsBoundary",
    groups: "groups",
    users: "users",
    groupMemberships: "users.<name>.groups",
    accountAssignments: "groups.<name>.access and users.<name>.access",
};

type Declaring = Pick<StackConfig, "organization" | "permissionSets" | "groups" | "users" | "accounts" | "organizationalUnits">;

/**
 * The logical names of every resource of each kind the config declares. External groups and users
 * are looked up, not resources; their memberships of local groups and their assignments are. Access
 * targets are expanded (`ou:`, `all`) as the program expands them.
 */
export function importableResources(config: Declaring): Record<ImportKind, Set<string>> {
    const names: Record<ImportKind, Set<string>> = {
        trustedAccess: new Set(trustedServices(config.organization.serviceAccessPrincipals)),
        permissionSets: new Set(),
        managedPolicyAttachments: new Set(),
        customerManagedPolicyAttachments: new Set(),
        inlinePolicies: new Set(),
        permissionsBoundaries: new Set(),
        groups: new Set(),
        users: new Set(),
        groupMemberships: new Set(),
        accountAssignments: new Set(),
    };
    for (const [ps, settings] of Object.entries(config.permissionSets)) {
        names.permissionSets.add(permissionSetName(ps));
        for (const arn of settings.managedPolicies) names.managedPolicyAttachments.add(managedPolicyAttachmentName(ps, arn));
        for (const policy of settings.customerManagedPolicies) names.customerManagedPolicyAttachments.add(customerManagedPolicyAttachmentName(ps, policy));
        if (settings.inlinePolicy) names.inlinePolicies.add(inlinePolicyName(ps));
        if (settings.permissionsBoundary) names.permissionsBoundaries.add(permissionsBoundaryName(ps));
    }
    const grants = (access: Record<string, string[]>) => grantsOf({ access: expandAccess(access, config) });
    for (const [group, settings] of Object.entries(config.groups)) {
        if (!settings.external) names.groups.add(groupName(group));
        for (const { permissionSet, account } of grants(settings.access)) names.accountAssignments.add(assignmentName(group, permissionSet, account));
    }
    for (const [user, settings] of Object.entries(config.users)) {
        if (!settings.external) names.users.add(userName(user));
        for (const group of settings.groups) names.groupMemberships.add(membershipName(user, group));
        for (const { permissionSet, account } of grants(settings.access)) names.accountAssignments.add(userAssignmentName(user, permissionSet, account));
    }
    return names;
}

/**
 * Problems with `imports`: an entry that names no resource of the config would import nothing
 * (a typo, or a resource removed since `npm run adopt`), so it is refused rather than ignored.
 */
export function checkImports(config: Declaring & Pick<StackConfig, "imports">): string[] {
    const declared = importableResources(config);
    const problems: string[] = [];
    for (const [kind, entries] of Object.entries(config.imports) as [ImportKind, Record<string, string>][]) {
        const known = declared[kind];
        for (const [name, id] of Object.entries(entries)) {
            if (kind === "trustedAccess" && known.has(name) && id !== name) {
                problems.push(`imports.trustedAccess.${name}: ${JSON.stringify(id)} is not its import id (the service principal itself: ${name})`);
            }
            if (known.has(name)) continue;
            const external = (kind === "groups" && config.groups[name]?.external) || (kind === "users" && config.users[name]?.external);
            if (external) {
                problems.push(`imports.${kind}.${name}: ${kind}.${name} is external: looked up in the identity store, never created or imported; remove the entry`);
                continue;
            }
            const list = [...known].sort(compareText);
            problems.push(
                `imports.${kind}.${name}: the config declares no such resource (in ${DECLARED_IN[kind]}; ` +
                    `${list.length ? `known: ${list.slice(0, 10).join(", ")}${list.length > 10 ? ", ..." : ""}` : "none declared"}); remove the entry or add the resource`,
            );
        }
    }
    return problems;
}

/**
 * The import id of a permission set's exclusive policy attachments (`INSTANCE_ARN,PERMISSION_SET_ARN`,
 * pulumi-aws `ManagedPolicyAttachmentsExclusive`'s "## Import"). They are no AWS object of their
 * own, but mirror the permission set's attachment list: imported exactly when the permission set is.
 */
export function exclusiveAttachmentsImportId(imports: Pick<ImportsConfig, "permissionSets">, ps: string): string | undefined {
    const id = imports.permissionSets[permissionSetName(ps)];
    if (id === undefined) return undefined;
    const [permissionSetArn, instanceArn] = id.split(",");
    return `${instanceArn},${permissionSetArn}`;
}

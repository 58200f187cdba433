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
    managedPolicyName,
    membershipName,
    permissionSetName,
    permissionsBoundaryName,
    userAssignmentName,
    userName,
} from "./names";
import type { ImportKind, ImportsConfig, StackConfig } from "./schema";
import { compareText } from "./schema";
import { closest } from "./suggest";
import { trustedServices } from "./trustedAccess";
import { own } from "./keys";

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

/** The declarations an import entry belongs to: the permission set, group or user its name is made of. */
type Owner = { readonly kind: "permissionSets" | "groups" | "users"; readonly name: string };

const OWNER_WORDS: Record<Owner["kind"], { what: string; key: string }> = {
    permissionSets: { what: "permission set", key: "a permission set's key is its name in AWS: renaming it replaces it" },
    groups: { what: "group", key: "a group's key is its display name" },
    users: { what: "user", key: "a user's key is their user name in the identity store" },
};

const unescapeSlash = (text: string) => text.replace(/%2F/g, "/").replace(/%25/g, "%");

/**
 * What an import entry's logical name is made of (config/names.ts builds them; permission set
 * names and account keys never contain `/`, user names are escaped), and the config path that
 * declares it. Undefined for a name no config could make.
 */
function ownersOf(kind: ImportKind, name: string): { owners: Owner[]; path: string } | undefined {
    const ps = (n: string): Owner => ({ kind: "permissionSets", name: n });
    const before = name.split("/")[0];
    switch (kind) {
        case "trustedAccess":
            return undefined;
        case "permissionSets":
            return { owners: [ps(name)], path: `permissionSets.${name}` };
        case "managedPolicyAttachments":
            return { owners: [ps(before)], path: `permissionSets.${before}.managedPolicies` };
        case "customerManagedPolicyAttachments":
            return { owners: [ps(before)], path: `permissionSets.${before}.customerManagedPolicies` };
        case "inlinePolicies":
            return { owners: [ps(before)], path: `permissionSets.${before}.inlinePolicy` };
        case "permissionsBoundaries":
            return { owners: [ps(before)], path: `permissionSets.${before}.permissionsBoundary` };
        case "groups":
            return { owners: [{ kind: "groups", name }], path: `groups.${name}` };
        case "users":
            return { owners: [{ kind: "users", name }], path: `users.${name}` };
        case "groupMemberships": {
            const at = name.indexOf("/");
            if (at < 0) return undefined;
            const user = unescapeSlash(name.slice(0, at));
            return { owners: [{ kind: "users", name: user }, { kind: "groups", name: name.slice(at + 1) }], path: `users.${user}.groups` };
        }
        case "accountAssignments": {
            const parts = name.split("/");
            if (parts.length === 2) {
                const user = unescapeSlash(parts[0]);
                const at = parts[1].lastIndexOf("@");
                if (at < 0) return undefined;
                return { owners: [{ kind: "users", name: user }, ps(parts[1].slice(0, at))], path: `users.${user}.access` };
            }
            if (parts.length < 3) return undefined;
            // A group's name may hold a `/`; the permission set and the account key cannot.
            const group = parts.slice(0, -2).join("/");
            return { owners: [{ kind: "groups", name: group }, ps(parts[parts.length - 2])], path: `groups.${group}.access` };
        }
    }
}

/**
 * Problems with `imports`: an entry that names no resource of the config would import nothing
 * (a typo, or a resource removed since `npm run adopt`), so it is refused rather than ignored.
 *
 * One mistake, one error: an entry whose declaration already has a problem in `reported` (a
 * typo'd managed policy, say: its attachment's name changes with it) is not reported again; and a
 * permission set, group or user that the config no longer declares is one error, at its own entry,
 * naming the entries that depend on it (its attachments, memberships, assignments) and, when the
 * config declares one of that kind without an import entry, the rename it looks like.
 */
export function checkImports(config: Declaring & Pick<StackConfig, "imports">, reported: readonly string[] = []): string[] {
    const declared = importableResources(config);
    const problems: string[] = [];
    const hasProblem = (path: string) => reported.some((p) => p.startsWith(path) && /^[.[:]/.test(p.slice(path.length)));
    const isDeclared = (o: Owner) => Object.hasOwn(config[o.kind], o.name);
    const imported = (o: Owner) => Object.hasOwn(config.imports[o.kind], o.name);
    const orphans: [ImportKind, string, ReturnType<typeof ownersOf>][] = [];
    for (const [kind, entries] of Object.entries(config.imports) as [ImportKind, Record<string, string>][]) {
        const known = declared[kind];
        for (const [name, id] of Object.entries(entries)) {
            if (kind === "trustedAccess" && known.has(name) && id !== name) {
                problems.push(`imports.trustedAccess.${name}: ${JSON.stringify(id)} is not its import id (the service principal itself: ${name})`);
            }
            if (!known.has(name)) orphans.push([kind, name, ownersOf(kind, name)]);
        }
    }
    /** Orphaned entries that depend on a missing permission set, group or user with an entry of its own. */
    const dependents = new Map<string, string[]>();
    for (const [kind, name, made] of orphans) {
        const owner = made?.owners.find((o) => !isDeclared(o) && imported(o) && !(o.kind === kind && o.name === name));
        if (owner) dependents.set(JSON.stringify(owner), [...(dependents.get(JSON.stringify(owner)) ?? []), `imports.${kind}.${name}`]);
    }
    for (const [kind, name, made] of orphans) {
        if (made && (hasProblem(made.path) || made.owners.some((o) => hasProblem(`${o.kind}.${o.name}`)))) continue;
        if (made?.owners.some((o) => !isDeclared(o) && imported(o) && !(o.kind === kind && o.name === name))) continue;
        const external = (kind === "groups" && own(config.groups, name)?.external) || (kind === "users" && own(config.users, name)?.external);
        if (external) {
            problems.push(`imports.${kind}.${name}: ${kind}.${name} is external: looked up in the identity store, never created or imported; remove the entry`);
            continue;
        }
        const known = [...declared[kind]].sort(compareText);
        const self = made?.owners.find((o) => o.kind === kind && o.name === name);
        const depending = self ? (dependents.get(JSON.stringify(self)) ?? []).sort(compareText) : [];
        const words = self && OWNER_WORDS[self.kind];
        // Declared without an entry of their own: what a renamed key looks like.
        // Declared without an entry of their own: what a renamed key looks like (a near name, or a
        // permission set with exactly the managed policies the entries attach).
        const fresh = self ? Object.keys(config[self.kind]).filter((n) => !imported({ kind: self.kind, name: n }) && declared[kind].has(n)) : [];
        const policiesOf = (ps: string) => [...(own(config.permissionSets, ps)?.managedPolicies ?? [])].map(managedPolicyName).sort(compareText).join("\n");
        const attached = Object.keys(config.imports.managedPolicyAttachments)
            .filter((n) => n.startsWith(`${name}/`))
            .map((n) => n.slice(name.length + 1))
            .sort(compareText)
            .join("\n");
        const renamed = closest(name, fresh) ?? (kind === "permissionSets" && attached ? fresh.find((c) => policiesOf(c) === attached) : undefined);
        if (words && renamed !== undefined) {
            const entries = [`imports.${kind}.${name}`, ...depending];
            problems.push(
                `imports.${kind}.${name}: the config declares no ${words.what} ${name}, which exists in AWS, but ${renamed}, which is not imported: renamed? ` +
                    `(${words.key}.) To keep it, name it ${name} again, import it, and rename it in a later update; to leave it in AWS as it is and create ` +
                    `${renamed} instead, remove ${entries.length === 1 ? "this entry" : `these ${entries.length} entries: ${entries.join(", ")}`}`,
            );
            continue;
        }
        problems.push(
            `imports.${kind}.${name}: the config declares no such resource (in ${DECLARED_IN[kind]}; ` +
                `${known.length ? `known: ${known.slice(0, 10).join(", ")}${known.length > 10 ? ", ..." : ""}` : "none declared"}); ` +
                `${depending.length ? `remove the entry and the ${depending.length} that depend on it (${depending.join(", ")}), or add the resource` : "remove the entry or add the resource"}`,
        );
    }
    return problems;
}

/**
 * The import id of a permission set's exclusive policy attachments (`INSTANCE_ARN,PERMISSION_SET_ARN`,
 * pulumi-aws `ManagedPolicyAttachmentsExclusive`'s "## Import"). They are no AWS object of their
 * own, but mirror the permission set's attachment list: imported exactly when the permission set is.
 */
export function exclusiveAttachmentsImportId(imports: Pick<ImportsConfig, "permissionSets">, ps: string): string | undefined {
    const id = own(imports.permissionSets, permissionSetName(ps));
    if (id === undefined) return undefined;
    const [permissionSetArn, instanceArn] = id.split(",");
    return `${instanceArn},${permissionSetArn}`;
}

/**
 * From the live estate to a stack config: the one place that decides how what exists in AWS is
 * said in the stack file, and what the config cannot say yet (each such thing becomes a warning
 * that names it; nothing is dropped silently). Pure code: no AWS calls.
 */
import { MANAGED_POLICY_ARN_PREFIX, compareText, sortKeys } from "../config/schema";
import {
    assignmentName,
    customerManagedPolicyAttachmentName,
    groupName,
    inlinePolicyName,
    managedPolicyAttachmentName,
    membershipName,
    permissionSetName,
    permissionsBoundaryName,
    userName,
} from "../config/names";
import type { Estate, LiveAccount, LiveAssignment, PolicyReference } from "./reader";

/** The `landing-zone:` values of a stack file, keyed without the namespace, in the order a person writes them. */
export interface AdoptedConfig {
    readonly organization: { id: string; serviceAccessPrincipals?: string[] };
    readonly organizationalUnits: { name: string; id: string; tags?: Record<string, string> }[];
    readonly accounts: Record<string, Record<string, unknown>>;
    readonly permissionSets: Record<string, Record<string, unknown>>;
    readonly groups: Record<string, { description?: string; access?: Record<string, string[]> }>;
    readonly users: Record<string, Record<string, unknown>>;
    readonly identityCenter: { instanceArn: string; identityStoreId: string };
    readonly imports: Record<string, Record<string, string>>;
}

export interface Adoption {
    readonly region: string;
    readonly config: AdoptedConfig;
    /** What the config cannot express, each naming the object: printed on stderr. */
    readonly warnings: string[];
    /** Account id → account key, for messages. */
    readonly accountKeys: Record<string, string>;
}

/** Services the program always trusts (components/organization.ts): not written to the config. */
const ALWAYS_TRUSTED = ["sso.amazonaws.com"];

/**
 * Convert the estate. Later config features (nested OUs, direct user access, external identities)
 * turn the matching warnings below into config.
 */
export function estateToConfig(estate: Estate): Adoption {
    const warnings: string[] = [];
    const warn = (message: string) => warnings.push(message);

    if (estate.organization.featureSet !== "ALL") {
        warn(`organisation ${estate.organization.id}: feature set ${estate.organization.featureSet}, but the program manages organisations with all features (enable all features in the console before pulumi up)`);
    }

    // OUs: only those directly under the root can be said; nested ones (and what they hold) are left out.
    const topLevel = estate.organizationalUnits.filter((ou) => ou.parentId === estate.organization.rootId);
    const ouName = new Map(topLevel.map((ou) => [ou.id, ou.name]));
    for (const ou of estate.organizationalUnits) {
        if (ou.parentId !== estate.organization.rootId) {
            const parent = estate.organizationalUnits.find((p) => p.id === ou.parentId);
            warn(`OU ${ou.name} (${ou.id}) is nested in OU ${parent?.name ?? ou.parentId}: the config has top-level OUs only; left out, with the accounts in it`);
        }
    }

    // Accounts, keyed by a slug of their name.
    const accountKeys: Record<string, string> = {};
    const accounts: Record<string, Record<string, unknown>> = {};
    const taken = new Set<string>();
    const sortedAccounts = [...estate.accounts].sort((a, b) => compareText(a.name, b.name) || compareText(a.id, b.id));
    for (const account of sortedAccounts) {
        const management = account.id === estate.organization.managementAccountId;
        if (!management && account.status !== "ACTIVE") {
            warn(`account ${account.name} (${account.id}) is ${account.status}: left out`);
            continue;
        }
        if (!management && account.parentId !== estate.organization.rootId && !ouName.has(account.parentId)) {
            warn(`account ${account.name} (${account.id}) is in a nested OU: the config cannot place it there yet; left out`);
            continue;
        }
        const key = uniqueKey(slug(account.name) || `account-${account.id}`, taken);
        accountKeys[account.id] = key;
        accounts[key] = accountEntry(account, management, ouName);
    }

    // Permission sets.
    const permissionSets: Record<string, Record<string, unknown>> = {};
    const imports: Record<string, Record<string, string>> = {
        permissionSets: {},
        managedPolicyAttachments: {},
        customerManagedPolicyAttachments: {},
        inlinePolicies: {},
        permissionsBoundaries: {},
        groups: {},
        users: {},
        groupMemberships: {},
        accountAssignments: {},
    };
    const instance = estate.instance.arn;
    const psName = new Map<string, string>();
    for (const ps of [...estate.permissionSets].sort((a, b) => compareText(a.name, b.name))) {
        psName.set(ps.arn, ps.name);
        const entry: Record<string, unknown> = {};
        if (ps.description) entry.description = ps.description;
        if (ps.managedPolicies.length) entry.managedPolicies = ps.managedPolicies.map(policyName);
        if (ps.customerManagedPolicies.length) entry.customerManagedPolicies = ps.customerManagedPolicies.map(referenceName).sort(compareText);
        if (ps.inlinePolicy) {
            try {
                entry.inlinePolicy = JSON.parse(ps.inlinePolicy);
                imports.inlinePolicies[inlinePolicyName(ps.name)] = `${ps.arn},${instance}`;
            } catch {
                warn(`permission set ${ps.name}: its inline policy is not JSON; left out (the program would remove it)`);
            }
        }
        if (ps.permissionsBoundary?.managedPolicyArn) entry.permissionsBoundary = policyName(ps.permissionsBoundary.managedPolicyArn);
        else if (ps.permissionsBoundary?.customerManagedPolicyReference) entry.permissionsBoundary = { customerManaged: referenceName(ps.permissionsBoundary.customerManagedPolicyReference) };
        if (ps.permissionsBoundary) imports.permissionsBoundaries[permissionsBoundaryName(ps.name)] = `${ps.arn},${instance}`;
        entry.sessionDuration = ps.sessionDuration ?? "PT1H";
        if (ps.relayState) entry.relayState = ps.relayState;
        if (Object.keys(ps.tags).length) entry.tags = sortKeys(ps.tags);
        permissionSets[ps.name] = entry;

        imports.permissionSets[permissionSetName(ps.name)] = `${ps.arn},${instance}`;
        for (const arn of ps.managedPolicies) imports.managedPolicyAttachments[managedPolicyAttachmentName(ps.name, arn)] = `${arn},${ps.arn},${instance}`;
        for (const ref of ps.customerManagedPolicies) {
            imports.customerManagedPolicyAttachments[customerManagedPolicyAttachmentName(ps.name, ref)] = `${ref.name},${ref.path},${ps.arn},${instance}`;
        }
    }

    // Users and groups; external ones (synchronised from an identity provider) are left out.
    const store = estate.instance.identityStoreId;
    const userKey = new Map<string, string>();
    const users: Record<string, Record<string, unknown>> = {};
    for (const u of [...estate.users].sort((a, b) => compareText(a.userName, b.userName))) {
        if (u.external) {
            warn(`user ${u.userName} is synchronised from an external identity provider: the config cannot express external users yet; left out`);
            continue;
        }
        const missing = [!u.givenName && "a given name", !u.familyName && "a family name", !u.email && "an email"].filter(Boolean);
        if (missing.length) {
            warn(`user ${u.userName} has no ${missing.join(", ")}, which the config requires: left out (add it in the console, then adopt again)`);
            continue;
        }
        if (u.unexpressed.length) {
            warn(`user ${u.userName} has ${u.unexpressed.join(", ")} in Identity Center, which the config cannot express: the first pulumi up clears them`);
        }
        userKey.set(u.id, u.userName);
        const entry: Record<string, unknown> = { givenName: u.givenName, familyName: u.familyName };
        if (u.displayName && u.displayName !== `${u.givenName} ${u.familyName}`) entry.displayName = u.displayName;
        entry.email = u.email;
        users[u.userName] = entry;
        imports.users[userName(u.userName)] = `${store}/${u.id}`;
    }
    const groupKey = new Map<string, string>();
    const groups: AdoptedConfig["groups"] = {};
    for (const g of [...estate.groups].sort((a, b) => compareText(a.displayName, b.displayName))) {
        if (g.external) {
            warn(`group ${g.displayName} is synchronised from an external identity provider: the config cannot express external groups yet; left out, with its memberships and access`);
            continue;
        }
        groupKey.set(g.id, g.displayName);
        groups[g.displayName] = g.description ? { description: g.description } : {};
        imports.groups[groupName(g.displayName)] = `${store}/${g.id}`;
    }
    const memberOf = new Map<string, string[]>();
    for (const m of estate.memberships) {
        const user = userKey.get(m.userId);
        const group = groupKey.get(m.groupId);
        if (!user || !group) continue; // a left-out user or group: warned above
        memberOf.set(user, [...(memberOf.get(user) ?? []), group]);
        imports.groupMemberships[membershipName(user, group)] = `${store}/${m.id}`;
    }
    for (const [user, list] of memberOf) users[user].groups = list.sort(compareText);

    // Account assignments: to groups become their access maps; anything else is warned about.
    const describe = (a: LiveAssignment) =>
        `${psName.get(a.permissionSetArn) ?? a.permissionSetArn} on account ${accountKeys[a.accountId] ?? "(not in the config)"} (${a.accountId})`;
    for (const a of [...estate.assignments].sort((x, y) => compareText(`${x.principalId}${x.permissionSetArn}${x.accountId}`, `${y.principalId}${y.permissionSetArn}${y.accountId}`))) {
        const ps = psName.get(a.permissionSetArn);
        const account = accountKeys[a.accountId];
        if (a.principalType === "USER") {
            const who = userKey.get(a.principalId) ?? estate.users.find((u) => u.id === a.principalId)?.userName ?? a.principalId;
            warn(`user ${who} has ${describe(a)} directly, not through a group: the config gives access to groups only; left out (give it to a group, or keep it by hand)`);
            continue;
        }
        const group = groupKey.get(a.principalId);
        if (!group || !ps || !account) {
            if (group && !account) warn(`group ${group} has ${describe(a)}, an account left out of the config: left out`);
            else if (!group) warn(`group ${estate.groups.find((g) => g.id === a.principalId)?.displayName ?? a.principalId} has ${describe(a)}: its group is left out, so is this access`);
            continue;
        }
        const access = (groups[group].access ??= {});
        access[ps] = [...(access[ps] ?? []), account].sort(compareText);
        imports.accountAssignments[assignmentName(group, ps, account)] = `${a.principalId},GROUP,${a.accountId},AWS_ACCOUNT,${a.permissionSetArn},${instance}`;
    }
    for (const g of Object.values(groups)) if (g.access) g.access = sortKeys(g.access);

    const trusted = estate.organization.serviceAccessPrincipals.filter((s) => !ALWAYS_TRUSTED.includes(s));
    return {
        region: estate.region,
        accountKeys,
        warnings,
        config: {
            organization: { id: estate.organization.id, ...(trusted.length ? { serviceAccessPrincipals: trusted } : {}) },
            // An adopted OU's tags must be all it has (the import reads them back).
            organizationalUnits: topLevel
                .map((ou) => ({ name: ou.name, id: ou.id, ...(Object.keys(ou.tags).length ? { tags: sortKeys(ou.tags) } : {}) }))
                .sort((a, b) => compareText(a.name, b.name)),
            accounts,
            permissionSets,
            groups,
            users,
            identityCenter: { instanceArn: instance, identityStoreId: store },
            imports: Object.fromEntries(Object.entries(imports).filter(([, v]) => Object.keys(v).length > 0).map(([k, v]) => [k, sortKeys(v)])),
        },
    };
}

function accountEntry(account: LiveAccount, management: boolean, ouName: Map<string, string>): Record<string, unknown> {
    const entry: Record<string, unknown> = { name: account.name, email: account.email };
    if (management) entry.management = true;
    else {
        const ou = ouName.get(account.parentId);
        if (ou) entry.ou = ou;
        entry.id = account.id;
    }
    if (Object.keys(account.tags).length) entry.tags = sortKeys(account.tags);
    return entry;
}

/** `arn:aws:iam::aws:policy/PowerUserAccess` → `PowerUserAccess`, as people write them; other ARNs stay whole. */
function policyName(arn: string): string {
    return arn.startsWith(MANAGED_POLICY_ARN_PREFIX) ? arn.slice(MANAGED_POLICY_ARN_PREFIX.length) : arn;
}

/** `{ name, path: "/" }` → `name`; `{ name, path: "/team/" }` → `/team/name`. */
function referenceName(ref: PolicyReference): string {
    return ref.path === "/" ? ref.name : `${ref.path}${ref.name}`;
}

/** An account key from a name: lowercase letters and digits, words joined by single hyphens. */
export function slug(name: string): string {
    return name
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, "-")
        .replace(/^-+|-+$/g, "")
        .slice(0, 50)
        .replace(/-+$/, "");
}

function uniqueKey(base: string, taken: Set<string>): string {
    let key = base;
    for (let i = 2; taken.has(key); i++) key = `${base.slice(0, 46)}-${i}`;
    taken.add(key);
    return key;
}

/**
 * From the live estate to a stack config: the one place that decides how what exists in AWS is
 * said in the stack file, and what the config cannot say yet (each such thing becomes a warning
 * that names it; nothing is dropped silently). Pure code: no AWS calls.
 */
import { MANAGED_POLICY_ARN_PREFIX, compareText, sortKeys } from "../config/schema";
import { ALWAYS_TRUSTED } from "../config/trustedAccess";
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
} from "../config/names";
import type { Estate, LiveAccount, LiveAssignment, LiveOrganizationalUnit, PolicyReference } from "./reader";
import { RESERVED_KEY, own, ownOrPut, put } from "../config/keys";

/** The `landing-zone:` values of a stack file, keyed without the namespace, in the order a person writes them. */
export interface AdoptedConfig {
    readonly organization: { id: string; serviceAccessPrincipals?: string[]; enabledPolicyTypes: string[] };
    readonly organizationalUnits: { name: string; id: string; parent?: string; tags?: Record<string, string> }[];
    readonly accounts: Record<string, Record<string, unknown>>;
    readonly permissionSets: Record<string, Record<string, unknown>>;
    readonly groups: Record<string, { description?: string; external?: true; access?: Record<string, string[]> }>;
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

/**
 * Convert the estate: nested OUs with their parents, users' own assignments as their access,
 * synchronised groups and users as external entries where the config needs them. What the config
 * still cannot say (an OU name used twice, a local user in a synchronised group, a user without
 * the names the config requires, ...) is a warning.
 */
export function estateToConfig(estate: Estate): Adoption {
    const warnings: string[] = [];
    const warn = (message: string) => warnings.push(message);

    if (estate.organization.featureSet !== "ALL") {
        warn(`organisation ${estate.organization.id}: feature set ${estate.organization.featureSet}, but the program manages organisations with all features (enable all features in the console before pulumi up)`);
    }

    const { organizationalUnits, ouName } = adoptOrganizationalUnits(estate, warn);

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
            const ou = estate.organizationalUnits.find((o) => o.id === account.parentId);
            warn(`account ${account.name} (${account.id}) is in OU ${ou?.name ?? account.parentId} (${account.parentId}), which is left out (above): left out with it`);
            continue;
        }
        const key = uniqueKey(slug(account.name) || `account-${account.id}`, taken);
        accountKeys[account.id] = key;
        accounts[key] = accountEntry(account, management, ouName);
    }

    // Permission sets.
    const permissionSets: Record<string, Record<string, unknown>> = {};
    const imports: Record<string, Record<string, string>> = {
        // Every service the estate trusts is written to the config (sso.amazonaws.com is implied):
        // each is imported, so adopting enables nothing again.
        trustedAccess: Object.fromEntries(estate.organization.serviceAccessPrincipals.map((s) => [s, s])),
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
                put(imports.inlinePolicies, inlinePolicyName(ps.name), `${ps.arn},${instance}`);
            } catch {
                warn(`permission set ${ps.name}: its inline policy is not JSON; left out (the program would remove it)`);
            }
        }
        if (ps.permissionsBoundary?.managedPolicyArn) entry.permissionsBoundary = policyName(ps.permissionsBoundary.managedPolicyArn);
        else if (ps.permissionsBoundary?.customerManagedPolicyReference) entry.permissionsBoundary = { customerManaged: referenceName(ps.permissionsBoundary.customerManagedPolicyReference) };
        if (ps.permissionsBoundary) put(imports.permissionsBoundaries, permissionsBoundaryName(ps.name), `${ps.arn},${instance}`);
        entry.sessionDuration = ps.sessionDuration ?? "PT1H";
        if (ps.relayState) entry.relayState = ps.relayState;
        if (Object.keys(ps.tags).length) entry.tags = sortKeys(ps.tags);
        put(permissionSets, ps.name, entry);

        put(imports.permissionSets, permissionSetName(ps.name), `${ps.arn},${instance}`);
        for (const arn of ps.managedPolicies) put(imports.managedPolicyAttachments, managedPolicyAttachmentName(ps.name, arn), `${arn},${ps.arn},${instance}`);
        for (const ref of ps.customerManagedPolicies) {
            put(imports.customerManagedPolicyAttachments, customerManagedPolicyAttachmentName(ps.name, ref), `${ref.name},${ref.path},${ps.arn},${instance}`);
        }
    }

    // Users and groups. Local ones are written with their import ids. Ones synchronised from an
    // external identity provider (SCIM: they carry external ids) are the provider's: written as
    // `external: true` only where the config needs them (for their account assignments, and a
    // synced user's memberships of local groups), and never imported, since they are looked up.
    const store = estate.instance.identityStoreId;
    const liveUser = new Map(estate.users.map((u) => [u.id, u]));
    const liveGroup = new Map(estate.groups.map((g) => [g.id, g]));
    /** User id → config key, of every user the config may name. */
    const userKey = new Map<string, string>();
    const users: Record<string, Record<string, unknown>> = {};
    for (const u of [...estate.users].sort((a, b) => compareText(a.userName, b.userName))) {
        const unkeyable = whyNoKey(u.userName);
        if (unkeyable) {
            warn(`user ${u.userName} ${unkeyable}: left out, with their memberships and access (rename the user in AWS, then adopt again)`);
            continue;
        }
        if (u.external) {
            userKey.set(u.id, u.userName);
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
        put(users, u.userName, entry);
        put(imports.users, userName(u.userName), `${store}/${u.id}`);
    }
    const groupKey = new Map<string, string>();
    const groups: AdoptedConfig["groups"] = {};
    for (const g of [...estate.groups].sort((a, b) => compareText(a.displayName, b.displayName))) {
        const unkeyable = whyNoKey(g.displayName);
        if (unkeyable) {
            warn(`group ${g.displayName} ${unkeyable}: left out, with its members and access (rename the group in AWS, then adopt again)`);
            continue;
        }
        groupKey.set(g.id, g.displayName);
        if (g.external) continue;
        put(groups, g.displayName, g.description ? { description: g.description } : {});
        put(imports.groups, groupName(g.displayName), `${store}/${g.id}`);
    }
    const userEntry = (key: string) => ownOrPut(users, key, () => ({ external: true }));
    const groupEntry = (key: string) => ownOrPut(groups, key, () => ({ external: true as const }));

    const memberOf = new Map<string, string[]>();
    for (const m of estate.memberships) {
        const [user, group] = [userKey.get(m.userId), groupKey.get(m.groupId)];
        if (!user || !group) continue; // a left-out user: warned above
        if (liveGroup.get(m.groupId)?.external) {
            // Its members are the provider's, and the config lists none.
            if (!liveUser.get(m.userId)?.external) {
                warn(
                    `user ${user} is a member of group ${group}, which is synchronised from an external identity provider: the config leaves ` +
                        "an external group's members to the provider, so this membership is not in the file (it stays as it is in AWS)",
                );
            }
            continue;
        }
        userEntry(user);
        memberOf.set(user, [...(memberOf.get(user) ?? []), group]);
        put(imports.groupMemberships, membershipName(user, group), `${store}/${m.id}`);
    }
    for (const [user, list] of memberOf) userEntry(user).groups = list.sort(compareText);

    // Account assignments: a group's become its access map, a user's own (principal type USER) the
    // user's access map.
    const describe = (a: LiveAssignment) =>
        `${psName.get(a.permissionSetArn) ?? a.permissionSetArn} on account ${accountKeys[a.accountId] ?? "(not in the config)"} (${a.accountId})`;
    for (const a of [...estate.assignments].sort((x, y) => compareText(`${x.principalId}${x.permissionSetArn}${x.accountId}`, `${y.principalId}${y.permissionSetArn}${y.accountId}`))) {
        const ps = psName.get(a.permissionSetArn);
        const account = accountKeys[a.accountId];
        const toUser = a.principalType === "USER";
        const kind = toUser ? "user" : "group";
        const principal = (toUser ? userKey : groupKey).get(a.principalId);
        if (!principal) {
            const name = toUser ? liveUser.get(a.principalId)?.userName : liveGroup.get(a.principalId)?.displayName;
            warn(`${kind} ${name ?? a.principalId} has ${describe(a)}: ${name ? `the ${kind} is left out (above)` : "no such principal in the identity store"}, so is this access`);
            continue;
        }
        if (!account) {
            warn(`${kind} ${principal} has ${describe(a)}, an account left out of the config: left out`);
            continue;
        }
        if (!ps) continue; // assignments are read per permission set: it is there
        const entry = toUser ? userEntry(principal) : groupEntry(principal);
        const access = ((entry.access as Record<string, string[]> | undefined) ??= {});
        put(access, ps, [...(own(access, ps) ?? []), account].sort(compareText));
        const name = toUser ? userAssignmentName(principal, ps, account) : assignmentName(principal, ps, account);
        put(imports.accountAssignments, name, `${a.principalId},${a.principalType},${a.accountId},AWS_ACCOUNT,${a.permissionSetArn},${instance}`);
    }
    for (const entry of [...Object.values(groups), ...Object.values(users)]) if (entry.access) entry.access = sortKeys(entry.access as Record<string, string[]>);

    const trusted = estate.organization.serviceAccessPrincipals.filter((s) => !(ALWAYS_TRUSTED as readonly string[]).includes(s));
    return {
        region: estate.region,
        accountKeys,
        warnings,
        config: {
            // The policy types enabled in the root, all of them: the list is exclusive once given, and
            // written it spares the copying when guardrails are added later.
            organization: { id: estate.organization.id, ...(trusted.length ? { serviceAccessPrincipals: trusted } : {}), enabledPolicyTypes: [...estate.organization.enabledPolicyTypes] },
            // An adopted OU's tags must be all it has (the import reads them back).
            organizationalUnits,
            accounts,
            permissionSets,
            groups: sortKeys(groups),
            users: sortKeys(users),
            identityCenter: { instanceArn: instance, identityStoreId: store },
            imports: Object.fromEntries(Object.entries(imports).filter(([, v]) => Object.keys(v).length > 0).map(([k, v]) => [k, sortKeys(v)])),
        },
    };
}

/**
 * Why an identity-store name cannot be a key of the config, though AWS allows it: `::` separates
 * the parts of a Pulumi URN (config/schema.ts refuses it in names), and `__proto__` is no key to
 * JavaScript (config/keys.ts). Undefined when it can be.
 */
function whyNoKey(name: string): string | undefined {
    if (name === RESERVED_KEY) return `is named ${RESERVED_KEY}, which cannot be a key of the config (JavaScript reads it as an object's prototype)`;
    if (name.includes("::")) return `has "::" in its name, which Pulumi reserves in resource names`;
    return undefined;
}

function accountEntry(account: LiveAccount, management: boolean, ouName: Map<string, string>): Record<string, unknown> {
    const entry: Record<string, unknown> = { name: account.name, email: account.email };
    if (management) entry.management = true;
    else {
        const ou = ouName.get(account.parentId);
        if (ou) entry.ou = ou;
    }
    // The management account's id is no import: it says which account the stack is for.
    entry.id = account.id;
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

/**
 * The OUs with their parents by name, parents first. The config names every OU uniquely (accounts
 * and `ou:` targets say an OU by name), while AWS only refuses two OUs of one name in one parent:
 * of OUs that share a name, the one nearest the root (then the lowest id) keeps it, and each other
 * is left out with everything in it, warned about.
 * @returns the entries, sorted by name, and OU id → name of those written.
 */
function adoptOrganizationalUnits(estate: Estate, warn: (message: string) => void) {
    const root = estate.organization.rootId;
    const byId = new Map(estate.organizationalUnits.map((ou) => [ou.id, ou]));
    const depth = (ou: LiveOrganizationalUnit): number => {
        let d = 1;
        for (let p = byId.get(ou.parentId); p && d <= estate.organizationalUnits.length; p = byId.get(p.parentId)) d++;
        return d;
    };
    const ordered = [...estate.organizationalUnits].sort((a, b) => depth(a) - depth(b) || compareText(a.name, b.name) || compareText(a.id, b.id));
    const ouName = new Map<string, string>();
    const holder = new Map<string, LiveOrganizationalUnit>(); // name → the OU written under it
    const where = (ou: LiveOrganizationalUnit) => (ou.parentId === root ? "the root" : `OU ${byId.get(ou.parentId)?.name ?? ou.parentId} (${ou.parentId})`);
    const entries: AdoptedConfig["organizationalUnits"] = [];
    for (const ou of ordered) {
        const parent = ou.parentId === root ? undefined : ouName.get(ou.parentId);
        if (ou.parentId !== root && parent === undefined) {
            warn(`OU ${ou.name} (${ou.id}) is in ${where(ou)}, which is left out (above): left out with it, with the accounts in it`);
            continue;
        }
        const first = holder.get(ou.name);
        if (first) {
            warn(
                `OU ${ou.name} (${ou.id}) in ${where(ou)} has the name of OU ${first.name} (${first.id}) in ${where(first)}: OU names are unique in the config ` +
                    "(accounts and ou: targets name an OU), in AWS only within a parent; left out, with the OUs and accounts in it " +
                    "(rename one of them in AWS, then adopt again)",
            );
            continue;
        }
        holder.set(ou.name, ou);
        ouName.set(ou.id, ou.name);
        // An adopted OU's tags must be all it has (the import reads them back).
        entries.push({ name: ou.name, id: ou.id, ...(parent ? { parent } : {}), ...(Object.keys(ou.tags).length ? { tags: sortKeys(ou.tags) } : {}) });
    }
    return { organizationalUnits: entries.sort((a, b) => compareText(a.name, b.name)), ouName };
}

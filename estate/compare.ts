/**
 * What differs between the live estate and a stack's config: pure code, one difference per object,
 * each naming the object and how to settle it. `npm run audit` prints these.
 */
import { accountsReached, expandAccess, grantsOf } from "../config/access";
import type { EndedGrant } from "../config/ends";
import { showInstant } from "../config/until";
import { organizationPolicyTypes } from "../config/sandbox/guardrails";
import { MANAGED_POLICY_ARN_PREFIX, compareText } from "../config/schema";
import type { LandingZoneConfig } from "../config/schema";
import type { Estate, LiveAccount, PolicyReference } from "./reader";
import { own } from "../config/keys";

export type DifferenceKind =
    | "organization"
    | "account"
    | "organizational-unit"
    | "permission-set"
    | "policy"
    | "group"
    | "user"
    | "membership"
    | "assignment";

export interface Difference {
    readonly kind: DifferenceKind;
    /** The object, as a person names it: `user eve`, `policy AdministratorAccess on permission set DeveloperUserAccess`. */
    readonly object: string;
    /** `in AWS, not in the config`, `in the config, not in AWS`, or what differs. */
    readonly problem: string;
    /** How to settle it: what to add to the stack file, or what to remove in AWS. */
    readonly settle: string;
}

export function describeDifference(d: Difference): string {
    return `${d.object}: ${d.problem}; ${d.settle}`;
}

const ONLY_AWS = "in AWS, not in the config";
const ONLY_CONFIG = "in the config, not in AWS";
const shortPolicy = (arn: string) => (arn.startsWith(MANAGED_POLICY_ARN_PREFIX) ? arn.slice(MANAGED_POLICY_ARN_PREFIX.length) : arn);
const refName = (r: PolicyReference) => `${r.path === "/" ? "" : r.path}${r.name}`;

/** Every difference, sorted by kind, then object. */
export function compareEstate(estate: Estate, config: LandingZoneConfig): Difference[] {
    const found: Difference[] = [];
    const add = (kind: DifferenceKind, object: string, problem: string, settle: string) => found.push({ kind, object, problem, settle });

    // --- The organisation's policy types: the list is exclusive, so a type enabled by hand and not in
    // it is disabled, in the whole organisation, by the next pulumi up. ---
    const types = organizationPolicyTypes(config);
    if (types) {
        const enabled = estate.organization.enabledPolicyTypes;
        for (const t of enabled.filter((x) => !types.includes(x))) {
            add("organization", `policy type ${t}`, "enabled in AWS, not in the config", `add it to organization.enabledPolicyTypes (the next pulumi up disables it in the whole organisation), or disable it in AWS`);
        }
        for (const t of types.filter((x) => !enabled.includes(x))) add("organization", `policy type ${t}`, "in the config, not enabled in AWS", "run pulumi up to enable it, or remove it from organization.enabledPolicyTypes");
    }

    // --- Accounts: by id where the config has one, else by email (accounts the program created). ---
    const live = estate.accounts.filter((a) => a.status === "ACTIVE" || a.id === estate.organization.managementAccountId);
    const keyOf = new Map<string, string>(); // live account id → config key
    for (const [key, account] of Object.entries(config.accounts)) {
        const match: LiveAccount | undefined = account.management
            ? live.find((a) => a.id === estate.organization.managementAccountId)
            : live.find((a) => (account.id ? a.id === account.id : a.email.toLowerCase() === account.email?.toLowerCase()));
        if (!match) {
            add("account", `account ${key}${account.id ? ` (${account.id})` : ""}`, ONLY_CONFIG, account.id ? "fix its id in the stack file, or remove the entry" : "run pulumi up to create it, or remove it from the stack file");
            continue;
        }
        keyOf.set(match.id, key);
        if (account.management) {
            if (account.id !== undefined && account.id !== match.id) {
                add("account", `account ${key} (${account.id})`, `the management account in the config, but the organisation's is ${match.id} (${JSON.stringify(match.name)})`, `correct accounts.${key}.id to "${match.id}", or audit with the credentials of the organisation the stack file is for`);
            }
            continue;
        }
        const object = `account ${key} (${match.id})`;
        if (match.name !== account.name) {
            add("account", object, `named ${JSON.stringify(match.name)} in AWS, ${JSON.stringify(account.name)} in the config`, `run pulumi up to rename it, or change accounts.${key}.name`);
        }
        const liveOu = match.parentId === estate.organization.rootId ? undefined : estate.organizationalUnits.find((o) => o.id === match.parentId)?.name ?? match.parentId;
        if (liveOu !== account.ou) {
            add("account", object, `in ${liveOu ? `OU ${liveOu}` : "the root"} in AWS, in ${account.ou ? `OU ${account.ou}` : "the root"} in the config`, `run pulumi up to move it back, or change accounts.${key}.ou`);
        }
        const tagKeys = [...new Set([...Object.keys(match.tags), ...Object.keys(account.tags)])].filter((k) => own(match.tags, k) !== own(account.tags, k)).sort(compareText);
        if (tagKeys.length) {
            add("account", object, `tags ${tagKeys.join(", ")} differ between AWS and the config`, `run pulumi up to set them back, or change accounts.${key}.tags`);
        }
    }
    for (const a of live) {
        if (keyOf.has(a.id)) continue;
        const management = a.id === estate.organization.managementAccountId;
        add(
            "account",
            `account ${a.id} (${a.name})`,
            "in the organisation, not in the config",
            management
                ? "add it to landing-zone:accounts with management: true"
                : `add it to landing-zone:accounts with id: "${a.id}" (npm run adopt writes the entry), or remove it from the organisation`,
        );
    }

    // --- OUs: by id, or by name in their parent (the root, or the OU `parent` names). ---
    const root = estate.organization.rootId;
    const liveOuName = new Map(estate.organizationalUnits.map((o) => [o.id, o.name]));
    const sameOu = (ou: LandingZoneConfig["organizationalUnits"][number], o: Estate["organizationalUnits"][number]) =>
        ou.id ? o.id === ou.id : o.name === ou.name && (ou.parent === undefined ? o.parentId === root : liveOuName.get(o.parentId) === ou.parent);
    for (const ou of config.organizationalUnits) {
        const match = estate.organizationalUnits.find((o) => sameOu(ou, o));
        if (!match) {
            add("organizational-unit", `OU ${ou.name}${ou.id ? ` (${ou.id})` : ""}`, ONLY_CONFIG, ou.id ? "fix its id in the stack file, or remove the entry" : "run pulumi up to create it, or remove it from the stack file");
            continue;
        }
        const wantTags: Record<string, string> = ou.tags ?? {};
        const tagKeys = [...new Set([...Object.keys(match.tags), ...Object.keys(wantTags)])].filter((k) => own(match.tags, k) !== own(wantTags, k)).sort(compareText);
        if (tagKeys.length) {
            add("organizational-unit", `OU ${ou.name} (${match.id})`, `tags ${tagKeys.join(", ")} differ between AWS and the config`, "run pulumi up to set them back, or change the OU's tags in organizationalUnits");
        }
    }
    for (const o of estate.organizationalUnits) {
        const declared = config.organizationalUnits.some((ou) => sameOu(ou, o));
        if (declared) continue;
        const parent = o.parentId === root ? "" : `, parent: ${liveOuName.get(o.parentId) ?? o.parentId}`;
        add("organizational-unit", `OU ${o.name} (${o.id})`, "in the organisation, not in the config", `add { name: ${o.name}, id: ${o.id}${parent} } to landing-zone:organizationalUnits, or delete it in AWS`);
    }

    // --- Permission sets and their policies. ---
    const psByArn = new Map(estate.permissionSets.map((p) => [p.arn, p.name]));
    for (const [name, ps] of Object.entries(config.permissionSets)) {
        const livePs = estate.permissionSets.find((p) => p.name === name);
        if (!livePs) {
            add("permission-set", `permission set ${name}`, ONLY_CONFIG, "run pulumi up to create it, or remove it from the stack file");
            continue;
        }
        const where = `on permission set ${name}`;
        for (const arn of livePs.managedPolicies.filter((p) => !ps.managedPolicies.includes(p))) {
            add("policy", `policy ${shortPolicy(arn)} ${where}`, "attached in AWS, not in the config", `add it to permissionSets.${name}.managedPolicies, or detach it (the next pulumi up does)`);
        }
        for (const arn of ps.managedPolicies.filter((p) => !livePs.managedPolicies.includes(p))) {
            add("policy", `policy ${shortPolicy(arn)} ${where}`, "in the config, not attached in AWS", "run pulumi up to attach it, or remove it from the stack file");
        }
        const same = (a: PolicyReference, b: PolicyReference) => a.name === b.name && a.path === b.path;
        for (const ref of livePs.customerManagedPolicies.filter((r) => !ps.customerManagedPolicies.some((c) => same(c, r)))) {
            add("policy", `customer managed policy ${refName(ref)} ${where}`, "attached in AWS, not in the config", `add it to permissionSets.${name}.customerManagedPolicies, or detach it (the next pulumi up does)`);
        }
        for (const ref of ps.customerManagedPolicies.filter((c) => !livePs.customerManagedPolicies.some((r) => same(c, r)))) {
            add("policy", `customer managed policy ${refName(ref)} ${where}`, "in the config, not attached in AWS", "run pulumi up to attach it, or remove it from the stack file");
        }
        if (livePs.inlinePolicy && !ps.inlinePolicy) {
            add("policy", `inline policy ${where}`, "in AWS, not in the config", `add it as permissionSets.${name}.inlinePolicy, or delete it in AWS`);
        }
        if (!livePs.inlinePolicy && ps.inlinePolicy) add("policy", `inline policy ${where}`, ONLY_CONFIG, "run pulumi up to put it, or remove it from the stack file");
        if (livePs.permissionsBoundary && !ps.permissionsBoundary) {
            add("policy", `permissions boundary ${where}`, "in AWS, not in the config", `add it as permissionSets.${name}.permissionsBoundary, or remove it in AWS`);
        }
        if (!livePs.permissionsBoundary && ps.permissionsBoundary) add("policy", `permissions boundary ${where}`, ONLY_CONFIG, "run pulumi up to attach it, or remove it from the stack file");
        if ((livePs.sessionDuration ?? "PT1H") !== ps.sessionDuration) {
            add("permission-set", `permission set ${name}`, `session duration ${livePs.sessionDuration ?? "PT1H"} in AWS, ${ps.sessionDuration} in the config`, `run pulumi up to set it, or change permissionSets.${name}.sessionDuration`);
        }
    }
    for (const p of estate.permissionSets) {
        if (!Object.hasOwn(config.permissionSets, p.name)) add("permission-set", `permission set ${p.name}`, ONLY_AWS, "add it to landing-zone:permissionSets, or delete it in AWS");
    }

    // --- Groups, users, memberships. ---
    const groupName = new Map(estate.groups.map((g) => [g.id, g.displayName]));
    const userName = new Map(estate.users.map((u) => [u.id, u.userName]));
    // People and groups synced from an identity provider are its business unless the config names
    // them (npm run adopt writes those that have access); their assignments are compared below.
    for (const g of estate.groups) if (!(g.displayName in config.groups) && !g.external) add("group", `group ${g.displayName}`, ONLY_AWS, "add it to landing-zone:groups, or delete it in AWS");
    for (const name of Object.keys(config.groups)) if (!estate.groups.some((g) => g.displayName === name)) add("group", `group ${name}`, ONLY_CONFIG, "run pulumi up to create it, or remove it from the stack file");
    for (const u of estate.users) if (!(u.userName in config.users) && !u.external) add("user", `user ${u.userName}`, ONLY_AWS, "add it to landing-zone:users, or delete the user in AWS");
    for (const name of Object.keys(config.users)) if (!estate.users.some((u) => u.userName === name)) add("user", `user ${name}`, ONLY_CONFIG, "run pulumi up to create it, or remove it from the stack file");
    const liveMemberships = new Set(estate.memberships.map((m) => `${userName.get(m.userId)}\0${groupName.get(m.groupId)}`));
    const synced = new Set(estate.groups.filter((g) => g.external).map((g) => g.id));
    for (const m of estate.memberships) {
        const [user, group] = [userName.get(m.userId) ?? m.userId, groupName.get(m.groupId) ?? m.groupId];
        // An external group's members are the identity provider's: the config lists none.
        if (own(config.groups, group)?.external || synced.has(m.groupId)) continue;
        const ended = endedMembership(config, user, group);
        if (ended?.state === "imminent") continue;
        if (ended && !own(config.users, user)?.groups.includes(group)) {
            add("membership", `user ${user} in group ${group}`, endedProblem(ended), ENDED_SETTLE);
        } else if (!own(config.users, user)?.groups.includes(group)) {
            add("membership", `user ${user} in group ${group}`, ONLY_AWS, `add ${group} to users.${user}.groups, or remove the membership in AWS`);
        }
    }
    for (const [user, u] of Object.entries(config.users)) {
        for (const group of u.groups) {
            if (!liveMemberships.has(`${user}\0${group}`)) add("membership", `user ${user} in group ${group}`, ONLY_CONFIG, "run pulumi up to add it, or remove the group from the user in the stack file");
        }
    }

    // --- Account assignments. ---
    const wanted = new Set<string>();
    for (const [group, g] of Object.entries(config.groups)) {
        for (const { permissionSet, account } of grantsOf({ access: expandAccess(g.access, config) })) wanted.add(`GROUP\0${group}\0${permissionSet}\0${account}`);
    }
    for (const [user, u] of Object.entries(config.users)) {
        for (const { permissionSet, account } of grantsOf({ access: expandAccess(u.access, config) })) wanted.add(`USER\0${user}\0${permissionSet}\0${account}`);
    }
    const liveAssignments = new Set<string>();
    for (const a of estate.assignments) {
        const ps = psByArn.get(a.permissionSetArn) ?? a.permissionSetArn;
        const account = keyOf.get(a.accountId);
        const on = `${ps} on account ${account ?? a.accountId}${account ? ` (${a.accountId})` : ""}`;
        const [kind, section] = a.principalType === "USER" ? ["user", "users"] : ["group", "groups"];
        const principal = (a.principalType === "USER" ? userName : groupName).get(a.principalId) ?? a.principalId;
        const key = `${a.principalType}\0${principal}\0${ps}\0${account}`;
        liveAssignments.add(key);
        const ended = account === undefined || wanted.has(key) ? undefined : endedAssignment(config, a.principalType, principal, ps, account);
        if (ended?.state === "imminent") continue;
        if (ended) {
            add("assignment", `${kind} ${principal} has ${on}`, endedProblem(ended), ENDED_SETTLE);
        } else if (!wanted.has(key)) {
            add(
                "assignment",
                `${kind} ${principal} has ${on}`,
                ONLY_AWS,
                account ? `add ${account} to ${section}.${principal}.access.${ps}, or remove the assignment in AWS` : "add the account and the access to the stack file, or remove the assignment in AWS",
            );
        }
    }
    for (const key of wanted) {
        if (liveAssignments.has(key)) continue;
        const [type, principal, ps, account] = key.split("\0");
        add("assignment", `${type === "USER" ? "user" : "group"} ${principal} has ${ps} on account ${account}`, ONLY_CONFIG, "run pulumi up to assign it, or remove it from the stack file");
    }

    const order: DifferenceKind[] = ["organization", "account", "organizational-unit", "permission-set", "policy", "group", "user", "membership", "assignment"];
    return found.sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind) || compareText(a.object, b.object));
}

// --- Access that has ended (until) but is still in AWS. ---

const ENDED_SETTLE = "the schedule that ends it did not (it retries for a day); run pulumi up, which removes it, or remove it in AWS now";

function endedProblem(e: EndedGrant): string {
    return `ended ${showInstant(e.end.until)} (${e.path}${e.end.reason === undefined ? "" : `, ${JSON.stringify(e.end.reason)}`}), still in AWS`;
}

function endedMembership(config: LandingZoneConfig, user: string, group: string): EndedGrant | undefined {
    return (config.ended ?? []).find((e) => e.kind === "membership" && e.principal === user && e.group === group);
}

function endedAssignment(config: LandingZoneConfig, type: string, principal: string, ps: string, account: string): EndedGrant | undefined {
    return (config.ended ?? []).find(
        (e) => e.kind === "assignment" && e.principalType === type && e.principal === principal && e.permissionSet === ps && e.target !== undefined && accountsReached(e.target, config).includes(account),
    );
}

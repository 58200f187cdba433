/**
 * Who can reach what, and what an operator must do for new users: pure functions of the validated
 * config, no Pulumi runtime. The program uses them for its assignments and its stack outputs.
 */
import { ALL_ACCOUNTS, OU_TARGET, compareText as compare } from "./schema";
import { assignmentEnds } from "./ends";
import { End, earlier, later } from "./until";
import type { AccountConfig, GroupConfig, OrganizationalUnitConfig, UserConfig } from "./schema";
import { own, put } from "./keys";

/** A permission set on an account: what one account assignment gives. */
export interface Grant {
    readonly permissionSet: string;
    readonly account: string;
}

/** What a user can reach: an account (key and id) with a permission set. */
export interface Reach {
    readonly account: string;
    readonly accountId: string;
    readonly permissionSet: string;
    /** When this access ends (UTC, to the second): the last of the ways that give it; absent when one does not end. */
    readonly until?: string;
    /** The stack file's reason for that end. */
    readonly reason?: string;
}

/** An access map: permission set → account keys, `ou:<OU name>` or `all`. */
export type AccessMap = Readonly<Record<string, readonly string[]>>;

/** What expanding a target needs of the config: the accounts and the OU tree. */
export interface Estate {
    readonly accounts: Readonly<Record<string, Pick<AccountConfig, "ou" | "management">>>;
    readonly organizationalUnits: readonly Pick<OrganizationalUnitConfig, "name" | "parent">[];
}

/**
 * The account keys an access target reaches, sorted: an account key itself; for `ou:<name>`, the
 * member accounts in that OU and in every OU nested under it; for `all`, every member account.
 * The management account is never part of `ou:` or `all` (it sits in no OU): only its key names it.
 */
export function accountsReached(target: string, estate: Estate): string[] {
    if (target !== ALL_ACCOUNTS && !target.startsWith(OU_TARGET)) return [target];
    const members = Object.entries(estate.accounts).filter(([, a]) => !a.management);
    if (target === ALL_ACCOUNTS) return members.map(([key]) => key).sort(compare);
    const ou = target.slice(OU_TARGET.length);
    const parentOf = new Map(estate.organizationalUnits.map((o) => [o.name, o.parent]));
    // An OU is under `ou` when `ou` is on its chain of parents (validation refuses cycles; the
    // bound keeps a bad model from looping).
    const under = (name: string | undefined) => {
        for (let n = name, hops = 0; n !== undefined && hops <= parentOf.size; n = parentOf.get(n), hops++) if (n === ou) return true;
        return false;
    };
    return members.filter(([, a]) => under(a.ou)).map(([key]) => key).sort(compare);
}

/**
 * An access map with its targets expanded to account keys: permission set → the account keys it
 * reaches, sorted and unique. What the assignments are made from.
 */
export function expandAccess(access: AccessMap, estate: Estate): Record<string, string[]> {
    return Object.fromEntries(
        Object.entries(access).map(([ps, targets]) => [ps, [...new Set(targets.flatMap((t) => accountsReached(t, estate)))].sort(compare)]),
    );
}

/**
 * How each account is reached by a list of targets: account key → the targets that reach it, as
 * the config lists them (`dev`, `ou:Workloads`, `all`). For the plan's access matrix.
 */
export function targetsByAccount(targets: readonly string[], estate: Estate): Map<string, string[]> {
    const byAccount = new Map<string, string[]>();
    for (const target of targets) {
        for (const account of accountsReached(target, estate)) byAccount.set(account, [...(byAccount.get(account) ?? []), target]);
    }
    return byAccount;
}

/**
 * The distinct (permission set, account) pairs of an expanded access map, sorted by permission
 * set, then account: one account assignment each.
 */
export function grantsOf(group: { readonly access: AccessMap }): Grant[] {
    const grants = new Map<string, Grant>();
    for (const [permissionSet, accounts] of Object.entries(group.access)) {
        for (const account of accounts) grants.set(`${permissionSet}\0${account}`, { permissionSet, account });
    }
    return [...grants.values()].sort((a, b) => compare(a.permissionSet, b.permissionSet) || compare(a.account, b.account));
}

/** The keys of the users who are members of `group`, sorted. */
export function membersOf(users: Readonly<Record<string, Pick<UserConfig, "groups">>>, group: string): string[] {
    return Object.entries(users)
        .filter(([, user]) => user.groups.includes(group))
        .map(([key]) => key)
        .sort(compare);
}

/**
 * Each user's reach through their groups and their own access: user key → (account, account id,
 * permission set), once each however many ways give it, sorted by account key, then permission
 * set. Members of external groups are the identity provider's, so they are not here.
 * @throws Error when an account of an access map has no id (the config validation prevents it).
 */
export function userAccess(
    users: Readonly<Record<string, Pick<UserConfig, "groups" | "access"> & Partial<Pick<UserConfig, "ends" | "groupEnds">>>>,
    groups: Readonly<Record<string, Pick<GroupConfig, "access"> & Partial<Pick<GroupConfig, "ends">>>>,
    estate: Estate,
    accountIds: Readonly<Record<string, string>>,
): Record<string, Reach[]> {
    const result: Record<string, Reach[]> = {};
    // Each group's grants (and their ends) once, however many members it has.
    const groupGrants = new Map(Object.entries(groups).map(([name, g]) => [name, grantsOf({ access: expandAccess(g.access, estate) })]));
    const groupEnds = new Map(Object.entries(groups).map(([name, g]) => [name, assignmentEnds(g.access, g.ends ?? {}, estate)]));
    for (const [key, user] of Object.entries(users).sort(([a], [b]) => compare(a, b))) {
        const reach = new Map<string, Reach>();
        /** Ways that do not end, by reach key: such a reach has no end whatever else ends. */
        const forever = new Set<string>();
        const direct = assignmentEnds(user.access, user.ends ?? {}, estate);
        const sources: [string, Grant[], (g: Grant) => End | undefined][] = [
            ...user.groups.map((group): [string, Grant[], (g: Grant) => End | undefined] => {
                const membership = user.groupEnds && Object.hasOwn(user.groupEnds, group) ? user.groupEnds[group] : undefined;
                return [`groups.${group}`, groupGrants.get(group) ?? [], (g) => earlier(membership, groupEnds.get(group)?.get(`${g.permissionSet}\0${g.account}`))];
            }),
            [`users.${key}`, grantsOf({ access: expandAccess(user.access, estate) }), (g) => direct.get(`${g.permissionSet}\0${g.account}`)],
        ];
        for (const [path, grants, endOf] of sources) {
            for (const grant of grants) {
                const { permissionSet, account } = grant;
                const accountId = own(accountIds, account);
                if (accountId === undefined) throw new Error(`${path}.access.${permissionSet}: account ${JSON.stringify(account)} has no id`);
                const id = `${account}\0${permissionSet}`;
                const end = endOf(grant);
                if (!end) forever.add(id);
                const before = reach.get(id);
                const last = forever.has(id) ? undefined : later(before?.until === undefined ? undefined : { until: before.until, reason: before.reason }, end) ?? (before ? undefined : end);
                reach.set(id, { account, accountId, permissionSet, ...(last && { until: last.until }), ...(last?.reason !== undefined && { reason: last.reason }) });
            }
        }
        put(result, key, [...reach.values()].sort((a, b) => compare(a.account, b.account) || compare(a.permissionSet, b.permissionSet)));
    }
    return result;
}

/** The AWS access portal's default address for an identity store. */
export function portalUrl(identityStoreId: string): string {
    return `https://${identityStoreId}.awsapps.com/start`;
}

/** What an operator does after a `pulumi up` that added users. */
export interface Onboarding {
    readonly portalUrl: string;
    /** User key → "Display Name <email>". */
    readonly users: Record<string, string>;
    readonly steps: string[];
}

/**
 * The operator's checklist for new users. AWS sends no invitation to users created through the
 * API, and MFA settings have no API, so the program can only remind.
 */
export function onboarding(users: Readonly<Record<string, UserConfig>>, portal: string, region: string): Onboarding {
    return {
        portalUrl: portal,
        // External users sign in through their identity provider: nothing to send them.
        users: Object.fromEntries(
            Object.entries(users)
                .sort(([a], [b]) => compare(a, b))
                .flatMap(([key, user]) => (user.external ? [] : [[key, `${user.displayName} <${user.email}>`]])),
        ),
        steps: [
            "AWS sends no invitation to users created through the API: for each new user, send the verification email from the console " +
                `(IAM Identity Center in ${region} > Users > the user > "Send email verification link"), ` +
                'or ask them to choose "Forgot password" on the portal.',
            `The user signs in at ${portal} with their user name and sets a password.`,
            "At the first sign-in the user registers an MFA device; require MFA under IAM Identity Center > Settings > Authentication " +
                "(console only: there is no API for it).",
        ],
    };
}

/**
 * Who can reach what, and what an operator must do for new users: pure functions of the validated
 * config, no Pulumi runtime. The program uses them for its assignments and its stack outputs.
 */
import { compareText as compare } from "./schema";
import type { GroupConfig, UserConfig } from "./schema";

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
}

/**
 * The distinct (permission set, account) pairs of a group's access map, sorted by permission set,
 * then account: one account assignment each.
 */
export function grantsOf(group: { readonly access: Readonly<Record<string, readonly string[]>> }): Grant[] {
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
 * Each user's reach through their groups: user key → (account, account id, permission set), once
 * each however many groups give it, sorted by account key, then permission set.
 * @throws Error when an account of a group's access has no id (the config validation prevents it).
 */
export function userAccess(
    users: Readonly<Record<string, Pick<UserConfig, "groups">>>,
    groups: Readonly<Record<string, Pick<GroupConfig, "access">>>,
    accountIds: Readonly<Record<string, string>>,
): Record<string, Reach[]> {
    const result: Record<string, Reach[]> = {};
    for (const [key, user] of Object.entries(users).sort(([a], [b]) => compare(a, b))) {
        const reach = new Map<string, Reach>();
        for (const group of user.groups) {
            for (const { permissionSet, account } of grantsOf(groups[group] ?? { access: {} })) {
                const accountId = accountIds[account];
                if (accountId === undefined) throw new Error(`groups.${group}.access.${permissionSet}: account ${JSON.stringify(account)} has no id`);
                reach.set(`${account}\0${permissionSet}`, { account, accountId, permissionSet });
            }
        }
        result[key] = [...reach.values()].sort((a, b) => compare(a.account, b.account) || compare(a.permissionSet, b.permissionSet));
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
export function onboarding(
    users: Readonly<Record<string, Pick<UserConfig, "displayName" | "email">>>,
    portal: string,
    region: string,
): Onboarding {
    return {
        portalUrl: portal,
        users: Object.fromEntries(
            Object.entries(users)
                .sort(([a], [b]) => compare(a, b))
                .map(([key, user]) => [key, `${user.displayName} <${user.email}>`]),
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

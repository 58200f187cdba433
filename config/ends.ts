/**
 * What the config grants at the run's clock: grants, memberships and people whose `until` has
 * passed (or comes within LEAD_MINUTES) are taken out, each recorded with its config path; a
 * person's `until` is folded into each of their memberships and direct grants. Pure code.
 */
import type { End } from "./until";
import { LEAD_MINUTES, MAX_AHEAD_DAYS, earlier, endState, later, showDistance, showInstant } from "./until";
import { compareText, show } from "./schema";
import type { AccessEnds, StackConfig } from "./schema";
import { accountsReached } from "./access";
import type { Estate } from "./access";
import { own, ownOrPut, put } from "./keys";

/** A grant or membership the clock has ended (or ends within LEAD_MINUTES): not planned. */
export interface EndedGrant {
    /** Where the stack file gives it: `groups.Admins.access.AdministratorAccess`, `users.eve.groups`. */
    readonly path: string;
    readonly kind: "assignment" | "membership";
    readonly principalType: "GROUP" | "USER";
    /** The group's or the user's name. */
    readonly principal: string;
    /** For an assignment: the permission set and the target as written (an account key, `ou:...`, `all`). */
    readonly permissionSet?: string;
    readonly target?: string;
    /** For a membership: the group. */
    readonly group?: string;
    readonly end: End;
    /** `past`: ended; `imminent`: ends within LEAD_MINUTES of the run, too soon to schedule. */
    readonly state: "past" | "imminent";
}

export interface Clocked {
    readonly config: StackConfig;
    readonly ended: EndedGrant[];
    readonly warnings: string[];
}

const when = (end: End, now: Date) => `${showInstant(end.until)} (${showDistance(end.until, now)}${end.reason === undefined ? "" : `, ${show(end.reason)}`})`;

/**
 * The config as it stands at `now`: what has ended taken out of `access`, `ends`, `groups` and
 * `groupEnds`; the ends left are those ahead, a person's own end folded in.
 */
export function applyClock(config: StackConfig, now: Date): Clocked {
    const ended: EndedGrant[] = [];
    const warnings: string[] = [];
    const far = now.getTime() + MAX_AHEAD_DAYS * 86_400_000;
    /** Where an end stands; warns for one ending too soon or too far ahead. Returns whether the grant holds. */
    const check = (path: string, what: string, end: End, record: Omit<EndedGrant, "end" | "state" | "path">, quiet: boolean): boolean => {
        const state = endState(end, now);
        if (state === "ahead") {
            if (Date.parse(end.until) > far && !quiet) warnings.push(`${path}: ${what} ends ${when(end, now)}, more than a year ahead: is that a typo?`);
            return true;
        }
        ended.push({ path, ...record, end, state });
        if (quiet) return false;
        warnings.push(
            state === "past"
                ? `${path}: ${what} ended ${when(end, now)}, so it is not planned (the next up removes it from AWS if it is still there); remove it from the stack file`
                : `${path}: ${what} ends ${when(end, now)}, within ${LEAD_MINUTES} minutes of this run, so it is not planned: ` +
                      "EventBridge Scheduler refuses a schedule at a time already past, and an up takes minutes",
        );
        return false;
    };

    const groups: StackConfig["groups"] = {};
    for (const [name, group] of Object.entries(config.groups)) {
        const clocked = clockAccess(`groups.${name}.access`, group.access, group.ends, undefined, (path, ps, target, end) =>
            check(path, `the grant on ${target}`, end, { kind: "assignment", principalType: "GROUP", principal: name, permissionSet: ps, target }, false),
        );
        groups[name] = { ...group, ...clocked };
    }

    const users: StackConfig["users"] = {};
    for (const [name, user] of Object.entries(config.users)) {
        const person: End | undefined = user.until === undefined ? undefined : { until: user.until };
        // A person whose own end has passed gets one warning, not one per grant.
        const personGone = person !== undefined && !check(`users.${name}.until`, `everything ${name} has`, person, { kind: "membership", principalType: "USER", principal: name }, false);
        if (personGone) ended.pop();
        const quiet = (end: End) => personGone && end === person;
        const clocked = clockAccess(`users.${name}.access`, user.access, user.ends, person, (path, ps, target, end) =>
            check(path, `the grant on ${target}`, end, { kind: "assignment", principalType: "USER", principal: name, permissionSet: ps, target }, quiet(end)),
        );
        const groupEnds: Record<string, End> = {};
        const memberOf = user.groups.filter((group) => {
            const end = earlier(own(user.groupEnds, group), person);
            if (!end) return true;
            const holds = check(`users.${name}.groups`, `the membership of ${group}`, end, { kind: "membership", principalType: "USER", principal: name, group }, quiet(end));
            if (holds) groupEnds[group] = end;
            return holds;
        });
        users[name] = { ...user, ...clocked, groups: memberOf, groupEnds };
    }
    return { config: { ...config, groups, users }, ended, warnings };
}

/** An access map at the clock: each target's end (its own, or the person's if earlier) checked by `holds`. */
function clockAccess(
    path: string,
    access: Record<string, string[]>,
    ends: AccessEnds,
    person: End | undefined,
    holds: (path: string, ps: string, target: string, end: End) => boolean,
): { access: Record<string, string[]>; ends: AccessEnds } {
    const kept: Record<string, string[]> = {};
    const keptEnds: AccessEnds = {};
    for (const [ps, targets] of Object.entries(access)) {
        kept[ps] = targets.filter((target) => {
            const end = earlier(Object.hasOwn(ends, ps) && Object.hasOwn(ends[ps], target) ? ends[ps][target] : undefined, person);
            if (!end) return true;
            if (!holds(`${path}.${ps}`, ps, target, end)) return false;
            put(ownOrPut(keptEnds, ps, () => ({})), target, end);
            return true;
        });
    }
    return { access: kept, ends: keptEnds };
}

/**
 * When each (permission set, account) of an access map ends, once its targets are expanded: the
 * latest end of the targets that reach the account, or none (not in the map) when any of them does
 * not end. Key: `${permissionSet}\0${account}`.
 */
export function assignmentEnds(access: Readonly<Record<string, readonly string[]>>, ends: AccessEnds, estate: Estate): Map<string, End> {
    const result = new Map<string, End>();
    const forever = new Set<string>();
    for (const [ps, targets] of Object.entries(access)) {
        for (const target of targets) {
            const end = Object.hasOwn(ends, ps) && Object.hasOwn(ends[ps], target) ? ends[ps][target] : undefined;
            for (const account of accountsReached(target, estate)) {
                const key = `${ps}\0${account}`;
                if (!end) {
                    forever.add(key);
                    result.delete(key);
                } else if (!forever.has(key)) {
                    const before = result.get(key);
                    result.set(key, before ? (later(before, end) as End) : end);
                }
            }
        }
    }
    return new Map([...result].sort(([a], [b]) => compareText(a, b)));
}

/** Whether anything in the (clocked) config ends: then the program builds what ends it. */
export function anythingEnds(config: Pick<StackConfig, "groups" | "users">): boolean {
    const some = (ends: AccessEnds) => Object.values(ends).some((byTarget) => Object.keys(byTarget).length > 0);
    return Object.values(config.groups).some((g) => some(g.ends)) || Object.values(config.users).some((u) => some(u.ends) || Object.keys(u.groupEnds).length > 0);
}

/** Whether a grant that ends is on the management account (only its key reaches it: never ou: or all). */
export function endsOnManagementAccount(config: Pick<StackConfig, "groups" | "users" | "accounts">): boolean {
    const management = Object.entries(config.accounts).find(([, a]) => a.management)?.[0];
    if (management === undefined) return false;
    const hits = (ends: AccessEnds) => Object.values(ends).some((byTarget) => Object.hasOwn(byTarget, management));
    return Object.values(config.groups).some((g) => hits(g.ends)) || Object.values(config.users).some((u) => hits(u.ends));
}

/** The members of `group` whose membership ends: user → end. */
export function memberEnds(users: StackConfig["users"], group: string): Record<string, End> {
    const result: Record<string, End> = {};
    for (const [user, u] of Object.entries(users)) if (Object.hasOwn(u.groupEnds, group) && u.groups.includes(group)) result[user] = u.groupEnds[group];
    return result;
}

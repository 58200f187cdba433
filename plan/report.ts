/**
 * What an offline plan shows a person or a machine: the resource tree with key inputs, counts by
 * type, the access matrix, and the difference between two plans. Pure functions over plans.
 *
 * A difference compares summaries, not plans: the base of `--base <git revision>` is planned by
 * that revision's own program in another process, and all that comes back is its JSON.
 */
import { parse as parseYaml } from "yaml";
import { targetsByAccount } from "../config/access";
import { loadStackConfig } from "../config/load";
import { CREATE_RUNS_NOTHING } from "../config/sandbox/nukeMemory";
import { BUILDSPEC_MAX_CHARACTERS } from "../config/sandbox/runner";
import { ALL_ACCOUNTS, LandingZoneConfig, compareText, sortKeys } from "../config/schema";
import { Plan, Registration } from "./engine";
import { assignmentEnds } from "../config/ends";
import { End, atInstant, describeEnd, endsSoon, runClock } from "../config/until";
import { own } from "../config/keys";
import { mdCode, mdCodeCell, mdFence, mdText, visible } from "./escape";
import { Prose, names, prose, proseLine, proseMarkdown, proseText } from "./prose";

export const HONEST_LABEL =
    "Offline plan: the program on Pulumi's mock engine with this stack file. It does not read AWS, so it cannot " +
    "see drift or what exists outside the program; ids of resources not yet created are placeholders, and external groups " +
    "and users are assumed to exist in the identity store (a real preview looks them up).";

const T = {
    account: "aws:organizations/account:Account",
    user: "aws:identitystore/user:User",
    group: "aws:identitystore/group:Group",
    membership: "aws:identitystore/groupMembership:GroupMembership",
    permissionSet: "aws:ssoadmin/permissionSet:PermissionSet",
    assignment: "aws:ssoadmin/accountAssignment:AccountAssignment",
    getUser: "aws:identitystore/getUser:getUser",
    getGroup: "aws:identitystore/getGroup:getGroup",
    schedule: "aws:scheduler/schedule:Schedule",
};

/**
 * One way a user reaches an account: through a group, or directly (the user's own `access`), and
 * the config's targets that reach the account when it is not listed by its key (`ou:Workloads`,
 * `all`). The group's name and each target are kept apart: a group may be named `direct`, or
 * `Readers, ou:Workloads`.
 */
export type AccessWay =
    | { readonly kind: "group"; readonly group: string; readonly targets: readonly string[] }
    | { readonly kind: "direct"; readonly targets: readonly string[] };

/** One line of the access matrix: a user reaches an account with a permission set, one way. */
export type AccessRow = AccessWay & {
    /** A user name; for an external group, `(members of <group>)`: its members are the identity provider's. */
    readonly user: string;
    readonly account: string;
    readonly accountId: string;
    readonly permissionSet: string;
    /**
     * When this way of reaching the account ends (UTC, `2026-12-05T18:00:00Z`): the earlier of the
     * assignment's and the membership's schedules. Absent: it does not end.
     */
    readonly until?: string;
    /** Why it was given until then (the stack file's `reason`). */
    readonly reason?: string;
};

/** The kind of a user's own (direct) assignment, and the word the renderers show for it. */
export const DIRECT = "direct";

/** A way on its own, without the row around it. */
export function wayOf(w: AccessWay): AccessWay {
    return w.kind === "group" ? { kind: "group", group: w.group, targets: [...w.targets] } : { kind: "direct", targets: [...w.targets] };
}

/**
 * The way as one string, as the JSON's `via` has always given it (`DeveloperGroup, ou:Workloads`,
 * `direct`): kept for readers of older plans, ambiguous for a group named `direct` or with `, ` in
 * its name. Machines read `kind`, `group` and `targets`.
 */
export function legacyVia(w: AccessWay): string {
    return [w.kind === "group" ? w.group : DIRECT, ...w.targets].join(", ");
}

/**
 * A way from a plan of an older program, which gave it only as `via`: split as it was written (a
 * group named `direct`, or with `, ` in its name, reads as that program's output read).
 */
export function wayFromLegacy(via: string): AccessWay {
    const [first, ...targets] = via.split(", ");
    return first === DIRECT ? { kind: "direct", targets } : { kind: "group", group: first, targets };
}

/** A name or target bare when it is a plain token, else as a JSON string: nothing a name holds can pass for the words around it. */
function token(name: string): string {
    return /^[A-Za-z0-9_.:@+=/-]+$/.test(name) && name !== "" ? name : JSON.stringify(name);
}

/**
 * A way as text, unambiguous for every name: `direct`, `group DeveloperGroup`, `group direct` (a
 * group named direct), `group "Readers, ou:Workloads"`, `direct through all`, `group Developers
 * through prod, ou:Workloads`. A name that is not a plain token is a JSON string, so no name can
 * hold the words, commas, semicolons, parentheses or spaces around it. Not made visible.
 */
export function wayText(w: AccessWay): string {
    const through = w.targets.length ? ` through ${w.targets.map(token).join(", ")}` : "";
    return `${w.kind === "group" ? `group ${token(w.group)}` : DIRECT}${through}`;
}

/** A way as markdown: the words as words, the group's name and each target a code span of its own. */
export function wayMarkdown(w: AccessWay, where: "prose" | "cell" = "prose"): string {
    return proseMarkdown(wayProse(w), where);
}

function wayProse(w: AccessWay): Prose {
    const through: Prose = w.targets.length ? [" through ", ...names(w.targets, "", ", ")] : [];
    return [...(w.kind === "group" ? ["group ", { name: w.group }] : [DIRECT]), ...through];
}

/** The input keys worth a glance, per resource type; other types show their first scalar inputs. */
const KEY_INPUTS: Record<string, string[]> = {
    "aws:organizations/organization:Organization": ["featureSet", "enabledPolicyTypes"],
    "aws:organizations/awsServiceAccess:AwsServiceAccess": ["servicePrincipal"],
    "aws:organizations/organizationalUnit:OrganizationalUnit": ["name"],
    [T.account]: ["name", "email", "tags"],
    [T.permissionSet]: ["name", "sessionDuration", "relayState"],
    "aws:ssoadmin/managedPolicyAttachment:ManagedPolicyAttachment": ["managedPolicyArn"],
    "aws:ssoadmin/customerManagedPolicyAttachment:CustomerManagedPolicyAttachment": ["customerManagedPolicyReference"],
    "aws:ssoadmin/permissionsBoundaryAttachment:PermissionsBoundaryAttachment": ["permissionsBoundary"],
    [T.assignment]: ["principalType", "targetId"],
    [T.user]: ["userName", "displayName", "emails"],
    [T.group]: ["displayName"],
    [T.membership]: [],
    "aws:iam/accountAlias:AccountAlias": ["accountAlias"],
    "random:index/randomString:RandomString": ["length"],
    "command:local:Command": ["create", "triggers"],
    "pulumi:providers:aws": ["region", "assumeRoles"],
    "aws:budgets/budget:Budget": ["name", "limitAmount", "limitUnit"],
    "aws:organizations/policy:Policy": ["name", "type"],
    "aws:organizations/policyAttachment:PolicyAttachment": ["targetId"],
    "aws:codebuild/project:Project": ["name", "buildTimeout", "concurrentBuildLimit"],
    "aws:scheduler/schedule:Schedule": ["scheduleExpression", "state"],
    "aws:iam/role:Role": ["name"],
    "aws:iam/rolePolicy:RolePolicy": ["role"],
};

export function keyInputs(r: Registration): Record<string, unknown> {
    const keys = KEY_INPUTS[r.type] ?? Object.keys(r.inputs).filter((k) => typeof r.inputs[k] !== "object").slice(0, 3);
    return Object.fromEntries(keys.filter((k) => r.inputs[k] !== undefined).map((k) => [k, r.inputs[k]]));
}

const byUrn = (a: { urn: string }, b: { urn: string }) => (a.urn < b.urn ? -1 : a.urn > b.urn ? 1 : 0);

/** Registrations in a stable order: by URN. */
export function sorted(plan: Plan): Registration[] {
    return [...plan.registrations].sort(byUrn);
}

export function countsByType(plan: Plan): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const r of sorted(plan)) counts[r.type] = (counts[r.type] ?? 0) + 1;
    return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => compareText(a, b)));
}

/**
 * Who can reach what, read from what the program registers and looks up (not from the config):
 * users (created or looked up), group memberships, groups (created or looked up) and the account
 * assignments of groups and users. Only how an account is reached (`ou:Workloads`, `all`) comes
 * from the stack config the plan was made with, since it leaves no trace in the registrations.
 */
export function accessMatrix(plan: Plan): AccessRow[] {
    const byType = (type: string) => plan.registrations.filter((r) => r.type === type);
    const lookups = (token: string) => plan.invocations.filter((i) => i.token === token && i.outputs).map((i) => i.outputs!);
    const accountKeys = new Map<string, string>();
    const ids = (plan.outputs.accountIds ?? {}) as Record<string, string>;
    for (const [key, id] of Object.entries(ids)) accountKeys.set(id, key);
    const userNames = new Map([
        ...byType(T.user).map((u): [string, string] => [String(u.outputs.userId), String(u.inputs.userName)]),
        ...lookups(T.getUser).map((u): [string, string] => [String(u.userId), String(u.userName)]),
    ]);
    const externalGroups = new Map(lookups(T.getGroup).map((g) => [String(g.groupId), String(g.displayName)]));
    const groupNames = new Map([...byType(T.group).map((g): [string, string] => [String(g.outputs.groupId), String(g.inputs.displayName)]), ...externalGroups]);
    const permissionSets = new Map(byType(T.permissionSet).map((p) => [String(p.outputs.arn), String(p.inputs.name)]));
    const membersOf = new Map<string, string[]>();
    for (const m of byType(T.membership)) {
        const user = userNames.get(String(m.inputs.memberId));
        if (user) membersOf.set(String(m.inputs.groupId), [...(membersOf.get(String(m.inputs.groupId)) ?? []), user]);
    }
    const targets = howReached(plan.config);
    const ends = scheduledEnds(plan);
    const reasons = endReasons(plan.config);
    const membershipOf = new Map(byType(T.membership).map((m) => [`${m.inputs.groupId}\0${userNames.get(String(m.inputs.memberId))}`, m.urn]));

    const rows = new Map<string, AccessRow>();
    for (const a of byType(T.assignment)) {
        const principal = String(a.inputs.principalId);
        const accountId = String(a.inputs.targetId);
        const account = accountKeys.get(accountId) ?? accountId;
        const permissionSet = permissionSets.get(String(a.inputs.permissionSetArn)) ?? String(a.inputs.permissionSetArn);
        const group = a.inputs.principalType === "GROUP" ? groupNames.get(principal) : undefined;
        const user = a.inputs.principalType === "USER" ? userNames.get(principal) : undefined;
        if (group === undefined && user === undefined) continue;
        const how = targets(group === undefined ? { user: user! } : { group }, permissionSet, account);
        const shown = how.length === 1 && how[0] === account ? [] : how;
        const way: AccessWay = group === undefined ? { kind: "direct", targets: shown } : { kind: "group", group, targets: shown };
        const people = user !== undefined ? [user] : externalGroups.has(principal) ? [`(members of ${group})`] : (membersOf.get(principal) ?? []);
        const assignmentEnd = ends.get(a.urn);
        for (const person of people) {
            const membershipEnd = group === undefined ? undefined : ends.get(membershipOf.get(`${principal}\0${person}`) ?? "");
            // The way ends with the earlier of its assignment and its membership.
            const byMembership = membershipEnd !== undefined && (assignmentEnd === undefined || membershipEnd < assignmentEnd);
            const until = byMembership ? membershipEnd : assignmentEnd;
            const reason =
                until === undefined ? undefined : byMembership ? reasons.membership(person, group!) : reasons.assignment(group === undefined ? { user: user! } : { group }, permissionSet, account);
            const row: AccessRow = { user: person, account, accountId, permissionSet, ...wayOf(way), ...(until !== undefined && { until }), ...(reason !== undefined && { reason }) };
            rows.set(JSON.stringify(row), row);
        }
    }
    return sortAccessRows([...rows.values()], runClock());
}

/** Access rows: those ending within a week first, soonest first; then by user, account, permission set. */
export function sortAccessRows(rows: AccessRow[], now: Date): AccessRow[] {
    const soon = (r: AccessRow) => (endsSoon(r.until, now) ? r.until! : "~");
    const way = (r: AccessRow) => [r.kind === "group" ? `group\0${r.group}` : r.kind, r.targets.join("\0")];
    return rows.sort((a, b) => compare([soon(a), a.user, a.account, a.permissionSet, ...way(a)], [soon(b), b.user, b.account, b.permissionSet, ...way(b)]));
}

/**
 * When each assignment and membership ends, read from the schedules that end them (their `at()`
 * instant): registration URN → UTC instant.
 */
function scheduledEnds(plan: Plan): Map<string, string> {
    const ends = new Map<string, string>();
    const ended = new Set([T.assignment, T.membership]);
    const typeOf = new Map(plan.registrations.map((r) => [r.urn, r.type]));
    for (const s of plan.registrations.filter((r) => r.type === T.schedule)) {
        const until = atInstant(String(s.inputs.scheduleExpression));
        if (until === undefined) continue;
        for (const urn of s.dependencies) if (ended.has(typeOf.get(urn) ?? "")) ends.set(urn, until);
    }
    return ends;
}

/** The stack file's `reason` of a grant or membership that ends, from the config the plan was made with. */
function endReasons(config: Record<string, string> | undefined) {
    const parsed = parsedConfig(config);
    const cache = new Map<string, Map<string, End>>();
    return {
        assignment(principal: { group: string } | { user: string }, ps: string, account: string): string | undefined {
            if (!parsed) return undefined;
            const key = JSON.stringify(principal);
            let byGrant = cache.get(key);
            if (!byGrant) {
                const entry = "group" in principal ? (Object.hasOwn(parsed.groups, principal.group) ? parsed.groups[principal.group] : undefined) : Object.hasOwn(parsed.users, principal.user) ? parsed.users[principal.user] : undefined;
                byGrant = entry ? assignmentEnds(entry.access, entry.ends, parsed) : new Map();
                cache.set(key, byGrant);
            }
            return byGrant.get(`${ps}\0${account}`)?.reason;
        },
        membership(user: string, group: string): string | undefined {
            const u = parsed && Object.hasOwn(parsed.users, user) ? parsed.users[user] : undefined;
            return u && Object.hasOwn(u.groupEnds, group) ? u.groupEnds[group].reason : undefined;
        },
    };
}

/**
 * The config's targets that give a group or a user a permission set on an account (config/access.ts
 * targetsByAccount), from the stack config a plan was made with; none when it is not known.
 */
function howReached(config: Record<string, string> | undefined): (principal: { group: string } | { user: string }, ps: string, account: string) => string[] {
    const parsed = parsedConfig(config);
    if (!parsed) return () => [];
    const cache = new Map<string, Map<string, string[]>>();
    return (principal, ps, account) => {
        const key = JSON.stringify([principal, ps]);
        let byAccount = cache.get(key);
        if (!byAccount) {
            const access = "group" in principal ? own(parsed.groups, principal.group)?.access : own(parsed.users, principal.user)?.access;
            byAccount = targetsByAccount(own(access, ps) ?? [], parsed);
            cache.set(key, byAccount);
        }
        return byAccount.get(account) ?? [];
    };
}

function compare(a: string[], b: string[]): number {
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return compareText(a[i], b[i]);
    return 0;
}

// --- Differences --------------------------------------------------------------------------------

/** A resource as the JSON output gives it: what a difference compares. */
export interface ResourceSummary {
    readonly urn: string;
    readonly type: string;
    readonly name: string;
    readonly parent?: string;
    readonly inputs: Record<string, unknown>;
    readonly protect: boolean;
    readonly importId?: string;
    readonly ignoreChanges: readonly string[];
    readonly retainOnDelete: boolean;
    /** `urn::id` of the explicit provider, if any. */
    readonly provider?: string;
    readonly dependencies: readonly string[];
}

/** A plan as its JSON output gives it: resources sorted by URN, and the access matrix. */
export interface PlanSummary {
    readonly resources: ResourceSummary[];
    readonly access: AccessRow[];
    /**
     * Resource options this plan does not record, so a difference does not compare them: the JSON
     * of a revision from before they were added to it.
     */
    readonly unrecorded: readonly string[];
    /** The stack outputs the plan resolved: what a deployment of it would export. */
    readonly outputs?: Record<string, unknown>;
}

/** Options the JSON output has carried only since diffs against a revision's own program. */
const LATER_OPTIONS = ["retainOnDelete", "provider"];

export function summarize(plan: Plan): PlanSummary {
    const resources = sorted(plan).map(
        (r): ResourceSummary => ({
            urn: r.urn,
            type: r.type,
            name: r.name,
            parent: r.parent,
            inputs: r.inputs,
            protect: r.protect,
            importId: r.importId,
            ignoreChanges: r.ignoreChanges,
            retainOnDelete: r.retainOnDelete,
            provider: r.provider,
            dependencies: r.dependencies,
        }),
    );
    return { resources, access: accessMatrix(plan), unrecorded: [], outputs: plan.outputs };
}

/**
 * The summary in a plan's JSON output (`npm run plan -- --json`), from this revision or an older one.
 * @throws Error saying what is missing when the JSON is not a plan's.
 */
export function summaryFromJson(json: unknown): PlanSummary {
    const doc = json as { resources?: unknown; access?: unknown; outputs?: unknown } | null;
    if (!doc || typeof doc !== "object" || !Array.isArray(doc.resources) || !Array.isArray(doc.access)) {
        throw new Error("expected an object with resources and access lists");
    }
    const text = (v: unknown) => (typeof v === "string" ? v : undefined);
    const strings = (v: unknown) => (Array.isArray(v) ? v.map(String) : []);
    const resources = (doc.resources as Record<string, unknown>[]).map((r, i): ResourceSummary => {
        const urn = text(r?.urn);
        const type = text(r?.type);
        const name = text(r?.name);
        if (!urn || !type || !name || !r.inputs || typeof r.inputs !== "object") throw new Error(`resources[${i}]: expected urn, type, name and inputs`);
        return {
            urn,
            type,
            name,
            parent: text(r.parent),
            inputs: r.inputs as Record<string, unknown>,
            protect: r.protect === true,
            importId: text(r.importId),
            ignoreChanges: strings(r.ignoreChanges),
            retainOnDelete: r.retainOnDelete === true,
            provider: text(r.provider),
            dependencies: strings(r.dependencies),
        };
    });
    const access = (doc.access as Record<string, unknown>[]).map((a, i): AccessRow => {
        const row = { user: a?.user, account: a?.account, accountId: a?.accountId, permissionSet: a?.permissionSet };
        if (!Object.values(row).every((v) => typeof v === "string")) throw new Error(`access[${i}]: expected user, account, accountId, permissionSet and via`);
        let way: AccessWay;
        if (a.kind === "group" || a.kind === "direct") {
            const targets = a.targets;
            if (!Array.isArray(targets) || !targets.every((t) => typeof t === "string")) throw new Error(`access[${i}]: expected targets, a list of strings`);
            if (a.kind === "group" && typeof a.group !== "string") throw new Error(`access[${i}]: expected group, the group's name`);
            way = a.kind === "group" ? { kind: "group", group: a.group as string, targets } : { kind: "direct", targets };
        } else {
            // Plans from before the way was recorded apart give it as `via`; from before direct
            // assignments and targets, as `group`.
            const via = a.via ?? a.group;
            if (typeof via !== "string") throw new Error(`access[${i}]: expected user, account, accountId, permissionSet and via`);
            way = wayFromLegacy(via);
        }
        // Plans from before `until` have neither field.
        return { ...(row as Pick<AccessRow, "user" | "account" | "accountId" | "permissionSet">), ...way, ...(typeof a.until === "string" && { until: a.until }), ...(typeof a.reason === "string" && { reason: a.reason }) };
    });
    const unrecorded = resources.length && (doc.resources as object[]).some((r) => !("retainOnDelete" in r)) ? LATER_OPTIONS : [];
    const outputs = typeof doc.outputs === "object" && doc.outputs !== null && !Array.isArray(doc.outputs) ? (doc.outputs as Record<string, unknown>) : undefined;
    return { resources: resources.sort(byUrn), access, unrecorded, ...(outputs && { outputs }) };
}

export interface InputChange {
    readonly key: string;
    readonly before: unknown;
    readonly after: unknown;
}

export interface ResourceChange {
    readonly urn: string;
    readonly type: string;
    readonly name: string;
    readonly changes: InputChange[];
    /** Option changes a reviewer must see: protection, import id, ignored fields. */
    readonly options: InputChange[];
}

/** A person's access that appears or disappears: the (account, permission set) pair, whichever way it came. */
export interface AccessChange {
    readonly user: string;
    readonly account: string;
    readonly accountId: string;
    readonly permissionSet: string;
    /** Every way it comes (or came). */
    readonly ways: AccessWay[];
    /** The ways as the JSON's `via` has always given them (see legacyVia): for readers of older plans. */
    readonly via: string[];
    /** When the access ends: the last of its ways to end; absent when one of them does not end. */
    readonly until?: string;
    readonly reason?: string;
}

export interface PlanDiff {
    /** New in head and created: no import id. */
    readonly added: ResourceSummary[];
    /** New in head and imported (an import id): what exists in AWS and becomes the program's, not an addition. */
    readonly imported: ResourceSummary[];
    readonly removed: ResourceSummary[];
    readonly changed: ResourceChange[];
    readonly accessGained: AccessChange[];
    readonly accessLost: AccessChange[];
    /** Access kept whose end changes (given an end, a later one, or none). */
    readonly accessRetimed: AccessRetimed[];
}

/** Access a person keeps whose end changes. */
export interface AccessRetimed {
    readonly user: string;
    readonly account: string;
    readonly accountId: string;
    readonly permissionSet: string;
    readonly before?: string;
    readonly after?: string;
    /** The reason given for the end after the change. */
    readonly reason?: string;
    /** The reason given for the end before the change, when it was another. */
    readonly beforeReason?: string;
}

const canonical = (v: unknown): string => JSON.stringify(sortDeep(v));
function sortDeep(v: unknown): unknown {
    if (Array.isArray(v)) return v.map(sortDeep);
    if (v && typeof v === "object") {
        return sortKeys(Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, sortDeep(x)])));
    }
    return v;
}

function changedKeys(before: Record<string, unknown>, after: Record<string, unknown>): InputChange[] {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.filter((k) => canonical(own(before, k)) !== canonical(own(after, k))).map((key) => ({ key, before: own(before, key), after: own(after, key) }));
}

function options(r: ResourceSummary, unrecorded: ReadonlySet<string>): Record<string, unknown> {
    const all: Record<string, unknown> = { protect: r.protect, import: r.importId, ignoreChanges: r.ignoreChanges, retainOnDelete: r.retainOnDelete, provider: r.provider?.split("::")[3] };
    return Object.fromEntries(Object.entries(all).filter(([k]) => !unrecorded.has(k)));
}

/** The difference from base to head; a side may be a plan or the summary of one (a base revision's JSON). */
export function diffPlans(basePlan: Plan | PlanSummary, headPlan: Plan | PlanSummary): PlanDiff {
    const [base, head] = [basePlan, headPlan].map((p) => ("registrations" in p ? summarize(p) : p));
    const unrecorded = new Set([...base.unrecorded, ...head.unrecorded]);
    const before = new Map(base.resources.map((r) => [r.urn, r]));
    const after = new Map(head.resources.map((r) => [r.urn, r]));
    const fresh = [...after.values()].filter((r) => !before.has(r.urn));
    const added = fresh.filter((r) => !r.importId);
    const imported = fresh.filter((r) => r.importId);
    const removed = [...before.values()].filter((r) => !after.has(r.urn));
    const changed: ResourceChange[] = [];
    for (const [urn, next] of after) {
        const prev = before.get(urn);
        if (!prev) continue;
        const changes = changedKeys(prev.inputs, next.inputs);
        const opts = changedKeys(options(prev, unrecorded), options(next, unrecorded));
        if (changes.length || opts.length) changed.push({ urn, type: next.type, name: next.name, changes, options: opts });
    }
    const [accessGained, accessLost, accessRetimed] = accessChanges(base.access, head.access);
    return { added, imported, removed, changed, accessGained, accessLost, accessRetimed };
}

function accessChanges(base: AccessRow[], head: AccessRow[]): [AccessChange[], AccessChange[], AccessRetimed[]] {
    const group = (rows: AccessRow[]) => {
        const byKey = new Map<string, { change: AccessChange & { ways: AccessWay[]; via: string[] }; ways: AccessRow[] }>();
        for (const r of rows) {
            const key = JSON.stringify([r.user, r.account, r.permissionSet]);
            const entry = byKey.get(key) ?? { change: { user: r.user, account: r.account, accountId: r.accountId, permissionSet: r.permissionSet, ways: [], via: [] }, ways: [] };
            entry.change.ways.push(wayOf(r));
            entry.change.via.push(legacyVia(r));
            entry.ways.push(r);
            byKey.set(key, entry);
        }
        // Access lasts until its last way ends; a way that does not end keeps it for good.
        return new Map(
            [...byKey].map(([key, { change, ways }]) => {
                const last = ways.some((w) => w.until === undefined) ? undefined : ways.reduce((x, y) => (x.until! >= y.until! ? x : y));
                return [key, last ? { ...change, until: last.until, ...(last.reason !== undefined && { reason: last.reason }) } : change];
            }),
        );
    };
    const b = group(base);
    const h = group(head);
    const retimed: AccessRetimed[] = [];
    for (const [k, after] of h) {
        const before = b.get(k);
        // A new reason for the same end is a change too: it is the schedule's description.
        if (!before || (before.until === after.until && before.reason === after.reason)) continue;
        const { user, account, accountId, permissionSet } = after;
        retimed.push({
            user,
            account,
            accountId,
            permissionSet,
            ...(before.until !== undefined && { before: before.until }),
            ...(after.until !== undefined && { after: after.until }),
            ...(after.reason !== undefined && { reason: after.reason }),
            ...(before.reason !== undefined && before.reason !== after.reason && { beforeReason: before.reason }),
        });
    }
    return [[...h].filter(([k]) => !b.has(k)).map(([, v]) => v), [...b].filter(([k]) => !h.has(k)).map(([, v]) => v), retimed];
}

export function isEmpty(diff: PlanDiff): boolean {
    return !diff.added.length && !diff.imported.length && !diff.removed.length && !diff.changed.length && !diff.accessGained.length && !diff.accessLost.length && !diff.accessRetimed.length;
}

/** A person's access gained or lost, as a line of text (every name made visible). */
export function accessSentence(c: AccessChange, verb: "gains" | "loses"): string {
    return `${visible(c.user)} ${verb} ${visible(c.permissionSet)} on ${visible(c.account)} (via ${c.ways.map((w) => visible(wayText(w))).join("; ")})${verb === "gains" ? visible(endText(c)) : ""}`;
}

/** `, until 2026-12-05 18:00 UTC (in 30 h), incident 4711`, or nothing for access that does not end. Not escaped (the reason is the stack file's). */
export function endText(r: { readonly until?: string; readonly reason?: string }, now: Date = runClock()): string {
    return proseText(endProse(r, now));
}

/** endText as a sentence: the reason is a name (free text from the stack file). */
function endProse(r: { readonly until?: string; readonly reason?: string }, now: Date = runClock()): Prose {
    return r.until === undefined ? [] : [", ", ...untilProse(r.until, r.reason, now)];
}

/** `until 2026-12-05 18:00 UTC (in 30 h), <reason>`. */
function untilProse(until: string, reason: string | undefined, now: Date): Prose {
    return [describeEnd({ until }, now), ...(reason ? [", ", { name: reason }] : [])];
}

/** `jane keeps X on prod, now until ... (was: does not end)`. Not escaped: through visible() or mdText(). */
export function retimedSentence(c: AccessRetimed, now: Date = runClock()): string {
    return proseText(retimedProse(c, now));
}

/** retimedSentence with its names apart. The earlier reason shows when it was another. */
function retimedProse(c: AccessRetimed, now: Date = runClock()): Prose {
    const was: Prose = c.before === undefined ? ["did not end"] : untilProse(c.before, c.beforeReason, now);
    const now_: Prose = c.after === undefined ? ["no longer ends"] : untilProse(c.after, c.reason, now);
    return prose`${c.user} keeps ${c.permissionSet} on ${c.account}, ${now_} (was: ${was})`;
}

/** What planned the base of a difference (a git revision's program, or this one for a file), and the sentence that says so. */
export interface BaseNote {
    /** "base": the revision's own program; "head": this checkout's program; "none": nothing to plan (an empty base). */
    readonly program: "base" | "head" | "none";
    readonly note: string;
}

// --- Rendering ----------------------------------------------------------------------------------

/** A value as JSON, cut to `max` characters (whole code points), for a line of a plan. Not escaped. */
export function brief(value: unknown, max = 60): string {
    const text = JSON.stringify(value) ?? "undefined";
    if (text.length <= max) return text;
    const points = [...text];
    return points.length > max ? `${points.slice(0, max - 3).join("")}...` : text;
}

/** Changes within one input shown at most: a rewritten policy does not fill the page. */
export const LEAF_CHANGES_SHOWN = 5;

/** How deep into a value its changes are looked for; below, a changed subtree is one change. */
const LEAF_DEPTH = 32;

/** One difference within a changed input, as shown: where (a path into the value, or empty for all of it) and both sides. Not escaped. */
export interface ShownChange {
    readonly path: string;
    readonly before: string;
    readonly after: string;
}

/**
 * What a changed input shows, so that its two sides never look the same: for objects and arrays,
 * and strings that hold JSON (policies), each changed leaf with its path (`Statement[0].Effect`,
 * `"Deny"` → `"Allow"`), at most LEAF_CHANGES_SHOWN of them and how many more; for other values,
 * or when only the JSON's spacing or key order changes, both sides cut around their first
 * difference (see clipChange). Every side is at most `max` characters.
 */
export function showChange(before: unknown, after: unknown, max = 60): { shown: ShownChange[]; more: number } {
    const [x, y] = [jsonIn(before), jsonIn(after)];
    const [a, b] = x !== undefined && y !== undefined ? [x, y] : [before, after];
    if (isTree(a) && isTree(b)) {
        const shown: ShownChange[] = [];
        let count = 0;
        leafChanges(a, b, "", 0, (path, p, q) => {
            count++;
            if (shown.length < LEAF_CHANGES_SHOWN) shown.push({ path, ...clipChange(p, q, max) });
        });
        if (shown.length) return { shown, more: count - shown.length };
    }
    return { shown: [{ path: "", ...clipChange(before, after, max) }], more: 0 };
}

/** The object or array a string holds as JSON; undefined for any other value. */
function jsonIn(value: unknown): unknown {
    if (typeof value !== "string" || !/^\s*[[{]/.test(value)) return undefined;
    try {
        const parsed: unknown = JSON.parse(value);
        return isTree(parsed) ? parsed : undefined;
    } catch {
        return undefined;
    }
}

const isTree = (v: unknown): v is object => typeof v === "object" && v !== null;

/** A path step: `.Effect`, `[0]`, or `["aws:SourceIp"]` for a key that is not a plain word. */
const step = (path: string, key: string) => (/^[A-Za-z_$][\w$-]*$/.test(key) ? `${path ? "." : ""}${key}` : `[${JSON.stringify(key)}]`);

function leafChanges(a: unknown, b: unknown, path: string, depth: number, found: (path: string, a: unknown, b: unknown) => void): void {
    if (depth < LEAF_DEPTH && Array.isArray(a) && Array.isArray(b)) {
        for (let i = 0; i < Math.max(a.length, b.length); i++) leafChanges(a[i], b[i], `${path}[${i}]`, depth + 1, found);
    } else if (depth < LEAF_DEPTH && isTree(a) && isTree(b) && !Array.isArray(a) && !Array.isArray(b)) {
        const [p, q] = [a as Record<string, unknown>, b as Record<string, unknown>];
        for (const key of [...new Set([...Object.keys(p), ...Object.keys(q)])].sort(compareText)) leafChanges(own(p, key), own(q, key), path + step(path, key), depth + 1, found);
    } else if (canonical(a) !== canonical(b)) {
        found(path, a, b);
    }
}

/**
 * Two values as JSON, each at most `max` characters (whole code points): whole when both fit;
 * otherwise both cut the same way around their first difference, `...` where a side is cut, so
 * the difference shows on both sides. Not escaped.
 */
export function clipChange(before: unknown, after: unknown, max = 60): { before: string; after: string } {
    const [x, y] = [before, after].map((v) => [...(JSON.stringify(v) ?? "undefined")]);
    if (x.length <= max && y.length <= max) return { before: x.join(""), after: y.join("") };
    let first = 0;
    while (first < x.length && first < y.length && x[first] === y[first]) first++;
    const context = Math.floor(max / 3);
    // From the start when the difference shows there; else from `context` characters before it.
    const start = first + context <= max - 3 ? 0 : first - context;
    const room = max - 3 - (start > 0 ? 3 : 0);
    const cut = (z: string[]) => (z.length <= max && start === 0 ? z.join("") : `${start > 0 ? "..." : ""}${z.slice(start, start + room).join("")}${start + room < z.length ? "..." : ""}`);
    return { before: cut(x), after: cut(y) };
}

/** A changed input as lines of text (`inlinePolicy: Statement[0].Effect: "Deny" → "Allow"`). Not escaped. */
export function changeLines(change: InputChange, max = 60): string[] {
    const { shown, more } = showChange(change.before, change.after, max);
    return [
        ...shown.map((c) => `${change.key}: ${c.path ? `${c.path}: ` : ""}${c.before} → ${c.after}`),
        ...(more ? [`${change.key}: and ${more} more change${more === 1 ? "" : "s"}`] : []),
    ];
}

/** changeLines for a markdown table cell: key, path and values code spans. */
function changeCells(change: InputChange, max = 40): string[] {
    const key = mdCodeCell(change.key);
    const { shown, more } = showChange(change.before, change.after, max);
    return [
        ...shown.map((c) => `${key}: ${c.path ? `${mdCodeCell(c.path)}: ` : ""}${mdCodeCell(c.before)} → ${mdCodeCell(c.after)}`),
        ...(more ? [`${key}: and ${more} more change${more === 1 ? "" : "s"}`] : []),
    ];
}

/** A resource's options a reviewer must see (an import id is config data: a name). */
function flagsProse(r: Pick<ResourceSummary, "protect" | "importId" | "ignoreChanges" | "retainOnDelete">): Prose {
    const f: Prose[] = [];
    if (r.protect) f.push(["protected"]);
    if (r.retainOnDelete) f.push(["left in AWS when removed"]);
    if (r.importId) f.push(prose`import ${r.importId}`);
    if (r.ignoreChanges.length) f.push(prose`ignores ${names(r.ignoreChanges, "", ",")}`);
    return f.length ? [" [", ...f.flatMap((x, i) => (i ? ["; ", ...x] : x)), "]"] : [];
}

/** flagsProse as text (not escaped). */
function flags(r: Pick<ResourceSummary, "protect" | "importId" | "ignoreChanges" | "retainOnDelete">): string {
    return proseText(flagsProse(r));
}

/** The resource tree, children under their parents, with key inputs. */
export function renderTree(plan: Plan): string {
    const regs = sorted(plan);
    const urns = new Set(regs.map((r) => r.urn));
    const children = new Map<string, Registration[]>();
    for (const r of regs) {
        const parent = r.parent && urns.has(r.parent) ? r.parent : "";
        children.set(parent, [...(children.get(parent) ?? []), r]);
    }
    const lines: string[] = [];
    const walk = (parent: string, indent: string) => {
        const list = children.get(parent) ?? [];
        list.forEach((r, i) => {
            const last = i === list.length - 1;
            const inputs = Object.entries(keyInputs(r)).map(([k, v]) => `${k}=${brief(v, 48)}`).join(" ");
            lines.push(`${indent}${last ? "└─ " : "├─ "}${visible(`${r.type} ${r.name}${flags(r)}${inputs ? `  ${inputs}` : ""}`)}`);
            walk(r.urn, indent + (last ? "   " : "│  "));
        });
    };
    walk("", "");
    return lines.join("\n");
}

/**
 * What the sandbox's guardrails, budget and scheduled nuke amount to, one sentence each, read from
 * what the program registers: the policy type the organisation enables for them above all, since
 * that changes the whole organisation.
 */
export function sandboxNotes(plan: Plan): string[] {
    return sandboxProse(plan).map(proseText);
}

function sandboxProse(plan: Plan): Prose[] {
    const byType = (type: string) => sorted(plan).filter((r) => r.type === type);
    const accountKeys = new Map(Object.entries((plan.outputs.accountIds ?? {}) as Record<string, string>).map(([k, id]) => [id, k]));
    const account = (id: unknown) => prose`${accountKeys.get(String(id)) ?? "?"} (${String(id)})`;
    const notes: Prose[] = [];
    const policies = new Map(byType("aws:organizations/policy:Policy").map((p) => [p.id, p]));
    for (const a of byType("aws:organizations/policyAttachment:PolicyAttachment")) {
        const policy = policies.get(String(a.inputs.policyId));
        if (policy?.inputs.type !== "SERVICE_CONTROL_POLICY") continue;
        notes.push(prose`Service control policy ${String(policy.inputs.name)} is attached to account ${account(a.inputs.targetId)} alone (${String(policy.inputs.content).length} of 5120 characters).`);
    }
    const org = byType("aws:organizations/organization:Organization")[0];
    const types = org?.inputs.enabledPolicyTypes as string[] | undefined;
    if (notes.length && types?.includes("SERVICE_CONTROL_POLICY")) {
        notes.push(prose`The organisation enables SERVICE_CONTROL_POLICY for it; its enabled policy types are exactly: ${names(types.map(String), "none")} (a type not listed is disabled).`);
    }
    for (const b of byType("aws:budgets/budget:Budget")) {
        const filter = (b.inputs.costFilters as { name: string; values: string[] }[] | undefined)?.find((f) => f.name === "LinkedAccount");
        const notifications = (b.inputs.notifications as { notificationType: string; threshold: number }[] | undefined) ?? [];
        const when = notifications.map((n) => `${n.notificationType === "FORECASTED" ? "forecast " : ""}${n.threshold}%`).join(", ");
        notes.push(prose`Budget ${String(b.inputs.name)}: ${String(b.inputs.limitAmount)} ${String(b.inputs.limitUnit)} a month for account ${account(filter?.values[0])}, e-mailed at ${[when]}.`);
    }
    const projects = byType("aws:codebuild/project:Project");
    for (const schedule of byType("aws:scheduler/schedule:Schedule")) {
        // Only the runner's schedule starts a nuke: its target is the CodeBuild project (a templated
        // target). The schedules that end access (group landing-zone-until) call Identity Center.
        const project = projects.find((p) => p.outputs.arn !== undefined && p.outputs.arn === (schedule.inputs.target as { arn?: string } | undefined)?.arn);
        if (!project) continue;
        const buildspec = String((project.inputs.source as { buildspec?: string } | undefined)?.buildspec ?? "");
        const real = buildspec.includes("--no-dry-run");
        const version = /aws-nuke-v(\d+\.\d+\.\d+)-linux-amd64/.exec(buildspec)?.[1] ?? "?";
        const recipients = byType("aws:sns/topicSubscription:TopicSubscription").map((t) => String(t.inputs.endpoint));
        notes.push([
            ...prose`Scheduled nuke ${String(schedule.inputs.scheduleExpression)} (UTC, ${String(schedule.inputs.state)}): ${[real ? "a REAL RUN that deletes" : "a dry run"]}, `,
            ...prose`by CodeBuild project ${String(project.inputs.name)} with aws-nuke v${[version]} (SHA-256 checked; inline buildspec of `,
            ...prose`${buildspec.length} of ${BUILDSPEC_MAX_CHARACTERS} characters); summaries to ${names(recipients, "nobody")}.`,
        ]);
    }
    return notes;
}

/** The Identity Center resource types: what a new organisation's first `up` cannot create yet. */
const IDENTITY_CENTER_TYPE = /^aws:(ssoadmin|identitystore)\//;

/**
 * What the plan assumes that its resources do not show, one sentence each, from the stack config it
 * was planned with: the first `up` of a new organisation creates no Identity Center resource (it
 * has no instance until someone enables one in the console, which needs the organisation first).
 */
export function planAssumptions(plan: Plan): string[] {
    return assumptionsProse(plan).map(proseText);
}

function assumptionsProse(plan: Plan): Prose[] {
    const config = parsedConfig(plan.config);
    if (!config) return [];
    return [...firstUpAssumption(plan, config), ...managementIdAssumption(plan, config)];
}

function firstUpAssumption(plan: Plan, config: LandingZoneConfig): Prose[] {
    if (config.organization.id !== undefined || config.identityCenter !== undefined) return [];
    const shown = plan.registrations.filter((r) => r.custom && IDENTITY_CENTER_TYPE.test(r.type)).length;
    if (!shown) return [];
    return [
        [
            `This stack creates a new organisation, which has no IAM Identity Center until someone enables it in the console once the organisation ` +
                `exists: the first pulumi up creates none of the ${shown} Identity Center resources shown (permission sets, groups, users, memberships, ` +
                `assignments) and says what to do; the next pulumi up creates them (README: "A new organisation, step by step").`,
        ],
    ];
}

/**
 * The management account's id where the plan shows it (a grant on it, the nuke's blocklist) and the
 * config does not give it: the id shown is a placeholder.
 */
function managementIdAssumption(plan: Plan, config: LandingZoneConfig): Prose[] {
    const key = Object.keys(config.accounts).find((k) => config.accounts[k].management);
    if (key === undefined || config.accounts[key].id !== undefined) return [];
    const id = own((plan.outputs.accountIds ?? {}) as Record<string, string>, key);
    // Shown in the nuke's blocklist, and in every assignment on the account (its targetId), whether or not anyone is a member yet.
    const shown = config.sandbox !== undefined || plan.registrations.some((r) => r.type === T.assignment && r.inputs.targetId === id);
    if (id === undefined || !shown) return [];
    return [
        [
            ...prose`The management account's id shown (${id}) is a placeholder: the stack file does not give ${`accounts.${key}.id`}. Give it `,
            "(aws sts get-caller-identity with the management account's credentials) to see the real one here; every pulumi preview and up then also checks that the credentials are that account's.",
        ],
    ];
}

/**
 * What `all` leaves out, under the access matrix: the management account, reached only by its key.
 * One sentence for each access list with `all` and without the management account's key.
 */
export function accessNotes(plan: Plan): string[] {
    return accessNotesProse(plan).map(proseText);
}

function accessNotesProse(plan: Plan): Prose[] {
    const config = parsedConfig(plan.config);
    if (!config) return [];
    const management = Object.keys(config.accounts).find((k) => config.accounts[k].management);
    const lists = [
        ...Object.entries(config.groups).map(([name, g]) => [`groups.${name}.access`, g.access] as const),
        ...Object.entries(config.users).map(([name, u]) => [`users.${name}.access`, u.access] as const),
    ];
    return lists.flatMap(([path, access]) =>
        Object.entries(access)
            .filter(([, targets]) => targets.includes(ALL_ACCOUNTS) && (management === undefined || !targets.includes(management)))
            .map(([ps, targets]) => {
                const include = management
                    ? prose`add its key to include it (${`[${[...targets, management].sort(compareText).join(",")}]`})`
                    : prose`declare it (management: true) and add its key to include it`;
                return prose`${`${path}.${ps}`} has all: every member account; management account excluded: ${include}`;
            }),
    );
}

/** The stack config a plan was made with, validated; undefined when it is not known or not valid. */
function parsedConfig(config: Record<string, string> | undefined): LandingZoneConfig | undefined {
    if (!config) return undefined;
    try {
        return loadStackConfig(config);
    } catch {
        return undefined;
    }
}

export function renderAccess(accessRows: AccessRow[]): string {
    if (!accessRows.length) return "(nobody has access to any account)";
    type Line = { user: string; account: string; permissionSet: string; via: string };
    const header: Line = { user: "user", account: "account", permissionSet: "permission set", via: "via" };
    // A way that ends says when after its via: `group DeveloperGroup  until 2026-12-05 18:00 UTC (in 30 h), incident 4711`.
    const end = (r: AccessRow) => (r.until === undefined ? "" : `  ${visible(endText(r).slice(2))}`);
    const rows = accessRows.map((r): Line => ({ user: visible(r.user), account: `${visible(r.account)} (${visible(r.accountId)})`, permissionSet: visible(r.permissionSet), via: `${visible(wayText(r))}${end(r)}` }));
    if (accessRows.some((r) => r.until !== undefined)) header.via = "via  (ends)";
    const all = [header, ...rows];
    const w = (f: (r: Line) => string) => Math.max(...all.map((r) => f(r).length));
    const widths = [w((r) => r.user), w((r) => r.account), w((r) => r.permissionSet)];
    return all.map((r) => [r.user.padEnd(widths[0]), r.account.padEnd(widths[1]), r.permissionSet.padEnd(widths[2]), r.via].join("  ").trimEnd()).join("\n");
}

/** A filter of the generated aws-nuke config, as the plan shows it. */
function showFilter(filter: unknown): string {
    if (typeof filter === "string") return JSON.stringify(filter);
    const f = filter as { type?: string; value?: string; property?: string; invert?: boolean };
    return `${f.invert ? "NOT " : ""}${f.type ?? "exact"} ${JSON.stringify(f.value)}${f.property ? ` on ${f.property}` : ""}`;
}

/**
 * The sandbox nuke as the plan shows it: whether `up` deletes, the invocation, and every filter of
 * the generated config (the program's own and `sandbox.nuke.keep`), by aws-nuke resource type.
 */
export function renderSandboxNuke(plan: Plan): string[] {
    const yaml = plan.outputs.nukeConfig;
    if (typeof yaml !== "string") return ["(no sandbox: nothing is nuked)"];
    const config = parseYaml(yaml) as { accounts?: Record<string, { filters?: Record<string, unknown[]> }> };
    const [account, { filters = {} } = {}] = Object.entries(config.accounts ?? {})[0] ?? [];
    const command = String(plan.outputs.nukeCommand ?? "");
    const real = command.includes("--no-dry-run");
    const triggers = Array.isArray(plan.outputs.nukeTriggers) ? plan.outputs.nukeTriggers.map(String) : [];
    return [
        real
            ? `REAL RUN: when the command runs, aws-nuke DELETES everything in account ${account} but what these filters keep`
            : `dry run: aws-nuke lists what it would delete in account ${account}, and deletes nothing`,
        ...(!real && realRunAsked(plan)
            ? [`  (sandbox.nuke.dryRun is false, but this stack has not dry-run account ${account} with this config: a real run needs that dry run first)`]
            : []),
        `runs: ${command}`,
        `when: at the first \`pulumi up\`, then when sandbox.nuke.run or dryRun changes (triggers ${JSON.stringify(triggers)}); a changed config applies at the next run`,
        "keeps:",
        ...Object.entries(filters).flatMap(([type, list]) => [`  ${type}`, ...list.map((f) => `    ${showFilter(f)}`)]),
    ];
}

/** Whether the plan's stack config asks for real runs (`sandbox.nuke.dryRun: false`). */
function realRunAsked(plan: Plan): boolean {
    try {
        const sandbox = JSON.parse(plan.config?.["landing-zone:sandbox"] ?? "null") as { nuke?: { dryRun?: unknown } } | null;
        return sandbox?.nuke?.dryRun === false;
    } catch {
        return false;
    }
}

export function renderPlanText(stack: string, plan: Plan): string {
    const counts = countsByType(plan);
    const total = plan.registrations.length;
    return [
        `landing-zone plan of stack "${visible(stack)}"`,
        HONEST_LABEL,
        ...assumptionsProse(plan).map(proseLine),
        "",
        `Resources (${total})`,
        renderTree(plan),
        "",
        "Counts by type",
        ...Object.entries(counts).map(([type, n]) => `${String(n).padStart(6)}  ${visible(type)}`),
        "",
        "Access (user → account → permission set, via a group or direct (the user's own access), through the targets that reach the account when not its key)",
        renderAccess(accessMatrix(plan)),
        ...accessNotesProse(plan).map((n) => `note: ${proseLine(n)}`),
        "",
        "Sandbox nuke",
        ...renderSandboxNuke(plan).map(visible),
        "",
        ...(sandboxNotes(plan).length ? ["Sandbox guardrails", ...sandboxProse(plan).map((n) => `  ${proseLine(n)}`), ""] : []),
    ].join("\n");
}

/** `base` says what the base is where a reader needs telling (a git revision: whose program planned it). */
/**
 * Whether a change to a command runs it: the command provider replaces it (running `create`, the
 * nuke) when a trigger changes, and otherwise runs its `update`, which runs nothing.
 */
export function nukeRunNote(change: Pick<ResourceChange, "type" | "changes">): string | undefined {
    if (change.type !== "command:local:Command") return undefined;
    return change.changes.some((c) => c.key === "triggers")
        ? "a trigger changes: the command is replaced, and aws-nuke RUNS at `pulumi up`"
        : "no trigger changes: an update, aws-nuke does not run; what changed applies at its next run";
}

/**
 * Whether a created command runs: its `create` runs aws-nuke unless the program gave it the one
 * that records and runs nothing (a new name with the triggers the stack remembers).
 */
export function nukeCreateNote(r: Pick<ResourceSummary, "type" | "inputs">): string | undefined {
    if (r.type !== "command:local:Command") return undefined;
    const create = own(r.inputs, "create");
    if (create === CREATE_RUNS_NOTHING) return "created with the sandbox.nuke.run and dryRun the stack already had: its create records that, aws-nuke does not run";
    const real = typeof create === "string" && create.includes("--no-dry-run");
    return `created with a sandbox.nuke.run or dryRun new to the stack: aws-nuke RUNS at \`pulumi up\`, ${real ? "a REAL RUN that deletes" : "a dry run"}`;
}

/** `2 to add, 30 to import, 0 to change, 0 to remove`: imports are counted apart, and only when there are some. */
function resourceCounts(diff: PlanDiff): string {
    const imports = diff.imported.length ? `, ${diff.imported.length} to import` : "";
    return `${diff.added.length} to add${imports}, ${diff.changed.length} to change, ${diff.removed.length} to remove`;
}

export function renderDiffText(stack: string, baseLabel: string, diff: PlanDiff, base?: BaseNote): string {
    const lines = [`landing-zone plan of stack "${visible(stack)}" against ${visible(baseLabel)}`, HONEST_LABEL, ...(base ? [visible(base.note)] : []), ""];
    if (isEmpty(diff)) return [...lines, "No changes.", ""].join("\n");
    lines.push("Access");
    for (const c of diff.accessGained) lines.push(`  + ${accessSentence(c, "gains")}`);
    for (const c of diff.accessLost) lines.push(`  - ${accessSentence(c, "loses")}`);
    for (const c of diff.accessRetimed) lines.push(`  ~ ${proseLine(retimedProse(c))}`);
    if (!diff.accessGained.length && !diff.accessLost.length && !diff.accessRetimed.length) lines.push("  (no one gains or loses access)");
    lines.push("", `Resources: ${resourceCounts(diff)}`);
    for (const r of diff.added) {
        lines.push(`  + ${visible(`${r.type} ${r.name}${flags(r)}`)}`);
        const note = nukeCreateNote(r);
        if (note) lines.push(`      (${note})`);
    }
    for (const r of diff.imported) lines.push(`  = ${visible(`${r.type} ${r.name}${flags(r)}`)}`);
    for (const c of diff.changed) {
        lines.push(`  ~ ${visible(`${c.type} ${c.name}`)}`);
        for (const ch of [...c.changes, ...c.options]) for (const line of changeLines(ch)) lines.push(`      ${visible(line)}`);
        const note = nukeRunNote(c);
        if (note) lines.push(`      (${note})`);
    }
    for (const r of diff.removed) lines.push(`  - ${visible(`${r.type} ${r.name}${flags(r)}`)}`);
    return [...lines, ""].join("\n");
}

/** A person's access gained or lost, as a markdown list item: names (and reasons) in code spans, so none is rendered. */
function accessItem(c: AccessChange, verb: "gains" | "loses"): string {
    const via = c.ways.map((w) => wayMarkdown(w)).join("; ");
    return `- ${verb === "gains" ? "🟢" : "🔴"} **${mdCode(c.user)}** ${verb} **${mdCode(c.permissionSet)}** on **${mdCode(c.account)}** (${mdCode(c.accountId)}, via ${via})${verb === "gains" ? proseMarkdown(endProse(c)) : ""}`;
}

export function renderDiffMarkdown(stack: string, baseLabel: string, diff: PlanDiff, base?: BaseNote): string {
    const lines = [`### landing-zone plan: ${mdCode(stack)} against ${mdCode(baseLabel)}`, "", `> ${HONEST_LABEL}`, "", ...(base ? [`> ${mdCode(base.note)}`, ""] : [])];
    if (isEmpty(diff)) return [...lines, "**No changes.**", ""].join("\n");
    lines.push("#### Access");
    if (!diff.accessGained.length && !diff.accessLost.length && !diff.accessRetimed.length) lines.push("No one gains or loses access.");
    for (const c of diff.accessGained) lines.push(accessItem(c, "gains"));
    for (const c of diff.accessRetimed) lines.push(`- 🕒 ${proseMarkdown(retimedProse(c))}`);
    for (const c of diff.accessLost) lines.push(accessItem(c, "loses"));
    lines.push("", `#### Resources: ${resourceCounts(diff)}`, "");
    lines.push("| | type | name | what changes |", "|---|---|---|---|");
    const flagCell = (r: ResourceSummary) => proseMarkdown(flagsProse(r).slice(1), "cell").trim();
    for (const r of diff.added) {
        const note = nukeCreateNote(r);
        const what = [...(flagCell(r) ? [flagCell(r)] : []), ...(note ? [`**${mdText(note)}**`] : [])].join("<br>");
        lines.push(`| + | ${mdCodeCell(r.type)} | ${mdCodeCell(r.name)} | ${what} |`);
    }
    for (const r of diff.imported) lines.push(`| = | ${mdCodeCell(r.type)} | ${mdCodeCell(r.name)} | ${flagCell(r)} |`);
    for (const c of diff.changed) {
        const note = nukeRunNote(c);
        const changes = [...c.changes, ...c.options].flatMap((ch) => changeCells(ch));
        const what = [...changes, ...(note ? [`**${mdText(note)}**`] : [])].join("<br>");
        lines.push(`| ~ | ${mdCodeCell(c.type)} | ${mdCodeCell(c.name)} | ${what} |`);
    }
    for (const r of diff.removed) {
        const note = r.protect ? "**protected: `pulumi up` will refuse to delete it**" : r.retainOnDelete ? "left in AWS (retainOnDelete): only the program forgets it" : "";
        lines.push(`| - | ${mdCodeCell(r.type)} | ${mdCodeCell(r.name)} | ${note} |`);
    }
    return [...lines, ""].join("\n");
}

/**
 * A line of the access matrix in markdown: each name a code span, so none is rendered (the way's
 * group and each target one of its own); when the way ends, when, and why as a code span.
 */
export function accessCells(r: AccessRow): string {
    const end = r.until === undefined ? "" : `<br>${proseMarkdown(endProse(r).slice(1), "cell")}`;
    return `| ${mdCodeCell(r.user)} | ${mdCodeCell(r.account)} (${mdCodeCell(r.accountId)}) | ${mdCodeCell(r.permissionSet)} | ${wayMarkdown(r, "cell")}${end} |`;
}

export function renderPlanMarkdown(stack: string, plan: Plan): string {
    const rows = accessMatrix(plan);
    return [
        `### landing-zone plan: ${mdCode(stack)}`,
        "",
        `> ${HONEST_LABEL}`,
        "",
        ...assumptionsProse(plan).flatMap((n) => [`> **${proseMarkdown(n)}**`, ""]),
        "| count | type |",
        "|---|---|",
        ...Object.entries(countsByType(plan)).map(([t, n]) => `| ${n} | ${mdCodeCell(t)} |`),
        "",
        "| user | account | permission set | via |",
        "|---|---|---|---|",
        ...rows.map(accessCells),
        "",
        ...(accessNotesProse(plan).length ? [...accessNotesProse(plan).map((n) => `- ${proseMarkdown(n)}`), ""] : []),
        "#### Sandbox nuke",
        "",
        ...mdFence(renderSandboxNuke(plan)),
        "",
        ...(sandboxProse(plan).length ? ["#### Sandbox guardrails", "", ...sandboxProse(plan).map((n) => `- ${proseMarkdown(n)}`), ""] : []),
    ].join("\n");
}

/**
 * An access row as the JSON gives it: the way as `kind` (`group` or `direct`), `group` (for a
 * group) and `targets`, and, for readers of older plans, as the one string `via` (see legacyVia).
 */
function accessJson(r: AccessRow): Record<string, unknown> {
    const { user, account, accountId, permissionSet, until, reason } = r;
    return { user, account, accountId, permissionSet, via: legacyVia(r), ...wayOf(r), ...(until !== undefined && { until }), ...(reason !== undefined && { reason }) };
}

/**
 * The machine-readable form of a plan (and of a diff, when there is a base). Against a git
 * revision, `baseProgram` and `baseNote` say what planned the base (see BaseNote).
 */
export function planJson(stack: string, plan: Plan, diff?: { base: string; diff: PlanDiff; note?: BaseNote }): Record<string, unknown> {
    const summary = summarize(plan);
    return {
        stack,
        note: HONEST_LABEL,
        assumptions: planAssumptions(plan),
        accessNotes: accessNotes(plan),
        counts: countsByType(plan),
        resources: summary.resources,
        access: summary.access.map(accessJson),
        sandbox: sandboxNotes(plan),
        outputs: plan.outputs,
        ...(diff && {
            base: diff.base,
            ...(diff.note && { baseProgram: diff.note.program, baseNote: diff.note.note }),
            diff: {
                added: diff.diff.added,
                imported: diff.diff.imported,
                removed: diff.diff.removed,
                changed: diff.diff.changed,
                accessGained: diff.diff.accessGained,
                accessLost: diff.diff.accessLost,
                accessRetimed: diff.diff.accessRetimed,
            },
        }),
    };
}

/**
 * `npm run bench`: how fast and how lean the offline plan is, against a floor.
 *
 * For synthetic organisations of growing size it measures, each in a fresh process:
 * - program: the landing-zone program planned on the mock engine (config validation included);
 * - floor: the very same registrations (resource classes, names, parents, inputs as plain values)
 *   made by a bare loop with no logic, on the same engine with the same settings: the least the SDK
 *   can do to register these resources;
 * - whole: `node bin/plan/main.js <stack file> --json` end to end, as `npm run plan` runs it.
 * Both program and floor run as compiled JavaScript with stack traces off (--stack-trace-limit=0),
 * the fastest settings the SDK allows. It prints wall time and peak memory with their ratios, and
 * the resource count against the minimum for the config.
 */
import "../plan/fastStart";
import { spawnSync } from "child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import * as aws from "@pulumi/aws";
import * as command from "@pulumi/command";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { stringify } from "yaml";
import { expandAccess } from "../config/access";
import { trustedServices } from "../config/trustedAccess";
import { loadStackConfig } from "../config/load";
import { parseStackFile } from "../config/stackFile";
import { benchHostile } from "./hostileInputs";
import { assumedCloud } from "../plan/cli";
import { anythingEnds, assignmentEnds } from "../config/ends";
import { Registration, plan } from "../plan/engine";
import { Write, runCommand } from "../plan/output";
import landingZone = require("../index");

export interface OrgSize {
    /** People: users in the config, or, when `external`, people of the identity provider (not in the config). */
    readonly users: number;
    readonly accounts: number;
    /** @default one per 5 accounts, at least 3 */
    readonly groups?: number;
    /** The groups are synced from an external identity provider and the people are its users: no user is in the config. */
    readonly external?: boolean;
    /** Each person also has one direct grant that ends (`until`): one schedule each. */
    readonly expiring?: boolean;
}

/** The bench's clock (LANDING_ZONE_NOW), and the end of its expiring grants a month later. */
export const BENCH_NOW = "2026-12-04T12:00:00Z";
const BENCH_UNTIL = "2027-01-04T12:00:00Z";

/** A size as the table shows it: people/accounts/groups, `ext` when the people are external. */
export const sizeLabel = (size: OrgSize): string => `${size.users}${size.external ? " ext" : ""}${size.expiring ? " until" : ""}/${size.accounts}/${groupCount(size)}`;
const groupCount = (size: OrgSize) => size.groups ?? Math.max(3, Math.ceil(size.accounts / 5));

const PERMISSION_SETS = ["AdministratorAccess", "DeveloperUserAccess", "ReadOnlyAccess", "BillingAccess"];
const POLICIES: Record<string, string[]> = {
    AdministratorAccess: ["AdministratorAccess"],
    DeveloperUserAccess: ["PowerUserAccess"],
    ReadOnlyAccess: ["ReadOnlyAccess", "job-function/ViewOnlyAccess"],
    BillingAccess: ["job-function/Billing"],
};

/**
 * A synthetic stack file: accounts in 3 OUs, groups (one per 5 accounts unless given) sharing 4
 * permission sets, users in 1-3 groups; with `external`, the groups are the identity provider's
 * and no user is in the config.
 */
export function syntheticStack(size: OrgSize): string {
    const accountKeys = Array.from({ length: size.accounts - 1 }, (_, i) => `acct-${String(i + 1).padStart(3, "0")}`);
    const accounts: Record<string, unknown> = { management: { name: "Management", management: true } };
    const ous = ["Workloads", "Infrastructure", "Sandbox"];
    accountKeys.forEach((key, i) => {
        accounts[key] = { name: `Account ${key}`, email: `aws+${key}@example.com`, ou: ous[i % ous.length], tags: { CostCenter: `cc-${i % 7}` } };
    });
    accounts.sandbox = { name: "Sandbox", email: "aws+sandbox@example.com", ou: "Sandbox" };
    const groupTotal = groupCount(size);
    const groups: Record<string, unknown> = {};
    for (let g = 0; g < groupTotal; g++) {
        const slice = accountKeys.filter((_, i) => i % groupTotal === g || i % groupTotal === (g + 1) % groupTotal);
        groups[`Team${String(g).padStart(2, "0")}`] = {
            ...(size.external ? { external: true } : { description: `Team ${g}` }),
            access: {
                [PERMISSION_SETS[g % 2 === 0 ? 1 : 2]]: [...slice, "sandbox"],
                [PERMISSION_SETS[g % 3 === 0 ? 0 : 2]]: slice.slice(0, 2),
            },
        };
    }
    const groupNames = Object.keys(groups);
    const users: Record<string, unknown> = {};
    for (let u = 0; u < (size.external ? 0 : size.users); u++) {
        const memberOf = [groupNames[u % groupTotal], groupNames[(u * 7) % groupTotal], groupNames[(u * 13) % groupTotal]];
        users[`user${String(u).padStart(4, "0")}`] = {
            givenName: "User",
            familyName: `Number ${u}`,
            email: `user${u}@example.com`,
            groups: [...new Set(memberOf.slice(0, 1 + (u % 3)))],
            ...(size.expiring && { access: { [PERMISSION_SETS[u % PERMISSION_SETS.length]]: [{ target: accountKeys[u % accountKeys.length], until: BENCH_UNTIL, reason: `ticket ${u}` }] } }),
        };
    }
    return stringify({
        config: {
            "aws:region": "eu-central-1",
            "landing-zone:organizationalUnits": ous,
            "landing-zone:accounts": accounts,
            "landing-zone:permissionSets": Object.fromEntries(
                PERMISSION_SETS.map((ps) => [ps, { description: ps, managedPolicies: POLICIES[ps], sessionDuration: "PT4H" }]),
            ),
            "landing-zone:groups": groups,
            "landing-zone:users": users,
            // No guardrails: they need the organisation's exact policy-type list, and the bench measures
            // the people and the accounts (the minimum below counts no service control policy).
            "landing-zone:sandbox": { account: "sandbox", guardrails: false, nuke: { regions: ["global", "eu-central-1"], run: "1" } },
        },
    });
}

/**
 * The fewest resources that can express a config: what it names, nothing more. Counted from the
 * config alone, independently of the components, so a program that registers more shows it.
 */
export function minimumResources(stackText: string): number {
    const c = loadStackConfig(parseStackFile(stackText).config);
    const members = Object.values(c.accounts).filter((a) => !a.management).length;
    let n = 1 + c.organizationalUnits.length + members; // organisation, OUs, member accounts
    n += trustedServices(c.organization.serviceAccessPrincipals).length; // trusted access, one per service
    for (const ps of Object.values(c.permissionSets)) {
        // The permission set, each attachment, and its two exclusive attachment lists.
        n += 3 + ps.managedPolicies.length + ps.customerManagedPolicies.length + (ps.inlinePolicy ? 1 : 0) + (ps.permissionsBoundary ? 1 : 0);
    }
    const groups = Object.values(c.groups);
    n += groups.filter((g) => !g.external).length; // Identity Store groups (external ones are looked up)
    const grants = (access: Record<string, string[]>) => new Set(Object.entries(expandAccess(access, c)).flatMap(([ps, accts]) => accts.map((a) => `${ps}/${a}`))).size;
    for (const g of groups) n += grants(g.access);
    const users = Object.values(c.users);
    n += users.filter((u) => !u.external).length + users.reduce((sum, u) => sum + u.groups.length, 0); // users, memberships
    const direct = users.filter((u) => Object.keys(u.access).length > 0);
    n += direct.length + direct.reduce((sum, u) => sum + grants(u.access), 0); // a DirectAccess each, their assignments
    // Access that ends: a schedule per grant and membership that ends, and once the AccessEnds
    // component with its schedule group, role and role policy.
    const ending = anythingEnds(c);
    for (const g of groups) n += assignmentEnds(g.access, g.ends, c).size;
    for (const u of users) n += assignmentEnds(u.access, u.ends, c).size + Object.keys(u.groupEnds).length;
    if (ending) n += 4;
    // Sandbox: a provider in the sandbox, the random suffix, the alias, the nuke command.
    if (c.sandbox) n += 4;
    // One component per concern: Organization, IdentityCenter, a DeveloperAccess per group, SandboxNuke.
    n += 2 + groups.length + (c.sandbox ? 1 : 0);
    return n;
}

/**
 * The resource classes the program uses, by type token: the floor registers the very same classes
 * (each declares all its output properties, which costs the SDK work per resource), only with plain
 * inputs and no logic between them.
 */
type ResourceClass = new (name: string, args: any, opts?: pulumi.CustomResourceOptions) => pulumi.CustomResource; // eslint-disable-line @typescript-eslint/no-explicit-any
const CLASSES: Record<string, ResourceClass> = {
    "pulumi:providers:aws": aws.Provider,
    "aws:organizations/organization:Organization": aws.organizations.Organization,
    "aws:organizations/awsServiceAccess:AwsServiceAccess": aws.organizations.AwsServiceAccess,
    "aws:organizations/organizationalUnit:OrganizationalUnit": aws.organizations.OrganizationalUnit,
    "aws:organizations/account:Account": aws.organizations.Account,
    "aws:ssoadmin/permissionSet:PermissionSet": aws.ssoadmin.PermissionSet,
    "aws:ssoadmin/managedPolicyAttachment:ManagedPolicyAttachment": aws.ssoadmin.ManagedPolicyAttachment,
    "aws:ssoadmin/customerManagedPolicyAttachment:CustomerManagedPolicyAttachment": aws.ssoadmin.CustomerManagedPolicyAttachment,
    "aws:ssoadmin/permissionSetInlinePolicy:PermissionSetInlinePolicy": aws.ssoadmin.PermissionSetInlinePolicy,
    "aws:ssoadmin/permissionsBoundaryAttachment:PermissionsBoundaryAttachment": aws.ssoadmin.PermissionsBoundaryAttachment,
    "aws:ssoadmin/managedPolicyAttachmentsExclusive:ManagedPolicyAttachmentsExclusive": aws.ssoadmin.ManagedPolicyAttachmentsExclusive,
    "aws:ssoadmin/customerManagedPolicyAttachmentsExclusive:CustomerManagedPolicyAttachmentsExclusive": aws.ssoadmin.CustomerManagedPolicyAttachmentsExclusive,
    "aws:ssoadmin/accountAssignment:AccountAssignment": aws.ssoadmin.AccountAssignment,
    "aws:identitystore/user:User": aws.identitystore.User,
    "aws:identitystore/group:Group": aws.identitystore.Group,
    "aws:identitystore/groupMembership:GroupMembership": aws.identitystore.GroupMembership,
    "aws:iam/accountAlias:AccountAlias": aws.iam.AccountAlias,
    "aws:scheduler/scheduleGroup:ScheduleGroup": aws.scheduler.ScheduleGroup,
    "aws:scheduler/schedule:Schedule": aws.scheduler.Schedule,
    "aws:iam/role:Role": aws.iam.Role,
    "aws:iam/rolePolicy:RolePolicy": aws.iam.RolePolicy,
    "random:index/randomString:RandomString": random.RandomString,
    "command:local:Command": command.local.Command,
};

interface Measure {
    /** The first plan in a fresh process, as a person runs it. */
    ms: number;
    /** A second plan in the same process: the steady cost, without warming up the JIT. */
    warmMs: number;
    /** Peak resident memory after the first plan. */
    peakMb: number;
    resources: number;
}

/** In a child process: plan once and report time, peak memory and registrations. */
async function child(mode: string, file: string, write: Write): Promise<void> {
    const values = parseStackFile(readFileSync(file, "utf8"), file);
    let program: () => Promise<Record<string, unknown>> | Record<string, unknown>;
    if (mode === "program" || mode === "record") {
        program = landingZone;
    } else {
        const regs = JSON.parse(readFileSync(`${file}.registrations.json`, "utf8")) as Registration[];
        program = () => {
            // The bare loop: the same registrations with their parents, in an order where parents come first.
            const created = new Map<string, pulumi.Resource>();
            for (const r of regs) {
                const opts = { parent: r.parent ? created.get(r.parent) : undefined };
                if (r.custom && !CLASSES[r.type]) throw new Error(`the floor does not know ${r.type}: add it to CLASSES in scripts/bench.ts`);
                created.set(
                    r.urn,
                    r.custom ? new CLASSES[r.type](r.name, r.inputs, opts) : new pulumi.ComponentResource(r.type, r.name, {}, opts),
                );
            }
            return {};
        };
    }
    const timed = async () => {
        const start = process.hrtime.bigint();
        const result = await plan({ config: values.config, program, stack: "bench", cloud: assumedCloud(values.config) });
        return { result, ms: Number(process.hrtime.bigint() - start) / 1e6 };
    };
    const cold = await timed();
    const peakMb = process.resourceUsage().maxRSS / 1024;
    if (mode === "record") {
        writeFileSync(`${file}.registrations.json`, JSON.stringify(parentsFirst(cold.result.registrations)));
    }
    const warm = await timed();
    const measure: Measure = { ms: cold.ms, warmMs: warm.ms, peakMb, resources: cold.result.registrations.length };
    write(JSON.stringify(measure));
}

function parentsFirst(regs: Registration[]): Registration[] {
    const depth = (r: Registration): number => (r.parent ? r.urn.split("::")[2].split("$").length - 1 : 0);
    return [...regs].sort((a, b) => depth(a) - depth(b));
}

const NODE_FLAGS = ["--stack-trace-limit=0"];

function run(mode: string, file: string): Measure {
    const res = spawnSync(process.execPath, [...NODE_FLAGS, __filename, "--child", mode, file], { encoding: "utf8" });
    if (res.status !== 0) throw new Error(`bench ${mode} failed:\n${res.stderr}`);
    return JSON.parse(res.stdout) as Measure;
}

function wholeProcess(file: string): number {
    const cli = join(__dirname, "..", "plan", "main.js");
    const start = process.hrtime.bigint();
    const res = spawnSync(process.execPath, [...NODE_FLAGS, cli, file, "--json"], { encoding: "utf8", maxBuffer: 1 << 28 });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (res.status !== 0) throw new Error(`plan of ${file} failed:\n${res.stderr}`);
    return ms;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** The sizes the bench measures, in order. */
export const SIZES: readonly OrgSize[] = [
    { users: 10, accounts: 5 },
    { users: 100, accounts: 20 },
    { users: 500, accounts: 50 },
    // One organisation of 100 accounts and 40 groups: 40 people in the config, 5,000 people
    // in the config, and 5,000 people synced from an identity provider (not in the config).
    { users: 40, accounts: 100, groups: 40 },
    { users: 5000, accounts: 100, groups: 40 },
    { users: 5000, accounts: 100, groups: 40, external: true },
    // 500 people with one grant each that ends: 500 schedules more than 500/50/10.
    { users: 500, accounts: 50, expiring: true },
];

/**
 * The sizes `BENCH_SIZES` picks: labels separated by commas, as the tables show them, with or
 * without the group count (`10/5` and `10/5/3` are one size; `5000 ext/100/40`); spaces around a
 * label do not count, nor do repeated spaces within. Every size when unset or empty.
 * @throws Error naming a label that is no size, with the labels there are
 */
export function selectSizes(spec: string | undefined, sizes: readonly OrgSize[] = SIZES): OrgSize[] {
    const labels = (spec ?? "")
        .split(",")
        .map((l) => l.trim().replace(/\s+/g, " "))
        .filter(Boolean);
    if (!labels.length) return [...sizes];
    const short = (size: OrgSize) => sizeLabel(size).replace(/\/\d+$/, "");
    const unknown = labels.filter((l) => !sizes.some((size) => sizeLabel(size) === l || (size.groups === undefined && short(size) === l)));
    if (unknown.length) {
        throw new Error(`BENCH_SIZES: ${unknown.map((l) => JSON.stringify(l)).join(", ")} ${unknown.length === 1 ? "is not a size" : "are not sizes"}; the sizes are ${sizes.map(sizeLabel).join(", ")} (comma-separated)`);
    }
    return sizes.filter((size) => labels.includes(sizeLabel(size)) || (size.groups === undefined && labels.includes(short(size))));
}

/** `step`, after one turn of the event loop: signal handlers run between the bench's blocking steps. */
async function between<T>(step: () => T): Promise<T> {
    await new Promise((resolve) => setImmediate(resolve));
    return step();
}

/** Remove the bench's temporary folder on the way out, on an interrupt too. */
function removedOnExit(dir: string): () => void {
    const remove = () => rmSync(dir, { recursive: true, force: true });
    const signals: NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP"];
    const onSignal = (signal: NodeJS.Signals) => {
        remove();
        for (const s of signals) process.removeListener(s, onSignal);
        // Die of the signal, as the shell expects of an interrupted command.
        process.kill(process.pid, signal);
    };
    for (const s of signals) process.once(s, onSignal);
    return () => {
        for (const s of signals) process.removeListener(s, onSignal);
        remove();
    };
}

async function bench(out: Write): Promise<void> {
    const sizes = selectSizes(process.env.BENCH_SIZES);
    // The expiring grants end a month after the bench's clock, whatever day the bench runs.
    process.env.LANDING_ZONE_NOW ??= BENCH_NOW;
    const repeats = Number(process.env.BENCH_REPEATS ?? 3);
    if (!Number.isInteger(repeats) || repeats < 1) throw new Error(`BENCH_REPEATS: ${JSON.stringify(process.env.BENCH_REPEATS)} is not a whole number of runs (1 or more)`);
    const dir = mkdtempSync(join(tmpdir(), "landing-zone-bench-"));
    const cleanUp = removedOnExit(dir);
    try {
        await measureSizes(sizes, repeats, dir, out);
    } finally {
        cleanUp();
    }
}

async function measureSizes(sizes: readonly OrgSize[], repeats: number, dir: string, out: Write): Promise<void> {
    out(`landing-zone benchmark: node ${process.version}, ${NODE_FLAGS.join(" ")}, compiled JS, median of ${repeats} runs\n`);
    out("program = our plan; floor = the same registrations (same resource classes, plain inputs) by a bare loop on the same engine;\n");
    out("warm = a second plan in the same process; whole = `node bin/plan/main.js FILE --json` end to end, wall time\n\n");
    const header = [
        "people/accounts/groups",
        "resources",
        "minimum",
        "program ms",
        "floor ms",
        "ratio",
        "warm program ms",
        "warm floor ms",
        "warm ratio",
        "program MB",
        "floor MB",
        "MB ratio",
        "whole ms",
    ];
    // Each size's row is printed as it finishes (a long run is not silent): widths fixed up front,
    // wide enough for the largest sizes' figures.
    const widths = header.map((h, i) => Math.max(h.length, i === 0 ? Math.max(...sizes.map((z) => sizeLabel(z).length)) : 7));
    const line = (cells: string[]) => out(`${cells.map((c, i) => c.padStart(widths[i])).join("  ")}\n`);
    line(header);
    for (const size of sizes) {
        const file = join(dir, `Pulumi.bench-${size.users}-${size.accounts}-${groupCount(size)}${size.external ? "-ext" : ""}${size.expiring ? "-until" : ""}.yaml`);
        const text = syntheticStack(size);
        writeFileSync(file, text);
        // Each measurement blocks in spawnSync; between them the event loop turns, so that an
        // interrupt that arrives between two children is handled (removedOnExit) at once.
        const recorded = await between(() => run("record", file));
        const program: Measure[] = [];
        const floor: Measure[] = [];
        const whole: number[] = [];
        for (let i = 0; i < repeats; i++) {
            program.push(await between(() => run("program", file)));
            floor.push(await between(() => run("floor", file)));
            whole.push(await between(() => wholeProcess(file)));
        }
        const [pm, fm] = [median(program.map((m) => m.ms)), median(floor.map((m) => m.ms))];
        const [pw, fw] = [median(program.map((m) => m.warmMs)), median(floor.map((m) => m.warmMs))];
        const [pMb, fMb] = [Math.max(...program.map((m) => m.peakMb)), Math.max(...floor.map((m) => m.peakMb))];
        line([
            sizeLabel(size),
            String(recorded.resources),
            String(minimumResources(text)),
            pm.toFixed(0),
            fm.toFixed(0),
            (pm / fm).toFixed(2),
            pw.toFixed(0),
            fw.toFixed(0),
            (pw / fw).toFixed(2),
            pMb.toFixed(0),
            fMb.toFixed(0),
            (pMb / fMb).toFixed(2),
            median(whole).toFixed(0),
        ]);
    }
    out("\ntargets: ratio <= 1.2; 500/50 whole <= 2000 ms; resources = minimum\n");
    benchHostile(dir, NODE_FLAGS, out);
}

if (require.main === module) {
    void runCommand(async ([flag, mode, file], out, err) => {
        try {
            await (flag === "--child" ? child(mode, file, out) : bench(out));
            return 0;
        } catch (e) {
            err(`${e instanceof Error ? e.message : String(e)}\n`);
            return 1;
        }
    });
}

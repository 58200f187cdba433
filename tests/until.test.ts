/**
 * Access that ends by itself (`until`): times, validation by path, the run's clock, and what the
 * program registers before and after an end, under the mock engine with a fixed LANDING_ZONE_NOW.
 */
import { strict as assert } from "assert";
import { parseConfig } from "../config/load";
import { CLOCK_VARIABLE, isoSecond, parseTime, runClock } from "../config/until";
import { SCHEDULE_NAME, SCHEDULE_NAME_MAX, scheduleName } from "../config/names";
import { DeleteAccountAssignmentRequest$ } from "@aws-sdk/client-sso-admin";
import { DeleteGroupMembershipRequest$ } from "@aws-sdk/client-identitystore";
import * as aws from "@pulumi/aws";
import { Plan, Registration, plan } from "../plan/engine";
import { one, ofType, planStack, stackWith } from "./harness";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "fs";
import { parse as parseYaml } from "yaml";
import { tmpdir } from "os";
import { join } from "path";
import { loadStackConfig } from "../config/load";
import { compareEstate, describeDifference } from "../estate/compare";
import type { Estate } from "../estate/reader";
import { main } from "../plan/cli";
import { accessMatrix, diffPlans, planJson, renderDiffText, renderPlanMarkdown, renderPlanText, sandboxNotes } from "../plan/report";

const ASSIGNMENT = "aws:ssoadmin/accountAssignment:AccountAssignment";
const MEMBERSHIP = "aws:identitystore/groupMembership:GroupMembership";
const SCHEDULE = "aws:scheduler/schedule:Schedule";
const NOW = "2026-12-04T12:00:00Z";

/** Run the tests of a block with the clock at `now`. */
function at(now: string) {
    let before: string | undefined;
    beforeEach(() => {
        before = process.env.LANDING_ZONE_NOW;
        process.env.LANDING_ZONE_NOW = now;
    });
    afterEach(() => {
        if (before === undefined) delete process.env.LANDING_ZONE_NOW;
        else process.env.LANDING_ZONE_NOW = before;
    });
}

const incident = { target: "root", until: "2026-12-05T18:00:00Z", reason: "incident 4711" };
/** Pulumi.dev.yaml with bob.smith given AdministratorAccess on root until 2026-12-05 18:00 UTC. */
const devWithIncident = () =>
    stackWith("dev", {
        groups: (g) => ({ ...g, Responders: { description: "On call", access: { AdministratorAccess: [incident] } } }),
        users: (u) => ({ ...u, "bob.smith": { ...u["bob.smith"], groups: ["DeveloperGroup", { group: "Responders", until: "2026-12-05T18:00:00Z", reason: "incident 4711" }] } }),
    });


const schedules = (p: Plan) => ofType(p, SCHEDULE);
const input = (r: Registration) => JSON.parse((r.inputs.target as { input: string }).input) as Record<string, string>;
const problemsOf = (values: Record<string, unknown>) => {
    try {
        parseConfig(values, "eu-central-1", {}, new Date(NOW));
        return [];
    } catch (e) {
        return (e as { problems: string[] }).problems;
    }
};
/** A small valid config whose Admins group may hold timed grants. */
function seed(access: unknown[] = [], extra: Record<string, unknown> = {}): Record<string, any> {
    return {
        organization: { id: "o-a1b2c3d4e5" },
        organizationalUnits: ["Workloads"],
        accounts: {
            root: { name: "Root", email: "owner@example.org", management: true },
            dev: { name: "Dev", email: "owner+dev@example.org", ou: "Workloads" },
            prod: { name: "Prod", email: "owner+prod@example.org", ou: "Workloads" },
        },
        permissionSets: { Admin: { managedPolicies: ["AdministratorAccess"] } },
        groups: { Admins: { access: { Admin: access } } },
        users: { eve: { givenName: "Eve", familyName: "Ops", email: "eve@example.org", groups: ["Admins"] } },
        ...extra,
    };
}

describe("until", () => {
    describe("times", () => {
        it("takes a time with Z or an offset, as the UTC instant to the second", () => {
            const time = (t: string) => (parseTime(t) as { time: Date }).time.toISOString();
            assert.equal(time("2026-12-05T18:00:00Z"), "2026-12-05T18:00:00.000Z");
            assert.equal(time("2026-12-05T19:00:00+01:00"), "2026-12-05T18:00:00.000Z");
            assert.equal(time("2026-12-05T13:30-04:30"), "2026-12-05T18:00:00.000Z");
            assert.equal(time("2026-12-05T18:00:00.999Z"), "2026-12-05T18:00:00.000Z");
        });

        it("takes a date alone as the end of that day in UTC", () => {
            assert.equal((parseTime("2026-12-05") as { time: Date }).time.toISOString(), "2026-12-05T23:59:59.000Z");
            assert.equal((parseTime("2028-02-29") as { time: Date }).time.toISOString(), "2028-02-29T23:59:59.000Z");
        });

        it("refuses what is not a real time, saying why", () => {
            const problem = (t: string) => (parseTime(t) as { problem: string }).problem;
            assert.match(problem("2026-02-29"), /February 2026 has 28 days/);
            assert.match(problem("2026-04-31T10:00:00Z"), /April 2026 has 30 days/);
            assert.match(problem("2026-13-01"), /no month 13/);
            assert.match(problem("2026-12-05T24:00:00Z"), /no hour 24/);
            assert.match(problem("2026-12-05T18:60:00Z"), /no minute 60/);
            assert.match(problem("2026-12-05T18:00:60Z"), /no second 60/);
            assert.match(problem("2026-12-05T18:00:00+15:00"), /not a UTC offset/);
            assert.match(problem("2026-12-05T18:00:00"), /has no time zone: add Z/);
            assert.match(problem("2026-12-05 18:00 UTC"), /is not an ISO 8601 time/);
            assert.match(problem("tomorrow"), /is not an ISO 8601 time/);
        });

        it("keeps every end one that at() can say and the config's text sorts by: no later than 9999-12-31T23:59:59Z, years below 100 as written", () => {
            const problem = (t: string) => (parseTime(t) as { problem: string }).problem;
            const time = (t: string) => isoSecond((parseTime(t) as { time: Date }).time);
            assert.equal(time("9999-12-31"), "9999-12-31T23:59:59Z");
            assert.equal(time("9999-12-31T23:59:59Z"), "9999-12-31T23:59:59Z");
            // An offset that carries it into year 10000, which toISOString would print as +010000.
            assert.match(problem("9999-12-31T23:30:00-01:00"), /is after 9999-12-31T23:59:59Z, the last time EventBridge Scheduler's at\(\) can say/);
            // Date.UTC reads 0-99 as 1900-1999.
            assert.equal(time("0099-12-31"), "0099-12-31T23:59:59Z");
            assert.equal(time("0001-01-01T00:00:00Z"), "0001-01-01T00:00:00Z");
            // Offsets as the message says them: -12:00 to +14:00.
            assert.match(problem("2026-12-05T18:00:00-13:00"), /-13:00 is not a UTC offset \(-12:00 to \+14:00\)/);
            assert.equal(time("2026-12-05T18:00:00-12:00"), "2026-12-06T06:00:00Z");
            assert.equal(time("2026-12-05T18:00:00+14:00"), "2026-12-05T04:00:00Z");
            // The text of any two ends sorts as their instants do.
            const ends = ["0099-12-31", "0999-01-01T00:00:00Z", "1999-12-31", "2026-12-05T18:00:00+14:00", "9999-12-31"].map(time);
            assert.deepEqual([...ends].sort(), [...ends].sort((a, b) => Date.parse(a) - Date.parse(b)));
            assert.ok(ends.every((e) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/.test(e)));
        });

        it("agrees with the calendar on every day of four years, and refuses the day after each month's last", () => {
            for (let t = Date.UTC(2026, 0, 1); t < Date.UTC(2030, 0, 1); t += 86_400_000) {
                const day = new Date(t).toISOString().slice(0, 10);
                assert.equal((parseTime(`${day}T06:07:08Z`) as { time: Date }).time.getTime(), t + (6 * 3600 + 7 * 60 + 8) * 1000, day);
                const next = new Date(t + 86_400_000);
                if (next.getUTCDate() === 1) assert.ok("problem" in parseTime(`${day.slice(0, 8)}${String(new Date(t).getUTCDate() + 1).padStart(2, "0")}`), `the day after ${day}`);
            }
        });

        it("reads the run's clock from LANDING_ZONE_NOW, and refuses one that is not a time", () => {
            assert.equal(runClock({ [CLOCK_VARIABLE]: "2027-01-01" }).toISOString(), "2027-01-01T23:59:59.000Z");
            assert.throws(() => runClock({ [CLOCK_VARIABLE]: "2027-02-30" }), /LANDING_ZONE_NOW="2027-02-30" is not a real time/);
        });

        it("reads the machine's clock once per process when LANDING_ZONE_NOW is not set", () => {
            const first = runClock({});
            assert.equal(runClock({}), first);
        });
    });

    describe("validation, by path", () => {
        it("refuses an impossible until of a group's grant by its path", () => {
            assert.deepEqual(problemsOf(seed([{ target: "prod", until: "2026-02-30T18:00:00Z" }])), [
                'groups.Admins.access.Admin[0].until: "2026-02-30T18:00:00Z" is not a real time: February 2026 has 28 days',
            ]);
        });

        it("refuses an until without a time zone on a membership by its path", () => {
            const c = seed();
            c.users.eve.groups = [{ group: "Admins", until: "2026-12-05T18:00" }];
            assert.deepEqual(problemsOf(c), ['users.eve.groups[0].until: "2026-12-05T18:00" has no time zone: add Z for UTC or an offset such as +01:00 (or write a date alone, the end of that day in UTC)']);
        });

        it("refuses a person's until that is not a time by its path", () => {
            const c = seed();
            c.users.eve.until = "next friday";
            assert.match(problemsOf(c).join("\n"), /^users\.eve\.until: "next friday" is not an ISO 8601 time/);
        });

        it("refuses the same grant given twice with different ends", () => {
            assert.deepEqual(problemsOf(seed(["prod", { target: "prod", until: "2026-12-05" }])), [
                'groups.Admins.access.Admin: "prod" is given twice, differently (does not end; until 2026-12-05T23:59:59Z): give it once, with the end that holds',
            ]);
            assert.equal(problemsOf(seed([{ target: "prod", until: "2026-12-05" }, { target: "prod", until: "2026-12-06" }])).length, 1);
        });

        it("takes the same grant twice with the same end as one", () => {
            assert.deepEqual(problemsOf(seed([{ target: "prod", until: "2026-12-05" }, { target: "prod", until: "2026-12-05T23:59:59Z" }])), []);
        });

        it("names a misspelled key of a timed grant, with the valid ones", () => {
            assert.deepEqual(problemsOf(seed([{ target: "prod", untill: "2026-12-05" }])), [
                'groups.Admins.access.Admin[0]: "untill" is not a key here (did you mean until? valid: target, until, reason)',
            ]);
        });

        it("checks a timed grant's target like a plain one", () => {
            assert.deepEqual(problemsOf(seed([{ target: "prd", until: "2026-12-05" }])), ['groups.Admins.access.Admin: "prd" is not an account (known: dev, prod, root); or ou:<OU name>, or all']);
        });

        it("refuses a reason on several lines or longer than 200 characters", () => {
            assert.equal(problemsOf(seed([{ target: "prod", until: "2026-12-05", reason: "incident\n4711" }])).length, 1);
            assert.equal(problemsOf(seed([{ target: "prod", until: "2026-12-05", reason: "x".repeat(201) }])).length, 1);
        });
    });

    describe("at the run's clock", () => {
        const clocked = (access: unknown[], now = NOW, extra: Record<string, unknown> = {}) => parseConfig(seed(access, extra), "eu-central-1", {}, new Date(now));

        it("keeps a grant whose end is ahead, with its end and reason", () => {
            const c = clocked(["dev", { target: "prod", until: "2026-12-05T18:00:00Z", reason: "incident 4711" }]);
            assert.deepEqual(c.groups.Admins.access, { Admin: ["dev", "prod"] });
            assert.deepEqual(c.groups.Admins.ends, { Admin: { prod: { until: "2026-12-05T18:00:00Z", reason: "incident 4711" } } });
            assert.deepEqual(c.warnings, []);
        });

        it("plans a grant whose end has passed as nothing, and warns (not an error: old stack files keep working)", () => {
            const c = clocked(["dev", { target: "prod", until: "2026-12-01T18:00:00Z", reason: "incident 4711" }]);
            assert.deepEqual(c.groups.Admins.access, { Admin: ["dev"] });
            assert.deepEqual(c.warnings, [
                'groups.Admins.access.Admin: the grant on prod ended 2026-12-01 18:00 UTC (66 h ago, "incident 4711"), so it is not planned (the next up removes it from AWS if it is still there); remove it from the stack file',
            ]);
            assert.deepEqual(c.ended.map((e) => [e.path, e.target, e.state]), [["groups.Admins.access.Admin", "prod", "past"]]);
        });

        it("does not grant what ends within 15 minutes of the run: Scheduler refuses a time already past, and an up takes minutes", () => {
            const c = clocked([{ target: "prod", until: "2026-12-04T12:10:00Z" }]);
            assert.deepEqual(c.groups.Admins.access, { Admin: [] });
            assert.match(c.warnings[0], /ends 2026-12-04 12:10 UTC \(in 10 min\), within 15 minutes of this run, so it is not planned/);
        });

        it("warns of an end more than a year ahead (a typo?), and keeps the grant", () => {
            const c = clocked([{ target: "prod", until: "2028-01-01" }]);
            assert.deepEqual(c.groups.Admins.access, { Admin: ["prod"] });
            assert.match(c.warnings[0], /^groups\.Admins\.access\.Admin: the grant on prod ends 2028-01-01 23:59:59 UTC \(in 394 days\), more than a year ahead: is that a typo\?$/);
        });

        it("ends a person's memberships and direct grants at their until, the earlier end winning", () => {
            const c = clocked([], NOW, {
                users: { eve: { givenName: "Eve", familyName: "Ops", email: "eve@example.org", groups: [{ group: "Admins", until: "2027-01-01" }], access: { Admin: ["dev", { target: "prod", until: "2026-12-06" }] }, until: "2026-12-10" } },
            });
            assert.deepEqual(c.users.eve.groupEnds, { Admins: { until: "2026-12-10T23:59:59Z" } });
            assert.deepEqual(c.users.eve.ends, { Admin: { dev: { until: "2026-12-10T23:59:59Z" }, prod: { until: "2026-12-06T23:59:59Z" } } });
        });

        it("keeps a person whose until has passed, with no membership and no access, and warns once", () => {
            const c = clocked([], NOW, { users: { eve: { givenName: "Eve", familyName: "Ops", email: "eve@example.org", groups: ["Admins"], access: { Admin: ["dev"] }, until: "2026-12-01" } } });
            assert.ok(c.users.eve);
            assert.deepEqual([c.users.eve.groups, c.users.eve.access], [[], { Admin: [] }]);
            assert.equal(c.warnings.length, 1);
            assert.match(c.warnings[0], /^users\.eve\.until: everything eve has ended 2026-12-01 23:59:59 UTC/);
            assert.deepEqual(c.ended.map((e) => [e.kind, e.group ?? e.target]).sort(), [["assignment", "dev"], ["membership", "Admins"]]);
        });
    });
});

describe("until in AWS: what the program registers (mock engine, LANDING_ZONE_NOW fixed)", () => {
    const RESPONDERS = "Responders/AdministratorAccess/root";
    const urnOf = (p: Plan, type: string, name: string) => one(p, type, name).urn;

    describe(`before the end (${NOW})`, () => {
        at(NOW);
        let p: Plan;
        before(async () => {
            process.env.LANDING_ZONE_NOW = NOW;
            p = await planStack(devWithIncident());
        });

        it("plans the group's grant as today, and a one-time schedule in UTC that deletes it at that second and then itself", () => {
            const assignment = one(p, ASSIGNMENT, RESPONDERS);
            const s = one(p, SCHEDULE, RESPONDERS);
            assert.equal(s.inputs.scheduleExpression, "at(2026-12-05T18:00:00)");
            assert.equal(s.inputs.scheduleExpressionTimezone, "UTC");
            assert.equal(s.inputs.actionAfterCompletion, "DELETE");
            assert.equal(s.inputs.state, "ENABLED");
            assert.deepEqual(s.inputs.flexibleTimeWindow, { mode: "OFF" });
            assert.equal(s.inputs.groupName, "landing-zone-until");
            assert.equal(s.parent, assignment.parent);
            assert.ok(s.dependencies.includes(assignment.urn), "created after the assignment, deleted before it");
        });

        it("deletes the assignment through Scheduler's universal target with the assignment's own six values", () => {
            const assignment = one(p, ASSIGNMENT, RESPONDERS);
            const s = one(p, SCHEDULE, RESPONDERS);
            const target = s.inputs.target as Record<string, unknown>;
            assert.equal(target.arn, "arn:aws:scheduler:::aws-sdk:ssoadmin:deleteAccountAssignment");
            assert.equal(target.roleArn, "arn:aws:iam::111111111111:role/landing-zone-until-scheduler");
            assert.deepEqual(target.retryPolicy, { maximumEventAgeInSeconds: 86400, maximumRetryAttempts: 185 });
            assert.deepEqual(input(s), {
                InstanceArn: assignment.inputs.instanceArn,
                PermissionSetArn: assignment.inputs.permissionSetArn,
                PrincipalId: assignment.inputs.principalId,
                PrincipalType: "GROUP",
                TargetId: "111111111111",
                TargetType: "AWS_ACCOUNT",
            });
        });

        it("deletes the membership with the identity store and the membership id, known once it exists", () => {
            const membership = one(p, MEMBERSHIP, "bob.smith/Responders");
            const s = one(p, SCHEDULE, "bob.smith/Responders");
            assert.equal((s.inputs.target as Record<string, unknown>).arn, "arn:aws:scheduler:::aws-sdk:identitystore:deleteGroupMembership");
            assert.deepEqual(input(s), { IdentityStoreId: "d-9067a1b2c3", MembershipId: membership.outputs.membershipId });
            assert.ok(s.dependencies.includes(membership.urn));
            assert.equal(s.inputs.scheduleExpression, "at(2026-12-05T18:00:00)");
        });

        it("sends exactly the members of DeleteAccountAssignmentRequest and DeleteGroupMembershipRequest (the SDK's models), all required ones", () => {
            // @aws-sdk schema: [3, namespace, name, traits, member names, member schemas, required count].
            for (const [name, model] of [[RESPONDERS, DeleteAccountAssignmentRequest$], ["bob.smith/Responders", DeleteGroupMembershipRequest$]] as const) {
                const members = model[4] as string[];
                const required = members.slice(0, model[6] as number);
                const keys = Object.keys(input(one(p, SCHEDULE, name)));
                assert.deepEqual([...keys].sort(), [...members].sort(), `${model[2]}`);
                assert.deepEqual(required.filter((m) => !keys.includes(m)), []);
            }
        });

        it("names its schedules within Scheduler's limits, in one group", () => {
            for (const s of schedules(p)) {
                assert.match(String(s.inputs.name), SCHEDULE_NAME);
                assert.ok(String(s.inputs.name).length <= SCHEDULE_NAME_MAX);
            }
            assert.deepEqual(ofType(p, "aws:scheduler/scheduleGroup:ScheduleGroup").map((g) => g.inputs.name), ["landing-zone-until"]);
        });

        it("runs them as one role Scheduler may assume only for this account's schedules in that group", () => {
            const role = one(p, "aws:iam/role:Role", "access-ends-role");
            const group = ofType(p, "aws:scheduler/scheduleGroup:ScheduleGroup")[0];
            assert.deepEqual(JSON.parse(String(role.inputs.assumeRolePolicy)), {
                Version: "2012-10-17",
                Statement: [
                    {
                        Effect: "Allow",
                        Principal: { Service: "scheduler.amazonaws.com" },
                        Action: "sts:AssumeRole",
                        Condition: { StringEquals: { "aws:SourceAccount": "111111111111", "aws:SourceArn": group.outputs.arn } },
                    },
                ],
            });
        });

        it("lets that role delete exactly assignments of this instance and memberships of this identity store, and, for a grant on the management account, remove the role Identity Center provisioned there", () => {
            const policy = one(p, "aws:iam/rolePolicy:RolePolicy", "access-ends-policy");
            assert.deepEqual(JSON.parse(String(policy.inputs.policy)), {
                Version: "2012-10-17",
                Statement: [
                    {
                        Sid: "EndAssignmentsOfThisInstance",
                        Effect: "Allow",
                        Action: "sso:DeleteAccountAssignment",
                        Resource: ["arn:aws:sso:::instance/ssoins-7223a1b2c3d4e5f6", "arn:aws:sso:::permissionSet/ssoins-7223a1b2c3d4e5f6/*", "arn:aws:sso:::account/*"],
                    },
                    {
                        Sid: "EndMembershipsOfThisIdentityStore",
                        Effect: "Allow",
                        Action: "identitystore:DeleteGroupMembership",
                        Resource: ["arn:aws:identitystore::111111111111:identitystore/d-9067a1b2c3", "arn:aws:identitystore:::group/*", "arn:aws:identitystore:::membership/*", "arn:aws:identitystore:::user/*"],
                    },
                    {
                        Sid: "RemoveTheProvisionedRoleInTheManagementAccount",
                        Effect: "Allow",
                        Action: ["iam:DeleteRole", "iam:DeleteRolePolicy", "iam:DetachRolePolicy", "iam:GetRole", "iam:ListAttachedRolePolicies", "iam:ListRolePolicies"],
                        Resource: "arn:aws:iam::111111111111:role/aws-reserved/sso.amazonaws.com/*",
                    },
                    { Sid: "ReadTheIdentityCenterSamlProvider", Effect: "Allow", Action: "iam:GetSAMLProvider", Resource: "arn:aws:iam::111111111111:saml-provider/AWSSSO_*_DO_NOT_DELETE" },
                    { Sid: "ListRolesAsIdentityCenterDoes", Effect: "Allow", Action: "iam:ListRoles", Resource: "*" },
                ],
            });
        });

        it("allows each delete on every resource type the Service Authorization Reference requires for it, in this instance and store only", () => {
            // The "Resource types (*required)" of each action, with their ARN formats, from the
            // Service Authorization Reference: list_awsiamidentitycentersuccessortoawssinglesignon.html
            // (sso:DeleteAccountAssignment: Account, Instance, PermissionSet) and
            // list_awsidentitystore.html (identitystore:DeleteGroupMembership: Group,
            // GroupMembership, Identitystore, User). The caller needs every one of them.
            const required: Record<string, { ours: string[]; others: string[] }> = {
                "sso:DeleteAccountAssignment": {
                    ours: ["arn:aws:sso:::account/222222222222", "arn:aws:sso:::instance/ssoins-7223a1b2c3d4e5f6", "arn:aws:sso:::permissionSet/ssoins-7223a1b2c3d4e5f6/ps-0123456789abcdef"],
                    others: ["arn:aws:sso:::instance/ssoins-0000000000000000", "arn:aws:sso:::permissionSet/ssoins-0000000000000000/ps-0123456789abcdef"],
                },
                "identitystore:DeleteGroupMembership": {
                    ours: [
                        "arn:aws:identitystore:::group/94482488-3041-7026-18f0-7cf8d1f6a8b1",
                        "arn:aws:identitystore:::membership/a1b2c3d4-5001-70c6-2f41-5a2c0e0e0a21",
                        "arn:aws:identitystore::111111111111:identitystore/d-9067a1b2c3",
                        "arn:aws:identitystore:::user/c4e8f4a8-1001-70c6-2f41-5a2c0e0e0a11",
                    ],
                    others: ["arn:aws:identitystore::111111111111:identitystore/d-0000000000", "arn:aws:identitystore::999999999999:identitystore/d-9067a1b2c3"],
                },
            };
            /** IAM's Resource matching: * any run of characters, ? one character, case-sensitive. */
            const matches = (pattern: string, arn: string) => new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".")}$`).test(arn);
            const statements = JSON.parse(String(one(p, "aws:iam/rolePolicy:RolePolicy", "access-ends-policy").inputs.policy)).Statement as { Action: string | string[]; Resource: string | string[] }[];
            for (const [action, arns] of Object.entries(required)) {
                const resources = statements.filter((s) => [s.Action].flat().includes(action)).flatMap((s) => [s.Resource].flat());
                for (const arn of arns.ours) assert.ok(resources.some((r) => matches(r, arn)), `${action} on ${arn}`);
                for (const arn of arns.others) assert.ok(!resources.some((r) => matches(r, arn)), `${action} must not reach ${arn}`);
            }
        });

        it("creates each schedule only once its role's policy exists", () => {
            const policy = urnOf(p, "aws:iam/rolePolicy:RolePolicy", "access-ends-policy");
            for (const s of schedules(p)) assert.ok(s.dependencies.includes(policy), s.name);
        });
    });

    describe("after the end (2026-12-06)", () => {
        at("2026-12-06T00:00:00Z");
        it("plans neither the grant nor the membership nor their schedules, nor the role when nothing else ends, and warns", async () => {
            process.env.LANDING_ZONE_NOW = "2026-12-06T00:00:00Z";
            const p = await planStack(devWithIncident());
            assert.deepEqual(ofType(p, ASSIGNMENT).filter((r) => r.name.startsWith("Responders/")), []);
            assert.deepEqual(ofType(p, MEMBERSHIP).filter((r) => r.name.endsWith("/Responders")), []);
            assert.deepEqual(schedules(p), []);
            assert.deepEqual(ofType(p, "aws:iam/role:Role").filter((r) => r.name.startsWith("access-ends")), []);
            assert.ok(p.warnings.some((w) => w.startsWith("config: groups.Responders.access.AdministratorAccess: the grant on root ended 2026-12-05 18:00 UTC")), p.warnings.join("\n"));
            assert.ok(p.warnings.some((w) => w.startsWith("config: users.bob.smith.groups: the membership of Responders ended")));
        });
    });

    describe("a user's direct grant, an ou: target, a whole person", () => {
        at(NOW);
        const config = () =>
            stackWith("dev", {
                accounts: (a) => ({ ...a, stage: { name: "Stage", email: "owner+stage@example.org", ou: "Workloads" } }),
                groups: (g) => ({ ...g, DeveloperGroup: { ...g.DeveloperGroup, access: { DeveloperUserAccess: ["sandbox", { target: "ou:Workloads", until: "2026-12-20", reason: "release" }] } } }),
                users: (u) => ({
                    ...u,
                    "jane.doe": { ...u["jane.doe"], access: { AdministratorAccess: [{ target: "dev", until: "2026-12-04T18:00:00+01:00", reason: "deploy" }] } },
                    "bob.smith": { ...u["bob.smith"], until: "2026-12-10" },
                }),
            });

        it("ends a user's direct grant with principal type USER and their user id", async () => {
            process.env.LANDING_ZONE_NOW = NOW;
            const p = await planStack(config());
            const s = one(p, SCHEDULE, "jane.doe/AdministratorAccess@dev");
            assert.equal(s.inputs.scheduleExpression, "at(2026-12-04T17:00:00)");
            const jane = one(p, "aws:identitystore/user:User", "jane.doe");
            assert.equal(input(s).PrincipalType, "USER");
            assert.equal(input(s).PrincipalId, jane.outputs.userId);
        });

        it("makes one schedule per account an ou: target reaches, and none for the account another target gives for good", async () => {
            process.env.LANDING_ZONE_NOW = NOW;
            const p = await planStack(config());
            const names = schedules(p).filter((s) => s.name.startsWith("DeveloperGroup/")).map((s) => s.name);
            assert.deepEqual(names, ["DeveloperGroup/DeveloperUserAccess/dev", "DeveloperGroup/DeveloperUserAccess/stage"]);
            assert.ok(one(p, ASSIGNMENT, "DeveloperGroup/DeveloperUserAccess/sandbox"));
        });

        it("ends everything a person has at their until, and keeps the user", async () => {
            process.env.LANDING_ZONE_NOW = NOW;
            const p = await planStack(config());
            assert.equal(one(p, SCHEDULE, "bob.smith/DeveloperGroup").inputs.scheduleExpression, "at(2026-12-10T23:59:59)");
            process.env.LANDING_ZONE_NOW = "2026-12-11T00:00:00Z";
            const after = await planStack(config());
            assert.deepEqual(ofType(after, MEMBERSHIP).filter((m) => m.name.startsWith("bob.smith/")), []);
            assert.ok(one(after, "aws:identitystore/user:User", "bob.smith"));
        });

        it("leaves the management account's IAM out of the role's policy when no grant that ends is on it", async () => {
            process.env.LANDING_ZONE_NOW = NOW;
            const p = await planStack(config());
            const sids = JSON.parse(String(one(p, "aws:iam/rolePolicy:RolePolicy", "access-ends-policy").inputs.policy)).Statement.map((s: { Sid: string }) => s.Sid);
            assert.deepEqual(sids, ["EndAssignmentsOfThisInstance", "EndMembershipsOfThisIdentityStore"]);
        });
    });

    describe("edges", () => {
        at(NOW);
        it("builds nothing for ends when nothing ends: the example stacks plan as before", async () => {
            process.env.LANDING_ZONE_NOW = NOW;
            for (const stack of ["dev", "prod"] as const) {
                const p = await planStack(stackWith(stack, {}));
                assert.deepEqual(p.registrations.filter((r) => r.type.startsWith("aws:scheduler/") && r.name.startsWith("access-ends") || r.type === "landing-zone:index:AccessEnds"), []);
                assert.deepEqual(schedules(p).filter((s) => s.inputs.groupName === "landing-zone-until"), []);
            }
        });

        it("never schedules a time already past, which CreateSchedule refuses (the fake cloud too)", async () => {
            process.env.LANDING_ZONE_NOW = NOW;
            const soon = stackWith("dev", { users: (u) => ({ ...u, "bob.smith": { ...u["bob.smith"], until: "2026-12-04T12:05:00Z" } }) });
            const p = await planStack(soon);
            assert.deepEqual(schedules(p), []);
            assert.ok(p.warnings.some((w) => /within 15 minutes of this run/.test(w)));
        });

        it("the fake cloud refuses an at() already past, as CreateSchedule does", async () => {
            process.env.LANDING_ZONE_NOW = NOW;
            const schedule = (expression: string) => () => {
                new aws.scheduler.Schedule("s", { name: "s", scheduleExpression: expression, flexibleTimeWindow: { mode: "OFF" }, target: { arn: "arn", roleArn: "role" } });
                return {};
            };
            await assert.rejects(plan({ config: {}, program: schedule("at(2026-12-04T11:59:59)") }), /ValidationException: The schedule expression at\(2026-12-04T11:59:59\) is in the past/);
            await plan({ config: {}, program: schedule("at(2026-12-04T12:00:01)") });
        });

        it("names schedules within 64 characters of [0-9a-zA-Z-_.], distinct for distinct grants, whatever the keys", () => {
            const seen = new Map<string, string>();
            const alphabet = "aZ9._-/%@+=,:ü漢 \u200b<>|";
            let state = 7;
            const random = () => (state = (state * 48271) % 2147483647);
            for (let i = 0; i < 5000; i++) {
                const length = 1 + (random() % 300);
                const key = Array.from({ length }, () => alphabet[random() % alphabet.length]).join("");
                for (const kind of ["assignment", "membership"] as const) {
                    const name = scheduleName(kind, key);
                    assert.ok(name.length <= SCHEDULE_NAME_MAX && SCHEDULE_NAME.test(name), name);
                    const before = seen.get(name);
                    assert.ok(before === undefined || before === `${kind}\0${key}`, `${name} for two grants`);
                    seen.set(name, `${kind}\0${key}`);
                }
            }
        });
    });
});

describe("until in the plan, the outputs and the audit", () => {
    at(NOW);
    const withContractor = () =>
        stackWith("dev", {
            groups: (g) => ({ ...g, Responders: { description: "On call", access: { AdministratorAccess: [{ target: "dev", until: "2026-12-05T18:00:00Z", reason: "incident 4711 | <b>`x`</b>" }] } } }),
            users: (u) => ({
                ...u,
                "bob.smith": { ...u["bob.smith"], groups: ["DeveloperGroup", "Responders"] },
                "carol.c": { givenName: "Carol", familyName: "C", email: "carol@example.org", groups: ["DeveloperGroup"], until: "2027-03-31" },
            }),
        });

    it("describes each schedule in at most 512 bytes of UTF-8, cut between characters, with a key's newline shown as an escape", async () => {
        process.env.LANDING_ZONE_NOW = NOW;
        const reason = "事".repeat(200);
        const p = await planStack(
            stackWith("dev", {
                groups: (g) => ({ ...g, "On\ncall": { access: { AdministratorAccess: [{ target: "dev", until: "2026-12-05T18:00:00Z", reason }] } } }),
                users: (u) => ({ ...u, "bob.smith": { ...u["bob.smith"], groups: ["DeveloperGroup", "On\ncall"] } }),
            }),
        );
        const descriptions = schedules(p).map((r) => String(r.inputs.description));
        assert.ok(descriptions.length > 0);
        for (const d of descriptions) {
            assert.ok(Buffer.byteLength(d, "utf8") <= 512, `${Buffer.byteLength(d, "utf8")} bytes`);
            assert.ok(Buffer.byteLength(d, "utf8") > 500, "cut at the limit, not before");
            assert.ok(!/[\p{Cc}\p{Cs}]/u.test(d), "no control character, no half of a surrogate pair");
            assert.ok(d.startsWith("landing-zone: ends groups.On\\ncall.access.AdministratorAccess"), d.slice(0, 80));
            assert.ok(d.endsWith("事"));
        }
    });

    it("shows each way's end in the access matrix, those ending within a week first", async () => {
        process.env.LANDING_ZONE_NOW = NOW;
        const p = await planStack(withContractor());
        const rows = accessMatrix(p);
        assert.deepEqual(rows[0], { user: "bob.smith", account: "dev", accountId: rows[0].accountId, permissionSet: "AdministratorAccess", kind: "group", group: "Responders", targets: [], until: "2026-12-05T18:00:00Z", reason: "incident 4711 | <b>`x`</b>" });
        assert.deepEqual(rows.filter((r) => r.user === "carol.c").map((r) => r.until), ["2027-03-31T23:59:59Z", "2027-03-31T23:59:59Z"]);
        const text = renderPlanText("dev", p);
        assert.match(text, /bob\.smith +dev \(\d+\) +AdministratorAccess +group Responders +until 2026-12-05 18:00 UTC \(in 30 h\), incident 4711/);
        const markdown = renderPlanMarkdown("dev", p);
        const row = markdown.split("\n").find((l) => l.startsWith("| `bob.smith` | `dev`"))!;
        assert.equal(row.split(/(?<!\\)\|/).length, 6, "the reason's | does not add a column");
        assert.ok(row.includes("until 2026-12-05 18:00 UTC (in 30 h), ``incident 4711 \\| <b>`x`</b>``"), "the reason is a code span: no HTML, no link, no mention");
    });

    it("carries until and reason in the access output, the last way's end when several give the same access", async () => {
        process.env.LANDING_ZONE_NOW = NOW;
        const p = await planStack(withContractor());
        const access = p.outputs.access as Record<string, { account: string; permissionSet: string; until?: string; reason?: string }[]>;
        assert.deepEqual(access["bob.smith"].find((r) => r.permissionSet === "AdministratorAccess" && r.account === "dev"), {
            account: "dev",
            accountId: (access["bob.smith"][0] as unknown as { accountId: string }).accountId,
            permissionSet: "AdministratorAccess",
            until: "2026-12-05T18:00:00Z",
            reason: "incident 4711 | <b>`x`</b>",
        });
        assert.ok(access["carol.c"].every((r) => r.until === "2027-03-31T23:59:59Z"));
        assert.ok(access["jane.doe"].every((r) => r.until === undefined));
    });

    it("says in the --base diff who gains access until when, and whose end moves", async () => {
        process.env.LANDING_ZONE_NOW = NOW;
        const head = await planStack(withContractor());
        const base = await planStack(stackWith("dev", { users: (u) => ({ ...u, "carol.c": { givenName: "Carol", familyName: "C", email: "carol@example.org", groups: ["DeveloperGroup"] } }) }));
        const diff = diffPlans(base, head);
        const text = renderDiffText("dev", "base", diff);
        assert.match(text, /\+ bob\.smith gains AdministratorAccess on dev \(via group Responders\), until 2026-12-05 18:00 UTC \(in 30 h\), incident 4711/);
        assert.match(text, /~ carol\.c keeps DeveloperUserAccess on dev, until 2027-03-31 23:59:59 UTC \(in 118 days\) \(was: did not end\)/);
        assert.equal(diff.accessRetimed.length, 2);
    });

    it("says in the --base diff whose end gets another reason, the end itself unchanged: the schedule's description changes", async () => {
        const responders = (reason: string) =>
            stackWith("dev", {
                groups: (g) => ({ ...g, Responders: { access: { AdministratorAccess: [{ target: "dev", until: "2026-12-05T18:00:00Z", reason }] } } }),
                users: (u) => ({ ...u, "bob.smith": { ...u["bob.smith"], groups: ["DeveloperGroup", "Responders"] } }),
            });
        const diff = diffPlans(await planStack(responders("incident 4711")), await planStack(responders("incident 4712")));
        assert.deepEqual(diff.changed.map((c) => [c.type, c.changes.map((ch) => ch.key)]), [[SCHEDULE, ["description"]]]);
        assert.deepEqual(
            diff.accessRetimed.map(({ user, before, after, reason, beforeReason }) => ({ user, before, after, reason, beforeReason })),
            [{ user: "bob.smith", before: "2026-12-05T18:00:00Z", after: "2026-12-05T18:00:00Z", reason: "incident 4712", beforeReason: "incident 4711" }],
        );
        assert.ok(
            renderDiffText("dev", "base", diff).includes(
                "\n  ~ bob.smith keeps AdministratorAccess on dev, until 2026-12-05 18:00 UTC (in 30 h), incident 4712 (was: until 2026-12-05 18:00 UTC (in 30 h), incident 4711)\n",
            ),
        );
    });

    it("calls only the runner's schedule a scheduled nuke, not the schedules that end access, with or without a sandbox", async () => {
        const timed = (stack: "dev" | "prod") => stackWith(stack, { groups: (g) => ((g.DeveloperGroup.access.DeveloperUserAccess = ["dev", { target: "sandbox", until: "2099-01-01" }]), g) });
        const dev = await planStack(timed("dev"));
        const withoutSandbox = timed("dev");
        delete withoutSandbox["landing-zone:sandbox"];
        const noSandbox = await planStack(withoutSandbox);
        const prod = await planStack(timed("prod"));
        for (const p of [dev, noSandbox, prod]) assert.ok(schedules(p).some((s) => s.inputs.scheduleExpression === "at(2099-01-01T23:59:59)"), "the premise: an access-ending schedule");
        for (const p of [dev, noSandbox]) {
            assert.deepEqual(sandboxNotes(p).filter((n) => n.startsWith("Scheduled nuke")), []);
            for (const out of [renderPlanText("dev", p), renderPlanMarkdown("dev", p), JSON.stringify(planJson("dev", p))]) assert.doesNotMatch(out, /Scheduled nuke/);
        }
        assert.deepEqual(sandboxNotes(noSandbox), []);
        const nukes = sandboxNotes(prod).filter((n) => n.startsWith("Scheduled nuke"));
        assert.equal(nukes.length, 1);
        assert.match(nukes[0], /^Scheduled nuke cron\(0 18 \? \* FRI \*\) \(UTC, ENABLED\): a dry run, by CodeBuild project \S+ with aws-nuke v\d+\.\d+\.\d+ /);
    });

    it("plans the access as it will be at --at: the contractor gone after March", async () => {
        const dir = mkdtempSync(join(tmpdir(), "until-"));
        try {
            const file = join(dir, "Pulumi.t.yaml");
            const config = withContractor();
            writeFileSync(file, `config:\n${Object.entries(config).map(([k, v]) => `  ${k}: ${v.startsWith("{") || v.startsWith("[") ? v : JSON.stringify(v)}`).join("\n")}\n`);
            let out = "";
            let err = "";
            assert.equal(await main([file, "--at", "2027-04-01", "--json"], (s) => (out += s), (s) => (err += s)), 0, err);
            const users = new Set((JSON.parse(out).access as { user: string }[]).map((r) => r.user));
            assert.ok(!users.has("carol.c") && users.has("jane.doe"));
            assert.equal(process.env.LANDING_ZONE_NOW, NOW, "the clock is restored after the run");
            assert.equal(await main([file, "--at", "2027-02-30"], (s) => (out += s), (s) => (err += s)), 2);
            assert.match(err, /--at "2027-02-30" is not a real time: February 2027 has 28 days/);
        } finally {
            rmSync(dir, { recursive: true, force: true });
        }
    });

    it("reports an expired grant and membership still in AWS as drift, and one ending within minutes as nothing", () => {
        process.env.LANDING_ZONE_NOW = "2026-12-06T00:00:00Z";
        const c = loadStackConfig(
            stackWith("dev", {
                permissionSets: () => ({ ReadOnly: {} }),
                groups: () => ({ Responders: { access: { ReadOnly: [{ target: "dev", until: "2026-12-05T18:00:00Z", reason: "incident 4711" }] } } }),
                users: () => ({ eve: { givenName: "E", familyName: "V", email: "eve@example.org", groups: [{ group: "Responders", until: "2026-12-05T18:00:00Z" }] } }),
            }),
        );
        const ps = "arn:aws:sso:::permissionSet/ssoins-7223a1b2c3d4e5f6/ps-1111111111111111";
        const account = (id: string, name: string, email: string, parentId: string, tags: Record<string, string>) => ({ id, name, email, status: "ACTIVE", parentId, tags });
        const estate = {
            region: "eu-central-1",
            organization: { id: "o-a1b2c3d4e5", managementAccountId: "111111111111", featureSet: "ALL", rootId: "r-ab12", serviceAccessPrincipals: [], enabledPolicyTypes: ["SERVICE_CONTROL_POLICY"] },
            organizationalUnits: [
                { id: "ou-ab12-11111111", name: "Workloads", parentId: "r-ab12", tags: {} },
                { id: "ou-ab12-22222222", name: "Sandbox", parentId: "r-ab12", tags: {} },
            ],
            accounts: [
                account("111111111111", "Root", "owner@example.org", "r-ab12", {}),
                account("222222222222", "Dev", "owner+dev@example.org", "ou-ab12-11111111", { CostCenter: "engineering", Environment: "dev" }),
                account("333333333333", "Sandbox", "owner+sandbox@example.org", "ou-ab12-22222222", { CostCenter: "rnd", Environment: "sandbox" }),
            ],
            instance: { arn: "arn:aws:sso:::instance/ssoins-7223a1b2c3d4e5f6", identityStoreId: "d-9067a1b2c3" },
            permissionSets: [{ arn: ps, name: "ReadOnly", managedPolicies: [], customerManagedPolicies: [], sessionDuration: "PT1H", tags: {} }],
            groups: [{ id: "g-r", displayName: "Responders", external: false }],
            users: [{ id: "u-eve", userName: "eve", external: false }],
            memberships: [{ id: "m-1", groupId: "g-r", userId: "u-eve" }],
            assignments: [{ principalType: "GROUP", principalId: "g-r", accountId: "222222222222", permissionSetArn: ps }],
        } as unknown as Estate;
        const found = compareEstate(estate, c).map(describeDifference);
        const settle = "the schedule that ends it did not (it retries for a day); run pulumi up, which removes it, or remove it in AWS now";
        assert.deepEqual(
            found.filter((d) => /Responders/.test(d)),
            [
                `user eve in group Responders: ended 2026-12-05 18:00 UTC (users.eve.groups), still in AWS; ${settle}`,
                `group Responders has ReadOnly on account dev (222222222222): ended 2026-12-05 18:00 UTC (groups.Responders.access.ReadOnly, "incident 4711"), still in AWS; ${settle}`,
            ],
        );
        process.env.LANDING_ZONE_NOW = "2026-12-05T17:50:00Z";
        const soon = loadStackConfig(stackWith("dev", {
            permissionSets: () => ({ ReadOnly: {} }),
            groups: () => ({ Responders: { access: { ReadOnly: [{ target: "dev", until: "2026-12-05T18:00:00Z" }] } } }),
            users: () => ({ eve: { givenName: "E", familyName: "V", email: "eve@example.org", groups: [{ group: "Responders", until: "2026-12-05T18:00:00Z" }] } }),
        }));
        assert.deepEqual(compareEstate(estate, soon).map(describeDifference).filter((d) => /Responders/.test(d)), []);
    });
});

describe("until in the README", () => {
    at(NOW);
    it("its incident and contractor fragments validate in the dev stack, and end what they say", () => {
        const text = readFileSync(join(__dirname, "..", "README.md"), "utf8");
        const section = text.slice(text.indexOf("### Access that ends by itself"), text.indexOf("## The sandbox and aws-nuke"));
        const blocks = [...section.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => parseYaml(m[1]) as Record<string, Record<string, unknown>>);
        assert.equal(blocks.length, 2);
        const [groups, users] = [blocks[0]["landing-zone:groups"], blocks[1]["landing-zone:users"]];
        const c = parseConfig(
            {
                ...JSON.parse(JSON.stringify(Object.fromEntries(Object.entries(stackWith("dev", {})).filter(([k]) => k.startsWith("landing-zone:")).map(([k, v]) => [k.slice("landing-zone:".length), JSON.parse(v)])))),
                accounts: { ...JSON.parse(stackWith("dev", {})["landing-zone:accounts"]), prod: { name: "Prod", email: "owner+prod@example.org", ou: "Workloads" } },
                groups: { ...JSON.parse(stackWith("dev", {})["landing-zone:groups"]), ...groups },
                users: { ...JSON.parse(stackWith("dev", {})["landing-zone:users"]), ...users },
            },
            "eu-central-1",
            {},
            new Date(NOW),
        );
        assert.deepEqual(c.groups.Responders.ends, { AdministratorAccess: { prod: { until: "2026-12-05T18:00:00Z", reason: "incident 4711" } } });
        assert.deepEqual(c.users["carol.contractor"].groupEnds, { DeveloperGroup: { until: "2027-03-31T23:59:59Z" }, Responders: { until: "2027-01-15T23:59:59Z", reason: "migration" } });
    });
});

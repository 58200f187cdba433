/**
 * Access for growing teams, planned through the real program (index.ts) on the strict fake cloud:
 * `ou:` and `all` targets, nested OUs, external groups and users looked up instead of created,
 * direct user assignments, stable logical names, and what the plan's access matrix says.
 */
import { strict as assert } from "assert";
import { mkdtempSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import * as pulumi from "@pulumi/pulumi";
import { stringify } from "yaml";
import { assignmentName, userAssignmentName } from "../config/names";
import { main } from "../plan/cli";
import { DEFAULT_CLOUD, Plan, Registration } from "../plan/engine";
import { accessMatrix, diffPlans, renderDiffText, wayText } from "../plan/report";
import { ROOT, ofType, one, planFailure, planStack, stackFile, stackWith } from "./harness";

const OU = "aws:organizations/organizationalUnit:OrganizationalUnit";
const ACCOUNT = "aws:organizations/account:Account";
const ASSIGNMENT = "aws:ssoadmin/accountAssignment:AccountAssignment";
const GROUP = "aws:identitystore/group:Group";
const USER = "aws:identitystore/user:User";
const MEMBERSHIP = "aws:identitystore/groupMembership:GroupMembership";
const PERMISSION_SET = "aws:ssoadmin/permissionSet:PermissionSet";
const GET_GROUP = "aws:identitystore/getGroup:getGroup";
const GET_USER = "aws:identitystore/getUser:getUser";
const STORE = DEFAULT_CLOUD.instances[0].identityStoreId;

/**
 * Pulumi.prod.yaml with nested OUs: Workloads > Teams > Payments > Ledger, each holding one of the
 * adopted accounts (dev in Workloads, test in Teams, prod in Ledger); pipeline in Infrastructure.
 */
function nested(edits: Record<string, (value: any) => any> = {}): Record<string, string> {
    return stackWith("prod", {
        organizationalUnits: (ous) => [...ous, { name: "Teams", parent: "Workloads" }, { name: "Payments", parent: "Teams" }, { name: "Ledger", parent: "Payments" }],
        accounts: (a) => {
            a.test.ou = "Teams";
            a.prod.ou = "Ledger";
            return a;
        },
        ...edits,
    });
}

/** The accounts (by key) a group or user is assigned a permission set on, from the registrations. */
function assignedAccounts(plan: Plan, principal: string, ps: string): string[] {
    const ids = plan.outputs.accountIds as Record<string, string>;
    const keyOf = new Map(Object.entries(ids).map(([k, id]) => [id, k]));
    const psArn = one(plan, PERMISSION_SET, ps).outputs.arn;
    return ofType(plan, ASSIGNMENT)
        .filter((a) => a.inputs.principalId === principal && a.inputs.permissionSetArn === psArn)
        .map((a) => keyOf.get(String(a.inputs.targetId)) ?? String(a.inputs.targetId))
        .sort();
}
const groupId = (plan: Plan, group: string) => String(one(plan, GROUP, group).outputs.groupId);

/** Every registration's identity and what a replacement would hinge on, by URN. */
function shapes(plan: Plan): Map<string, unknown> {
    return new Map(
        plan.registrations.map((r: Registration) => [
            r.urn,
            { inputs: r.inputs, parent: r.parent, importId: r.importId, protect: r.protect, provider: r.provider },
        ]),
    );
}

describe("access for growing teams", () => {
    describe("ou: and all targets", () => {
        it("an ou: target reaches the accounts in that OU and every OU nested under it, and not the management account", async () => {
            const plan = await planStack(nested({ groups: (g) => ((g.DeveloperGroup.access.ReadOnlyAccess = ["ou:Workloads"]), g) }));
            assert.deepEqual(assignedAccounts(plan, groupId(plan, "DeveloperGroup"), "ReadOnlyAccess"), ["dev", "prod", "test"]);
        });

        it("an ou: target of a nested OU reaches its own subtree only", async () => {
            const plan = await planStack(nested({ groups: (g) => ((g.DeveloperGroup.access.ReadOnlyAccess = ["ou:Payments"]), g) }));
            assert.deepEqual(assignedAccounts(plan, groupId(plan, "DeveloperGroup"), "ReadOnlyAccess"), ["prod"]);
        });

        it("all reaches every member account and leaves the management account out", async () => {
            const plan = await planStack(stackWith("prod", { groups: (g) => ((g.Platform.access.AdministratorAccess = ["all"]), g) }));
            assert.deepEqual(assignedAccounts(plan, groupId(plan, "Platform"), "AdministratorAccess"), ["dev", "pipeline", "prod", "sandbox", "test"]);
        });

        it("all with the management account named by its key reaches it too", async () => {
            const plan = await planStack(stackWith("prod", { groups: (g) => ((g.Platform.access.AdministratorAccess = ["all", "management"]), g) }));
            assert.deepEqual(assignedAccounts(plan, groupId(plan, "Platform"), "AdministratorAccess"), ["dev", "management", "pipeline", "prod", "sandbox", "test"]);
        });

        it("gives a new account in an OU the OU's access in the same plan that creates it", async () => {
            const plan = await planStack(
                nested({
                    accounts: (a) => ({ ...a, test: { ...a.test, ou: "Teams" }, prod: { ...a.prod, ou: "Ledger" }, ledger2: { name: "Ledger 2", email: "aws+ledger2@example.com", ou: "Ledger" } }),
                    groups: (g) => ((g.DeveloperGroup.access.ReadOnlyAccess = ["ou:Payments"]), g),
                }),
            );
            const assignment = one(plan, ASSIGNMENT, "DeveloperGroup/ReadOnlyAccess/ledger2");
            assert.equal(assignment.inputs.targetId, one(plan, ACCOUNT, "ledger2").id);
            assert.ok(assignment.dependencies.includes(one(plan, ACCOUNT, "ledger2").urn));
        });

        it("moving an account's access from its key to ou: (and reordering) changes no logical name and no input", async () => {
            // ReadOnlyAccess on [prod, pipeline]: pipeline is alone in Infrastructure.
            const byKey = await planStack(stackFile("prod"));
            const byOu = await planStack(
                stackWith("prod", {
                    organizationalUnits: (ous) => [...ous].reverse(),
                    groups: (g) => {
                        g.DeveloperGroup.access.ReadOnlyAccess = ["ou:Infrastructure", "prod"];
                        g.DeveloperGroup.access.DeveloperUserAccess.reverse();
                        return g;
                    },
                }),
            );
            assert.ok(ofType(byOu, ASSIGNMENT).some((a) => a.name === "DeveloperGroup/ReadOnlyAccess/pipeline"));
            assert.deepEqual(shapes(byOu), shapes(byKey));
            const diff = diffPlans(byKey, byOu);
            assert.deepEqual([diff.added, diff.removed, diff.changed, diff.accessGained, diff.accessLost], [[], [], [], [], []]);
        });
    });

    describe("nested OUs", () => {
        let plan: Plan;
        before(async () => (plan = await planStack(nested())));

        it("creates each OU in its parent: parentId is the parent OU's id, the root's for a top-level OU", () => {
            const rootId = (one(plan, "aws:organizations/organization:Organization", "organization").outputs.roots as { id: string }[])[0].id;
            assert.equal(one(plan, OU, "Workloads").inputs.parentId, rootId);
            assert.equal(one(plan, OU, "Teams").inputs.parentId, one(plan, OU, "Workloads").id);
            assert.equal(one(plan, OU, "Payments").inputs.parentId, one(plan, OU, "Teams").id);
            assert.equal(one(plan, OU, "Ledger").inputs.parentId, one(plan, OU, "Payments").id);
            assert.ok(one(plan, OU, "Ledger").dependencies.includes(one(plan, OU, "Payments").urn));
        });

        it("creates OUs one after another, every parent before its children, and puts accounts in nested OUs", () => {
            // Level by level, by name within a level: Infrastructure, Sandbox, Workloads, Teams, Payments, Ledger.
            const chain = ["Infrastructure", "Sandbox", "Workloads", "Teams", "Payments", "Ledger"];
            for (let i = 1; i < chain.length; i++) {
                assert.ok(one(plan, OU, chain[i]).dependencies.includes(one(plan, OU, chain[i - 1]).urn), `${chain[i]} after ${chain[i - 1]}`);
            }
            assert.equal(one(plan, ACCOUNT, "prod").inputs.parentId, one(plan, OU, "Ledger").id);
        });

        it("adopts a nested OU by id (imported) in its parent", async () => {
            const adopted = await planStack(
                stackWith("prod", { organizationalUnits: (ous) => [...ous, { name: "Teams", parent: "Workloads", id: "ou-ex12-teams0001" }] }),
            );
            const teams = one(adopted, OU, "Teams");
            assert.equal(teams.importId, "ou-ex12-teams0001");
            assert.equal(teams.inputs.parentId, one(adopted, OU, "Workloads").id);
        });

        it("changes nothing for OUs directly under the root", async () => {
            const flat = await planStack(stackFile("prod"));
            const asObjects = await planStack(stackWith("prod", { organizationalUnits: (ous) => ous.map((o: unknown) => (typeof o === "string" ? { name: o } : o)) }));
            assert.deepEqual(shapes(asObjects), shapes(flat));
        });
    });

    describe("external groups", () => {
        const config = () =>
            stackWith("prod", {
                groups: (g) => ({ ...g, Engineering: { external: true, access: { DeveloperUserAccess: ["ou:Workloads"] } } }),
            });
        let plan: Plan;
        before(async () => (plan = await planStack(config(), { externalGroups: ["Auditors", "Engineering", "Sales"] })));

        it("is looked up by display name in the identity store, not created", () => {
            assert.ok(!ofType(plan, GROUP).some((g) => g.name === "Engineering"));
            const lookups = plan.invocations.filter((i) => i.token === GET_GROUP && JSON.stringify(i.inputs).includes("\"Engineering\""));
            assert.equal(lookups.length, 1);
            assert.deepEqual(lookups[0].inputs, {
                identityStoreId: STORE,
                alternateIdentifier: { uniqueAttribute: { attributePath: "displayName", attributeValue: "Engineering" } },
            });
        });

        it("gets assignments with the looked-up group id and carries no memberships", () => {
            const found = plan.invocations.find((i) => i.token === GET_GROUP && i.outputs?.displayName === "Engineering")!.outputs!;
            const assignments = ofType(plan, ASSIGNMENT).filter((a) => a.name.startsWith("Engineering/"));
            assert.deepEqual(assignments.map((a) => a.name), ["Engineering/DeveloperUserAccess/dev", "Engineering/DeveloperUserAccess/prod", "Engineering/DeveloperUserAccess/test"]);
            for (const a of assignments) assert.deepEqual([a.inputs.principalType, a.inputs.principalId], ["GROUP", found.groupId]);
            assert.ok(!ofType(plan, MEMBERSHIP).some((m) => m.inputs.groupId === found.groupId || m.name.endsWith("/Engineering")));
            assert.equal((plan.outputs.groupIds as Record<string, string>).Engineering, found.groupId);
        });

        it("shows in the access matrix as its members, whom only the identity provider knows, with how they came", () => {
            const rows = accessMatrix(plan).filter((r) => r.kind === "group" && r.group === "Engineering");
            assert.deepEqual(
                rows.map((r) => `${r.user} ${r.permissionSet} ${r.account} via ${wayText(r)}`),
                ["dev", "prod", "test"].map((a) => `(members of Engineering) DeveloperUserAccess ${a} via group Engineering through ou:Workloads`),
            );
        });

        it("fails a lookup that finds nothing with a message naming the group and the identity store, without a stack trace", async () => {
            const err = await planFailure(config(), { externalGroups: ["Auditors", "Sales"] });
            assert.ok(err.cause instanceof pulumi.RunError, `expected a RunError, got ${err.cause}`);
            assert.match(
                err.message,
                new RegExp(`^groups\\.Engineering: external: no group with display name "Engineering" in identity store ${STORE}\\. It is looked up, not created`),
            );
            assert.ok(!ofType({ registrations: err.registrations }, ASSIGNMENT).some((a) => a.name.startsWith("Engineering/")));
        });

        it("is assumed to exist by the offline plan CLI, which cannot read the identity store", async () => {
            const dir = mkdtempSync(join(tmpdir(), "lz-external-"));
            const values = stackWith("dev", { groups: (g) => ({ ...g, Okta: { external: true, access: { DeveloperUserAccess: ["all"] } } }) });
            const config = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, parseOrKeep(v)]));
            writeFileSync(join(dir, "Pulumi.x.yaml"), stringify({ config }));
            let out = "";
            let err = "";
            const code = await main([join(dir, "Pulumi.x.yaml")], (s) => (out += s), (s) => (err += s), ROOT);
            assert.equal(code, 0, err);
            assert.match(out, /external groups and users are assumed to exist in the identity store/);
            assert.match(out, /\(members of Okta\)\s+dev \(\d{12}\)\s+DeveloperUserAccess\s+group Okta through all/);
        });
    });

    describe("users' own assignments and external users", () => {
        const config = () =>
            stackWith("prod", {
                users: (u) => ({
                    ...u,
                    "chen.wei": { ...u["chen.wei"], access: { ReadOnlyAccess: ["prod"] } },
                    "contractor@partner.example": { external: true, access: { DeveloperUserAccess: ["dev"] }, groups: ["DeveloperGroup"] },
                }),
            });
        let plan: Plan;
        before(async () => (plan = await planStack(config(), { externalUsers: ["contractor@partner.example", "sam@partner.example"] })));

        it("gives a user's own access as an assignment with principal type USER and the user's id", () => {
            const a = one(plan, ASSIGNMENT, "chen.wei/ReadOnlyAccess@prod");
            assert.equal(a.inputs.principalType, "USER");
            assert.equal(a.inputs.principalId, one(plan, USER, "chen.wei").outputs.userId);
            assert.equal(a.inputs.targetId, "444444444444");
            assert.equal(a.parent, one(plan, "landing-zone:index:DirectAccess", "chen.wei").urn);
            assert.ok(a.dependencies.some((d) => d.endsWith("ManagedPolicyAttachment::ReadOnlyAccess/ReadOnlyAccess")));
        });

        it("looks an external user up by user name, never creates them, and assigns and adds them by the id found", () => {
            assert.ok(!ofType(plan, USER).some((u) => u.name === "contractor@partner.example"));
            const lookup = plan.invocations.find((i) => i.token === GET_USER)!;
            assert.deepEqual(lookup.inputs.alternateIdentifier, { uniqueAttribute: { attributePath: "userName", attributeValue: "contractor@partner.example" } });
            const a = one(plan, ASSIGNMENT, "contractor@partner.example/DeveloperUserAccess@dev");
            assert.deepEqual([a.inputs.principalType, a.inputs.principalId], ["USER", lookup.outputs!.userId]);
            assert.equal(one(plan, MEMBERSHIP, "contractor@partner.example/DeveloperGroup").inputs.memberId, lookup.outputs!.userId);
        });

        it("shows direct access as direct in the access matrix and the outputs, and leaves external users out of onboarding", () => {
            const rows = accessMatrix(plan).filter((r) => r.kind === "direct");
            assert.deepEqual(rows.map((r) => `${r.user} ${r.permissionSet} ${r.account}`), [
                "chen.wei ReadOnlyAccess prod",
                "contractor@partner.example DeveloperUserAccess dev",
                "sam@partner.example ReadOnlyAccess pipeline",
            ]);
            const access = plan.outputs.access as Record<string, { account: string; permissionSet: string }[]>;
            assert.ok(access["chen.wei"].some((r) => r.account === "prod" && r.permissionSet === "ReadOnlyAccess"));
            assert.ok(String((plan.outputs.awsCliConfig as Record<string, string>)["contractor@partner.example"]).includes("[profile dev-DeveloperUserAccess]"));
            assert.ok(!("contractor@partner.example" in (plan.outputs.onboarding as { users: Record<string, string> }).users));
        });

        it("fails an external user the identity store does not have, naming the user and the store", async () => {
            const err = await planFailure(config(), { externalUsers: ["sam@partner.example"] });
            assert.match(err.message, new RegExp(`^users\\.contractor@partner\\.example: external: no user with user name "contractor@partner.example" in identity store ${STORE}`));
        });

        it("never gives a user assignment a group assignment's name, even for a group and a user of one name", async () => {
            const p = await planStack(
                stackWith("prod", {
                    groups: (g) => ({ ...g, "chen.wei": { access: { ReadOnlyAccess: ["prod"] } } }),
                    users: (u) => ({ ...u, "chen.wei": { ...u["chen.wei"], access: { ReadOnlyAccess: ["prod"] } } }),
                }),
            );
            const names = ofType(p, ASSIGNMENT).map((a) => a.name);
            assert.ok(names.includes("chen.wei/ReadOnlyAccess/prod") && names.includes("chen.wei/ReadOnlyAccess@prod"));
            assert.equal(new Set(names).size, names.length);
            // A group whose name contains "/" cannot produce a user assignment's name either: one has one "/", the other two or more.
            assert.notEqual(assignmentName("a", "b", "c"), userAssignmentName("a/b", "b", "c"));
            assert.equal(userAssignmentName("a/b", "Dev", "dev"), "a%2Fb/Dev@dev");
            assert.equal(assignmentName("a/b", "Dev", "dev").split("/").length, 4);
        });
    });

    describe("the plan's difference says how access came", () => {
        it("names the group and the ou: target, or direct", async () => {
            const base = await planStack(stackFile("prod"));
            const head = await planStack(
                nested({
                    groups: (g) => (g.DeveloperGroup.access.DeveloperUserAccess.push("ou:Payments"), g),
                    users: (u) => ((u["alex.admin"].access = { BillingAccess: ["management"] }), u),
                }),
            );
            const text = renderDiffText("prod", "base", diffPlans(base, head));
            assert.match(text, /\+ alex\.admin gains BillingAccess on management \(via direct\)/);
            assert.match(text, /\+ bsilva gains DeveloperUserAccess on prod \(via group DeveloperGroup through ou:Payments\)/);
            assert.doesNotMatch(text, /loses/);
        });
    });

    describe("the sandbox nuke", () => {
        it("keeps the Identity Center role of a permission set that reaches the sandbox through all, by its path: the config does not change", async () => {
            const plan = await planStack(stackWith("dev", { groups: (g) => ({ ...g, Readers: { access: { ReadOnlyAccess: ["all"] } } }), permissionSets: (p) => ({ ...p, ReadOnlyAccess: { managedPolicies: ["ReadOnlyAccess"] } }) }));
            assert.equal(plan.outputs.nukeConfig, (await planStack(stackFile("dev"))).outputs.nukeConfig);
            assert.match(String(plan.outputs.nukeConfig), /"\^\/aws-reserved\/sso\\\\\.amazonaws\\\\\.com\/"/);
        });
    });
});

/** A stack file value as YAML holds it: JSON objects decoded, plain strings kept. */
function parseOrKeep(v: string): unknown {
    try {
        return JSON.parse(v);
    } catch {
        return v;
    }
}


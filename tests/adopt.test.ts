/**
 * `npm run adopt`, through the real AWS SDK clients against the local fake endpoint
 * (tests/fakeAws.ts): the stack file it writes, the plan of that file (everything imported, nothing
 * created), what it warns about, and how it reads large, throttled or forbidden estates.
 */
import { strict as assert } from "assert";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import Ajv2020 from "ajv/dist/2020";
import { parse } from "yaml";
import { stackFileJsonSchema } from "../config/jsonSchema";
import { main } from "../estate/adopt";
import { main as audit } from "../estate/audit";
import { READ_ACTIONS, readEstate } from "../estate/reader";
import { parseStackFile } from "../config/stackFile";
import { Plan } from "../plan/engine";
import { FakeAws, FakeEstate, PAGE, useEndpoint } from "./fakeAws";
import { INSTANCE_ARN, MANAGEMENT_ID, SANDBOX_ID, STORE_ID, nestedOuEstate, onePersonEstate, scimEstate, tutorialEstate } from "./estates";
import { ROOT, planStack } from "./harness";

interface Run {
    code: number;
    out: string;
    err: string;
}

/** Run the adopt command against a fake serving `estate`. */
export async function withFake<T>(estate: FakeEstate, body: (fake: FakeAws) => Promise<T>): Promise<T> {
    const fake = new FakeAws(estate);
    const restore = useEndpoint(await fake.start());
    try {
        return await body(fake);
    } finally {
        restore();
        await fake.stop();
        assert.deepEqual(fake.writes(), [], "the fake saw a write");
    }
}

async function adopt(fake: FakeAws, argv: string[]): Promise<Run> {
    void fake;
    let out = "";
    let err = "";
    const code = await main(argv, (s) => (out += s), (s) => (err += s), ROOT);
    return { code, out, err };
}

/**
 * Plan a stack file's text with the fake cloud answering as the estate would: its management
 * account, its instance, and the ids of its synchronised groups and users for their lookups.
 */
function planText(text: string, estate: FakeEstate): Promise<Plan> {
    const synced = [
        ...estate.groups.filter((g) => g.ExternalIds?.length).map((g) => [g.DisplayName, g.GroupId]),
        ...estate.users.filter((u) => u.ExternalIds?.length).map((u) => [u.UserName, u.UserId]),
    ];
    return planStack(parseStackFile(text).config, {
        managementAccountId: estate.organization.MasterAccountId,
        instances: [{ arn: estate.instance!.InstanceArn, identityStoreId: estate.instance!.IdentityStoreId }],
        externalIds: Object.fromEntries(synced),
    });
}

/** Adopt `estate` into a stack file in a fresh project folder, then audit that stack against the same estate. */
async function adoptThenAudit(estate: FakeEstate): Promise<Run> {
    const dir = mkdtempSync(join(tmpdir(), "adopt-audit-"));
    try {
        return await withFake(estate, async () => {
            const adopted = await main(["--stack", "s"], () => undefined, () => undefined, dir);
            assert.equal(adopted, 0);
            let out = "";
            let err = "";
            const code = await audit(["--stack", "s"], (s) => (out += s), (s) => (err += s), dir);
            return { code, out, err };
        });
    } finally {
        rmSync(dir, { recursive: true, force: true });
    }
}

const TRUSTED_ACCESS = "aws:organizations/awsServiceAccess:AwsServiceAccess";

/** Custom resources of the plan that would be created rather than imported (trusted access included). */
function created(plan: Plan): string[] {
    return plan.registrations.filter((r) => r.custom && !r.importId).map((r) => `${r.type}::${r.name}`);
}

/**
 * Each imported resource's inputs agree with the AWS object its import id names: otherwise
 * `pulumi up` stops with "inputs to import do not match the existing resource".
 */
function assertImportsMatch(plan: Plan, estate: FakeEstate) {
    const byType = (t: string) => plan.registrations.filter((r) => r.type === t);
    for (const r of byType("aws:organizations/account:Account")) {
        const a = estate.accounts.find((x) => x.Id === r.importId)!;
        const parent = plan.registrations.find((p) => p.outputs.id === r.inputs.parentId);
        assert.deepEqual([r.inputs.name, r.inputs.email, parent?.importId ?? r.inputs.parentId], [a.Name, a.Email, a.ParentId === estate.root.Id ? r.inputs.parentId : a.ParentId], r.name);
    }
    for (const r of byType("aws:organizations/organization:Organization")) assert.equal(r.importId, estate.organization.Id);
    // Every service the organisation trusts stays trusted: the plan enables exactly those.
    assert.deepEqual(byType(TRUSTED_ACCESS).map((r) => r.inputs.servicePrincipal).sort(), [...estate.servicePrincipals].sort());
    for (const r of byType(TRUSTED_ACCESS)) assert.equal(r.importId, r.inputs.servicePrincipal, r.name);
    for (const r of byType("aws:organizations/organizationalUnit:OrganizationalUnit")) {
        const ou = estate.ous.find((o) => o.Id === r.importId)!;
        const parent = plan.registrations.find((p) => p.outputs.id === r.inputs.parentId);
        assert.deepEqual(
            [r.inputs.name, r.inputs.tags ?? {}, parent?.importId ?? r.inputs.parentId],
            [ou.Name, ou.Tags ?? {}, ou.ParentId === estate.root.Id ? r.inputs.parentId : ou.ParentId],
            r.name,
        );
    }
    for (const r of byType("aws:ssoadmin/permissionSet:PermissionSet")) {
        const ps = estate.permissionSets.find((p) => `${p.Arn},${INSTANCE_ARN}` === r.importId)!;
        assert.deepEqual(
            [r.inputs.name, r.inputs.sessionDuration, r.inputs.description, r.inputs.relayState, r.inputs.tags ?? {}],
            [ps.Name, ps.SessionDuration, ps.Description, ps.RelayState, ps.Tags ?? {}],
        );
    }
    for (const r of byType("aws:ssoadmin/managedPolicyAttachment:ManagedPolicyAttachment")) {
        const [policy, psArn, instance] = r.importId!.split(",");
        assert.deepEqual([r.inputs.managedPolicyArn, r.inputs.permissionSetArn, r.inputs.instanceArn], [policy, psArn, instance]);
        assert.ok(estate.permissionSets.find((p) => p.Arn === psArn)!.ManagedPolicies!.includes(policy));
    }
    for (const r of byType("aws:identitystore/user:User")) {
        const u = estate.users.find((x) => `${STORE_ID}/${x.UserId}` === r.importId)!;
        assert.deepEqual(
            [r.inputs.userName, r.inputs.displayName, r.inputs.name, (r.inputs.emails as { value: string }).value],
            [u.UserName, u.DisplayName, { givenName: u.Name!.GivenName, familyName: u.Name!.FamilyName }, u.Emails![0].Value],
        );
    }
    for (const r of byType("aws:identitystore/group:Group")) {
        const g = estate.groups.find((x) => `${STORE_ID}/${x.GroupId}` === r.importId)!;
        assert.deepEqual([r.inputs.displayName, r.inputs.description], [g.DisplayName, g.Description]);
    }
    for (const r of byType("aws:identitystore/groupMembership:GroupMembership")) {
        const m = estate.memberships.find((x) => `${STORE_ID}/${x.MembershipId}` === r.importId)!;
        assert.deepEqual([r.inputs.groupId, r.inputs.memberId], [m.GroupId, m.UserId]);
    }
    for (const r of byType("aws:ssoadmin/accountAssignment:AccountAssignment")) {
        const [principalId, principalType, targetId, , psArn] = r.importId!.split(",");
        assert.deepEqual([r.inputs.principalId, r.inputs.principalType, r.inputs.targetId, r.inputs.permissionSetArn], [principalId, principalType, targetId, psArn]);
        assert.ok(estate.assignments.some((a) => a.PrincipalId === principalId && a.AccountId === targetId && a.PermissionSetArn === psArn));
    }
}

describe("npm run adopt", () => {
    describe("the startup tutorial's console estate", () => {
        let run: Run;
        let plan: Plan;
        before(async () => {
            run = await withFake(tutorialEstate(), (fake) => adopt(fake, ["--stack", "startup", "--out", "-"]));
            plan = await planText(run.out, tutorialEstate());
        });

        it("prints a stack file and no warning", () => {
            assert.equal(run.code, 0, run.err);
            assert.equal(run.err, "");
        });

        it("reads like a hand-written stack file: schema line, header, keys in the examples' order", () => {
            const lines = run.out.split("\n");
            assert.equal(lines[0], "# yaml-language-server: $schema=./config/stack.schema.json");
            const keys = lines.filter((l) => /^ {2}[\w-]+:[\w]+:/.test(l)).map((l) => l.trim().split(":").slice(0, 2).join(":"));
            assert.deepEqual(keys, [
                "aws:region",
                "aws:retryMode",
                "aws:maxRetries",
                "landing-zone:organization",
                "landing-zone:accounts",
                "landing-zone:permissionSets",
                "landing-zone:groups",
                "landing-zone:users",
                "landing-zone:identityCenter",
                "landing-zone:imports",
            ]);
            assert.match(run.out, /\n {8}DeveloperUserAccess: \[sandbox\]\n/);
            assert.match(run.out, /\n {6}managedPolicies: \[PowerUserAccess\]\n {6}sessionDuration: PT8H\n/);
        });

        it("passes the editors' JSON Schema (config/stack.schema.json)", () => {
            const validate = new Ajv2020({ allErrors: true, strict: false }).compile(stackFileJsonSchema());
            assert.ok(validate(parse(run.out)), JSON.stringify(validate.errors, null, 2));
        });

        it("says the tutorial's estate in the config's words", () => {
            const c = parseStackFile(run.out).config;
            assert.equal(c["aws:region"], "eu-central-1");
            assert.deepEqual(JSON.parse(c["landing-zone:accounts"]), {
                "example-startup": { name: "Example Startup", email: "owner@example.com", management: true, id: MANAGEMENT_ID },
                sandbox: { name: "Sandbox", email: "owner+sandbox@example.com", id: "222222222222" },
            });
            assert.deepEqual(JSON.parse(c["landing-zone:permissionSets"]), { DeveloperUserAccess: { managedPolicies: ["PowerUserAccess"], sessionDuration: "PT8H" } });
            assert.deepEqual(JSON.parse(c["landing-zone:groups"]), { DeveloperGroup: { description: "Developers", access: { DeveloperUserAccess: ["sandbox"] } } });
            assert.deepEqual(JSON.parse(c["landing-zone:users"]), {
                "bob.smith": { givenName: "Bob", familyName: "Smith", displayName: "Bobby Smith", email: "bob@example.com", groups: ["DeveloperGroup"] },
                "jane.doe": { givenName: "Jane", familyName: "Doe", email: "jane@example.com", groups: ["DeveloperGroup"] },
            });
        });

        it("plans to import every resource and create none", () => {
            assert.deepEqual(created(plan), []);
            const imported = plan.registrations.filter((r) => r.importId).map((r) => r.type.split(":")[2]);
            assert.deepEqual(imported.sort(), [
                "Account",
                "AccountAssignment",
                "AwsServiceAccess",
                "CustomerManagedPolicyAttachmentsExclusive",
                "Group",
                "GroupMembership",
                "GroupMembership",
                "ManagedPolicyAttachment",
                "ManagedPolicyAttachmentsExclusive",
                "Organization",
                "PermissionSet",
                "User",
                "User",
            ]);
        });

        it("gives each imported resource inputs that match the AWS object it imports", () => {
            assertImportsMatch(plan, tutorialEstate());
        });
    });

    describe("a one-person estate with OUs, two permission sets and a direct user assignment", () => {
        let run: Run;
        let plan: Plan;
        before(async () => {
            run = await withFake(onePersonEstate(), (fake) => adopt(fake, ["--stack", "me", "--out", "-", "--region", "eu-west-1"]));
            plan = await planText(run.out, onePersonEstate());
        });

        it("expresses the assignment made directly to the user as the user's own access, not a warning", () => {
            assert.equal(run.code, 0, run.err);
            const users = JSON.parse(parseStackFile(run.out).config["landing-zone:users"]);
            assert.deepEqual(users.me, { givenName: "Mia", familyName: "Example", email: "me@example.net", groups: ["Me"], access: { AdminAccess: ["me"] } });
            assert.doesNotMatch(run.err, /directly/);
        });

        it("writes the nested OU with its parent, and the account in it with its OU", () => {
            const c = parseStackFile(run.out).config;
            assert.deepEqual(JSON.parse(c["landing-zone:organizationalUnits"]).find((ou: { name: string }) => ou.name === "Team"), {
                name: "Team",
                id: "ou-cd34-33333333",
                parent: "Workloads",
                tags: { Owner: "me" },
            });
            assert.deepEqual(JSON.parse(c["landing-zone:accounts"])["team-tools"], { name: "Team Tools", email: "me+tools@example.net", ou: "Team", id: "666666666666" });
        });

        it("warns only about the user's attributes the config cannot express, which an update would clear, also in the file's header", () => {
            assert.equal(run.err, 'warning: user me has email type "work", Title in Identity Center, which the config cannot express: the first pulumi up clears them\n');
            assert.match(run.out, /# {3}- user me has email type "work", Title in Identity Center/);
        });

        it("keeps the inline policy, customer managed policy, boundary, relay state and tags of the permission sets", () => {
            const sets = JSON.parse(parseStackFile(run.out).config["landing-zone:permissionSets"]);
            assert.deepEqual(sets.AdminAccess, {
                description: "Everything, for an hour",
                managedPolicies: ["AdministratorAccess"],
                customerManagedPolicies: ["/guards/DenyBilling"],
                inlinePolicy: { Version: "2012-10-17", Statement: [{ Effect: "Deny", Action: "organizations:LeaveOrganization", Resource: "*" }] },
                permissionsBoundary: "PowerUserAccess",
                sessionDuration: "PT1H",
                tags: { CostCenter: "ops", Owner: "me" },
            });
            assert.deepEqual(sets.ReadOnly.managedPolicies, ["ReadOnlyAccess", "job-function/ViewOnlyAccess"]);
            assert.equal(sets.ReadOnly.relayState, "https://console.aws.amazon.com/cloudwatch/home");
        });

        it("adopts the OUs by id, the accounts in them, and the services the organisation trusts", () => {
            const c = parseStackFile(run.out).config;
            assert.equal(c["aws:region"], "eu-west-1");
            assert.deepEqual(JSON.parse(c["landing-zone:organizationalUnits"]), [
                { name: "Sandbox", id: "ou-cd34-22222222" },
                { name: "Team", id: "ou-cd34-33333333", parent: "Workloads", tags: { Owner: "me" } },
                { name: "Workloads", id: "ou-cd34-11111111", tags: { CostCenter: "ops" } },
            ]);
            assert.deepEqual(JSON.parse(c["landing-zone:organization"]), { id: "o-z9y8x7w6v5", serviceAccessPrincipals: ["account.amazonaws.com"], enabledPolicyTypes: ["SERVICE_CONTROL_POLICY"] });
            assert.deepEqual(Object.keys(JSON.parse(c["landing-zone:accounts"])), ["me", "me-play", "me-prod", "team-tools"]);
        });

        it("plans to import every resource and create none", () => {
            assert.deepEqual(created(plan), []);
            for (const t of ["PermissionSetInlinePolicy", "PermissionsBoundaryAttachment", "CustomerManagedPolicyAttachment", "OrganizationalUnit"]) {
                assert.ok(plan.registrations.some((r) => r.type.endsWith(`:${t}`) && r.importId), t);
            }
            assertImportsMatch(plan, onePersonEstate());
        });

        it("imports the user's own assignment by its logical name, as principal type USER", () => {
            const direct = plan.registrations.filter((r) => r.type === "aws:ssoadmin/accountAssignment:AccountAssignment" && r.inputs.principalType === "USER");
            assert.deepEqual(
                direct.map((r) => [r.name, r.importId]),
                [["me/AdminAccess@me", `c4e8f4a8-2001-70c6-2f41-5a2c0e0e0a31,USER,333333333333,AWS_ACCOUNT,arn:aws:sso:::permissionSet/ssoins-7223a1b2c3d4e5f6/ps-aaaaaaaaaaaaaaaa,${INSTANCE_ARN}`]],
            );
        });

        it("imports the nested OU in its parent, and the account in it", () => {
            const ou = plan.registrations.find((r) => r.type === "aws:organizations/organizationalUnit:OrganizationalUnit" && r.name === "Team")!;
            const workloads = plan.registrations.find((r) => r.type === "aws:organizations/organizationalUnit:OrganizationalUnit" && r.name === "Workloads")!;
            assert.deepEqual([ou.importId, ou.inputs.parentId], ["ou-cd34-33333333", workloads.outputs.id]);
            const account = plan.registrations.find((r) => r.type === "aws:organizations/account:Account" && r.name === "team-tools")!;
            assert.deepEqual([account.importId, account.inputs.parentId], ["666666666666", ou.outputs.id]);
        });

        it("leaves the audit clean", async () => {
            assert.deepEqual(await adoptThenAudit(onePersonEstate()), { code: 0, out: "audit: stack s matches the estate (organisation o-z9y8x7w6v5, Identity Center in eu-central-1)\n", err: "" });
        });
    });

    describe("an estate with OUs nested four levels deep", () => {
        let run: Run;
        let plan: Plan;
        before(async () => {
            run = await withFake(nestedOuEstate(), (fake) => adopt(fake, ["--stack", "deep", "--out", "-"]));
            plan = await planText(run.out, nestedOuEstate());
        });

        it("writes every OU with its parent by name, and each account with its OU", () => {
            assert.equal(run.code, 0, run.err);
            const c = parseStackFile(run.out).config;
            assert.deepEqual(JSON.parse(c["landing-zone:organizationalUnits"]), [
                { name: "Deep", id: "ou-cd34-66666666", parent: "Platform" },
                { name: "Platform", id: "ou-cd34-55555555", parent: "Team", tags: { Layer: "platform" } },
                { name: "Sandbox", id: "ou-cd34-22222222" },
                { name: "Team", id: "ou-cd34-33333333", parent: "Workloads", tags: { Owner: "me" } },
                { name: "Workloads", id: "ou-cd34-11111111", tags: { CostCenter: "ops" } },
            ]);
            const accounts = JSON.parse(c["landing-zone:accounts"]);
            assert.deepEqual(accounts["platform-shared"], { name: "Platform Shared", email: "me+shared@example.net", ou: "Platform", id: "777777777777" });
            assert.deepEqual(JSON.parse(c["landing-zone:groups"]).Me.access.ReadOnly, ["me-play", "me-prod", "platform-shared"]);
        });

        it("plans to import every OU in its parent and create nothing that exists", () => {
            assert.deepEqual(created(plan), []);
            const ous = plan.registrations.filter((r) => r.type === "aws:organizations/organizationalUnit:OrganizationalUnit");
            assert.deepEqual(ous.map((r) => r.importId).sort(), nestedOuEstate().ous.map((o) => o.Id).sort());
            assertImportsMatch(plan, nestedOuEstate());
        });

        it("leaves the audit clean", async () => {
            assert.deepEqual(await adoptThenAudit(nestedOuEstate()), { code: 0, out: "audit: stack s matches the estate (organisation o-z9y8x7w6v5, Identity Center in eu-central-1)\n", err: "" });
        });

        it("keeps an OU name for one OU and warns about the other OU of that name, with what is in it, rather than write an invalid file", async () => {
            const estate = nestedOuEstate();
            estate.ous.push({ Id: "ou-cd34-44444444", Name: "Team", ParentId: "ou-cd34-22222222" }, { Id: "ou-cd34-88888888", Name: "Inner", ParentId: "ou-cd34-44444444" });
            estate.accounts.push({ Id: "888888888888", Name: "Play Team", Email: "me+playteam@example.net", Status: "ACTIVE", ParentId: "ou-cd34-44444444" });
            const dup = await withFake(estate, (fake) => adopt(fake, ["--stack", "dup", "--out", "-"]));
            assert.equal(dup.code, 0, dup.err);
            const warnings = dup.err.split("\n").filter((l) => l.startsWith("warning: ") && !l.includes("Title"));
            assert.deepEqual(warnings, [
                "warning: OU Team (ou-cd34-44444444) in OU Sandbox (ou-cd34-22222222) has the name of OU Team (ou-cd34-33333333) in OU Workloads (ou-cd34-11111111): " +
                    "OU names are unique in the config (accounts and ou: targets name an OU), in AWS only within a parent; left out, with the OUs and accounts in it " +
                    "(rename one of them in AWS, then adopt again)",
                "warning: OU Inner (ou-cd34-88888888) is in OU Team (ou-cd34-44444444), which is left out (above): left out with it, with the accounts in it",
                "warning: account Play Team (888888888888) is in OU Team (ou-cd34-44444444), which is left out (above): left out with it",
            ]);
            const ous = JSON.parse(parseStackFile(dup.out).config["landing-zone:organizationalUnits"]);
            assert.deepEqual(ous.filter((ou: { name: string }) => ou.name === "Team"), [{ name: "Team", id: "ou-cd34-33333333", parent: "Workloads", tags: { Owner: "me" } }]);
            // What was left out is all the audit finds.
            const audited = await adoptThenAudit(estate);
            assert.equal(audited.code, 1);
            assert.deepEqual(audited.out.split("\n").slice(1, -1).map((l) => l.split(":")[0]), ["account 888888888888 (Play Team)", "OU Inner (ou-cd34-88888888)", "OU Team (ou-cd34-44444444)"]);
        });
    });

    describe("an estate whose groups and users an external identity provider syncs (SCIM)", () => {
        let run: Run;
        let plan: Plan;
        let config: Record<string, string>;
        before(async () => {
            run = await withFake(scimEstate(), (fake) => adopt(fake, ["--stack", "scim", "--out", "-"]));
            config = parseStackFile(run.out).config;
            plan = await planText(run.out, scimEstate());
        });

        it("writes the synced group that has access as external, with its access, and leaves out the one without", () => {
            assert.equal(run.code, 0, run.err);
            assert.deepEqual(JSON.parse(config["landing-zone:groups"]), {
                DeveloperGroup: { description: "Developers", access: { DeveloperUserAccess: ["sandbox"] } },
                Engineering: { external: true, access: { DeveloperUserAccess: ["sandbox"] } },
            });
        });

        it("writes synced users as external where the config needs them: a direct assignment, a local group; no names, no email", () => {
            const users = JSON.parse(config["landing-zone:users"]);
            assert.deepEqual(users["carol@corp.example"], { external: true, access: { DeveloperUserAccess: ["sandbox"] } });
            assert.deepEqual(users["dave@corp.example"], { external: true, groups: ["DeveloperGroup"] });
            assert.equal(users["alice@corp.example"], undefined, "alice is only in synced groups: the identity provider's business");
            assert.deepEqual(users["bob.smith"].groups, ["DeveloperGroup"]);
        });

        it("warns about the local user in a synced group, which the config cannot say, and nothing else", () => {
            assert.equal(
                run.err,
                "warning: user bob.smith is a member of group Engineering, which is synchronised from an external identity provider: the config leaves " +
                    "an external group's members to the provider, so this membership is not in the file (it stays as it is in AWS)\n",
            );
        });

        it("carries import ids for the assignments and memberships, none for the synced group and users", () => {
            const imports = JSON.parse(config["landing-zone:imports"]);
            assert.deepEqual(Object.keys(imports.groups), ["DeveloperGroup"]);
            assert.deepEqual(Object.keys(imports.users), ["bob.smith", "jane.doe"]);
            assert.deepEqual(Object.keys(imports.groupMemberships), ["bob.smith/DeveloperGroup", "dave@corp.example/DeveloperGroup", "jane.doe/DeveloperGroup"]);
            assert.deepEqual(Object.keys(imports.accountAssignments), ["DeveloperGroup/DeveloperUserAccess/sandbox", "Engineering/DeveloperUserAccess/sandbox", "carol@corp.example/DeveloperUserAccess@sandbox"]);
        });

        it("plans to look the synced group and users up, import their assignments and the membership, and create nothing that exists", () => {
            assert.deepEqual(created(plan), []);
            assert.ok(!plan.registrations.some((r) => r.type === "aws:identitystore/group:Group" && r.name === "Engineering"), "the synced group is not a resource");
            const looked = plan.invocations.map((i) => `${i.token.split(":").pop()} ${JSON.stringify((i.inputs.alternateIdentifier as any)?.uniqueAttribute?.attributeValue)}`);
            for (const l of ['getGroup "Engineering"', 'getUser "carol@corp.example"', 'getUser "dave@corp.example"']) assert.ok(looked.includes(l), l);
            const byName = (name: string) => plan.registrations.find((r) => r.name === name)!;
            const SCIM_IDS = { engineering: "94482488-5041-7026-18f0-7cf8d1f6a8c1", carol: "c4e8f4a8-3002-70c6-2f41-5a2c0e0e0b02", dave: "c4e8f4a8-3003-70c6-2f41-5a2c0e0e0b03" };
            assert.deepEqual(
                [byName("Engineering/DeveloperUserAccess/sandbox").importId, byName("carol@corp.example/DeveloperUserAccess@sandbox").importId],
                [
                    `${SCIM_IDS.engineering},GROUP,222222222222,AWS_ACCOUNT,${scimEstate().permissionSets[0].Arn},${INSTANCE_ARN}`,
                    `${SCIM_IDS.carol},USER,222222222222,AWS_ACCOUNT,${scimEstate().permissionSets[0].Arn},${INSTANCE_ARN}`,
                ],
            );
            assert.deepEqual([byName("dave@corp.example/DeveloperGroup").importId, byName("dave@corp.example/DeveloperGroup").inputs.memberId], [`${STORE_ID}/a1b2c3d4-7003-70c6-2f41-5a2c0e0e0b13`, SCIM_IDS.dave]);
            assertImportsMatch(plan, scimEstate());
        });

        it("leaves the audit clean", async () => {
            assert.deepEqual(await adoptThenAudit(scimEstate()), { code: 0, out: "audit: stack s matches the estate (organisation o-a1b2c3d4e5, Identity Center in eu-central-1)\n", err: "" });
        });
    });

    describe("reading the estate through the SDK", () => {
        /** The tutorial estate grown past a page everywhere. */
        function large(): FakeEstate {
            const e = tutorialEstate();
            for (let i = 1; i <= 5; i++) {
                const id = `c4e8f4a8-30${i}0-70c6-2f41-5a2c0e0e0a5${i}`;
                e.users.push({ UserId: id, UserName: `dev${i}`, Name: { GivenName: "Dev", FamilyName: `Number${i}` }, Emails: [{ Value: `dev${i}@example.com`, Primary: true }] });
                e.memberships.push({ MembershipId: `a1b2c3d4-70${i}0-70c6-2f41-5a2c0e0e0a6${i}`, GroupId: e.groups[0].GroupId, UserId: id });
                e.accounts.push({ Id: `77777777777${i}`, Name: `Work ${i}`, Email: `owner+w${i}@example.com`, Status: "ACTIVE", ParentId: e.root.Id, Tags: { A: "1", B: "2", C: "3" } });
            }
            e.permissionSets[0].ManagedPolicies!.push("arn:aws:iam::aws:policy/IAMReadOnlyAccess", "arn:aws:iam::aws:policy/AWSSupportAccess");
            return e;
        }

        it("reads every item of lists longer than a page, following NextToken", async () => {
            await withFake(large(), async (fake) => {
                const estate = await readEstate();
                assert.equal(estate.users.length, 7);
                assert.equal(estate.memberships.length, 7);
                assert.equal(estate.accounts.length, 7);
                assert.deepEqual(estate.accounts.find((a) => a.id === "777777777771")!.tags, { A: "1", B: "2", C: "3" });
                assert.equal(estate.permissionSets[0].managedPolicies.length, 3);
                const continued = fake.calls.filter((c) => typeof c.body.NextToken === "string").map((c) => c.operation);
                for (const op of ["ListUsers", "ListGroupMemberships", "ListAccountsForParent", "ListTagsForResource", "ListManagedPoliciesInPermissionSet"]) {
                    assert.ok(continued.includes(op), `${op} was not continued with NextToken`);
                }
                assert.equal(PAGE, 2);
            });
        });

        it("retries a throttled call of each service and still reads everything", async () => {
            await withFake(tutorialEstate(), async (fake) => {
                // Each service's last call: after a throttle, the adaptive retry mode slows the
                // client's later calls down (as it should), which would only slow the test.
                const throttled = ["ListOrganizationalUnitsForParent", "ListAccountAssignments", "ListGroupMemberships"];
                for (const op of throttled) fake.throttleOnce.add(op);
                const estate = await readEstate();
                assert.equal(estate.memberships.length, 2);
                assert.equal(estate.assignments.length, 1);
                assert.equal(estate.accounts.length, 2);
                assert.equal(fake.throttleOnce.size, 0, "each throttled operation was called");
                for (const op of throttled) assert.equal(fake.calls.filter((c) => c.operation === op).length, 2, `${op} was retried once`);
            });
        });

        it("stops on AccessDenied with a message naming the missing permission", async () => {
            const run = await withFake(tutorialEstate(), async (fake) => {
                fake.deny.add("ListAccountAssignments");
                return adopt(fake, ["--stack", "startup", "--out", "-"]);
            });
            assert.equal(run.code, 1);
            assert.equal(run.out, "");
            assert.match(run.err, /^access denied: the credentials may not call sso:ListAccountAssignments \(User: .* is not authorized to perform: ListAccountAssignments\)\. Use credentials of the management account with the read-only policy in docs\/adopt-and-audit\.md\.\n$/);
        });

        it("calls exactly the actions of the read-only policy in docs/adopt-and-audit.md", async () => {
            const doc = readFileSync(join(ROOT, "docs", "adopt-and-audit.md"), "utf8");
            const policy = JSON.parse(/```json\n([\s\S]*?)\n```/.exec(doc)![1]);
            assert.deepEqual(policy.Statement[0].Action, [...READ_ACTIONS]);
            assert.equal(policy.Statement.length, 1);
            const prefix: Record<string, string> = { AWSOrganizationsV20161128: "organizations", SWBExternalService: "sso", AWSIdentityStore: "identitystore" };
            await withFake(onePersonEstate(), async (fake) => {
                await readEstate();
                const called = new Set(fake.calls.map((c) => `${prefix[c.target.split(".")[0]]}:${c.operation}`));
                assert.deepEqual([...called].sort(), [...READ_ACTIONS].sort());
            });
        });

        it("takes each service's endpoint from AWS_ENDPOINT_URL_<SERVICE>, over AWS_ENDPOINT_URL", async () => {
            await withFake(tutorialEstate(), async (fake) => {
                const endpoint = process.env.AWS_ENDPOINT_URL!;
                const services = ["AWS_ENDPOINT_URL_ORGANIZATIONS", "AWS_ENDPOINT_URL_SSO_ADMIN", "AWS_ENDPOINT_URL_IDENTITYSTORE"];
                process.env.AWS_ENDPOINT_URL = "http://127.0.0.1:9"; // the discard port: nothing answers there
                for (const k of services) process.env[k] = endpoint;
                try {
                    const estate = await readEstate();
                    assert.equal(estate.users.length, 2);
                    assert.deepEqual([...new Set(fake.calls.map((c) => c.target.split(".")[0]))].sort(), ["AWSIdentityStore", "AWSOrganizationsV20161128", "SWBExternalService"]);
                } finally {
                    for (const k of services) delete process.env[k];
                    process.env.AWS_ENDPOINT_URL = endpoint;
                }
            });
        });

        it("takes credentials, region and endpoint from the profile AWS_PROFILE names", async () => {
            await withFake(tutorialEstate(), async (fake) => {
                const dir = mkdtempSync(join(tmpdir(), "aws-profile-"));
                const saved = { ...process.env };
                try {
                    writeFileSync(join(dir, "config"), `[profile audit]\nregion = eu-north-1\nendpoint_url = ${process.env.AWS_ENDPOINT_URL}\n`);
                    writeFileSync(join(dir, "credentials"), "[audit]\naws_access_key_id = AKIAPROFILEPROFILE00\naws_secret_access_key = from-the-profile\n");
                    for (const k of ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_REGION", "AWS_ENDPOINT_URL"]) delete process.env[k];
                    Object.assign(process.env, { AWS_PROFILE: "audit", AWS_CONFIG_FILE: join(dir, "config"), AWS_SHARED_CREDENTIALS_FILE: join(dir, "credentials") });
                    const estate = await readEstate();
                    assert.equal(estate.region, "eu-north-1");
                    assert.deepEqual([...new Set(fake.calls.map((c) => c.accessKeyId))], ["AKIAPROFILEPROFILE00"]);
                } finally {
                    process.env = saved;
                    rmSync(dir, { recursive: true, force: true });
                }
            });
        });

        it("reads Identity Center in --region, and the endpoint from AWS_ENDPOINT_URL", async () => {
            await withFake(tutorialEstate(), async (fake) => {
                const estate = await readEstate({ region: "ap-southeast-2" });
                assert.equal(estate.region, "ap-southeast-2");
                assert.ok(fake.calls.length > 10);
            });
        });
    });

    describe("the file", () => {
        let dir: string;
        beforeEach(() => (dir = mkdtempSync(join(tmpdir(), "adopt-"))));
        afterEach(() => rmSync(dir, { recursive: true, force: true }));

        it("is written to --out and never overwritten without --force", async () => {
            const file = join(dir, "Pulumi.startup.yaml");
            writeFileSync(file, "# mine\n");
            const refused = await withFake(tutorialEstate(), (fake) => adopt(fake, ["--stack", "startup", "--out", file]));
            assert.equal(refused.code, 1);
            assert.match(refused.err, /Pulumi\.startup\.yaml exists: adopt never overwrites a stack file without --force/);
            assert.equal(readFileSync(file, "utf8"), "# mine\n");

            const forced = await withFake(tutorialEstate(), (fake) => adopt(fake, ["--stack", "startup", "--out", file, "--force"]));
            assert.equal(forced.code, 0, forced.err);
            assert.match(readFileSync(file, "utf8"), /landing-zone:imports:/);
            assert.match(forced.err, /wrote .*Pulumi\.startup\.yaml: 2 accounts, 0 OUs, 1 permission sets, 1 groups, 2 users\./);
        });

        it("refuses bad arguments with the usage", async () => {
            const run = await adopt(undefined as never, ["--out", "-"]);
            assert.equal(run.code, 2);
            assert.match(run.err, /^name the stack: --stack NAME \(or try the built-in example estate: --example\)\n\nusage: npm run --silent adopt/);
        });
    });

    it("leaves out, with a warning each, a group and a user whose names cannot be config keys (:: and __proto__), and adopts the rest", async () => {
        const estate = tutorialEstate();
        const opsId = "94482488-3041-7026-18f0-7cf8d1f6a8b9";
        const protoId = "c4e8f4a8-1009-70c6-2f41-5a2c0e0e0a19";
        estate.groups.push({ GroupId: opsId, DisplayName: "Ops::Admins" });
        estate.users.push({ UserId: protoId, UserName: "__proto__", Name: { GivenName: "P", FamilyName: "R" }, DisplayName: "P R", Emails: [{ Value: "p@example.com", Primary: true }] });
        estate.memberships.push({ MembershipId: "a1b2c3d4-5009-70c6-2f41-5a2c0e0e0a29", GroupId: opsId, UserId: "c4e8f4a8-1001-70c6-2f41-5a2c0e0e0a11" });
        estate.memberships.push({ MembershipId: "a1b2c3d4-5010-70c6-2f41-5a2c0e0e0a30", GroupId: estate.groups[0].GroupId, UserId: protoId });
        estate.assignments.push({ AccountId: SANDBOX_ID, PermissionSetArn: estate.permissionSets[0].Arn, PrincipalType: "GROUP", PrincipalId: opsId });
        const run = await withFake(estate, (fake) => adopt(fake, ["--stack", "s", "--out", "-"]));
        assert.equal(run.code, 0, run.err);
        assert.match(run.err, /group Ops::Admins has "::" in its name, which Pulumi reserves in resource names: left out, with its members and access \(rename the group in AWS, then adopt again\)/);
        assert.match(run.err, /user __proto__ is named __proto__, which cannot be a key of the config \(JavaScript reads it as an object's prototype\): left out, with their memberships and access/);
        assert.match(run.err, /group Ops::Admins has DeveloperUserAccess on account sandbox \(222222222222\): the group is left out \(above\), so is this access/);
        const config = parseStackFile(run.out).config;
        assert.deepEqual(Object.keys(JSON.parse(config["landing-zone:groups"])), ["DeveloperGroup"]);
        assert.deepEqual(Object.keys(JSON.parse(config["landing-zone:users"])).sort(), ["bob.smith", "jane.doe"]);
        assert.ok(!run.out.includes(opsId) && !run.out.includes(protoId));
        const plan = await planStack(config);
        assert.ok(plan.registrations.length > 0);
    });

    it("names the management account as management: true with its id, which the offline plan shows and nothing imports", async () => {
        const run = await withFake(tutorialEstate(), (fake) => adopt(fake, ["--stack", "s", "--out", "-"]));
        const config = parseStackFile(run.out).config;
        const accounts = JSON.parse(config["landing-zone:accounts"]);
        const management = Object.entries(accounts).filter(([, a]: [string, any]) => a.management);
        assert.deepEqual(management, [["example-startup", { name: "Example Startup", email: "owner@example.com", management: true, id: MANAGEMENT_ID }]]);
        // The plan's own assumption (plan/cli.ts), not the estate's: the id comes from the file.
        const plan = await planStack(config);
        assert.equal((plan.outputs.accountIds as Record<string, string>)["example-startup"], MANAGEMENT_ID);
        assert.deepEqual(plan.registrations.filter((r) => r.type === "aws:organizations/account:Account").map((r) => r.name), ["sandbox"]);
    });
});

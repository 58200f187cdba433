/**
 * `npm run audit`, through the real AWS SDK clients against the local fake endpoint: clean on an
 * estate just adopted, and finding what someone then did by hand in the console.
 */
import { strict as assert } from "assert";
import { mkdtempSync, rmSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { main as adopt } from "../estate/adopt";
import { main as audit } from "../estate/audit";
import { compareEstate, describeDifference } from "../estate/compare";
import type { Estate, LiveAccount } from "../estate/reader";
import { loadStackConfig } from "../config/load";
import { FakeAws, FakeEstate, useEndpoint } from "./fakeAws";
import { stackWith } from "./harness";
import { SANDBOX_ID, tutorialEstate } from "./estates";

interface Run {
    code: number;
    out: string;
    err: string;
}

describe("npm run audit", () => {
    let dir: string;
    let fake: FakeAws;
    let restore: () => void;

    const run = async (command: typeof audit, argv: string[]): Promise<Run> => {
        let out = "";
        let err = "";
        const code = await command(argv, (s) => (out += s), (s) => (err += s), dir);
        return { code, out, err };
    };

    /** Adopt the tutorial's estate into `dir`, then let `edit` change AWS by hand. */
    async function adoptedThen(edit: (e: FakeEstate) => void): Promise<void> {
        const adopted = await run(adopt, ["--stack", "startup"]);
        assert.equal(adopted.code, 0, adopted.err);
        edit(fake.estate);
    }

    beforeEach(async () => {
        dir = mkdtempSync(join(tmpdir(), "audit-"));
        fake = new FakeAws(tutorialEstate());
        restore = useEndpoint(await fake.start());
    });
    afterEach(async () => {
        restore();
        await fake.stop();
        rmSync(dir, { recursive: true, force: true });
        assert.deepEqual(fake.writes(), [], "the fake saw a write");
    });

    it("is clean on an untouched estate and exits 0", async () => {
        await adoptedThen(() => undefined);
        const r = await run(audit, ["--stack", "startup"]);
        assert.deepEqual(r, { code: 0, out: "audit: stack startup matches the estate (organisation o-a1b2c3d4e5, Identity Center in eu-central-1)\n", err: "" });
    });

    it("finds a user added by hand, a direct assignment, a policy attached by hand and an account nobody put in the config", async () => {
        await adoptedThen((e) => {
            const eve = "c4e8f4a8-9001-70c6-2f41-5a2c0e0e0a99";
            e.users.push({ UserId: eve, UserName: "eve", Name: { GivenName: "Eve", FamilyName: "Hand" }, Emails: [{ Value: "eve@example.com", Primary: true }] });
            e.assignments.push({ AccountId: SANDBOX_ID, PermissionSetArn: e.permissionSets[0].Arn, PrincipalType: "USER", PrincipalId: eve });
            e.permissionSets[0].ManagedPolicies!.push("arn:aws:iam::aws:policy/AdministratorAccess");
            e.accounts.push({ Id: "999999999999", Name: "Shadow IT", Email: "owner+shadow@example.com", Status: "ACTIVE", ParentId: e.root.Id });
        });
        const r = await run(audit, ["--stack", "startup"]);
        assert.equal(r.code, 1, r.err);
        assert.equal(
            r.out,
            [
                "audit: stack startup differs from the estate (organisation o-a1b2c3d4e5, Identity Center in eu-central-1) in 4 places:",
                'account 999999999999 (Shadow IT): in the organisation, not in the config; add it to landing-zone:accounts with id: "999999999999" (npm run adopt writes the entry), or remove it from the organisation',
                "policy AdministratorAccess on permission set DeveloperUserAccess: attached in AWS, not in the config; add it to permissionSets.DeveloperUserAccess.managedPolicies, or detach it (the next pulumi up does)",
                "user eve: in AWS, not in the config; add it to landing-zone:users, or delete the user in AWS",
                "user eve has DeveloperUserAccess on account sandbox (222222222222): in AWS, not in the config; add sandbox to users.eve.access.DeveloperUserAccess, or remove the assignment in AWS",
                "",
            ].join("\n"),
        );
    });

    it("finds memberships, group assignments, groups and permission sets made by hand", async () => {
        await adoptedThen((e) => {
            e.groups.push({ GroupId: "94482488-9041-7026-18f0-7cf8d1f6a8b9", DisplayName: "Contractors" });
            e.memberships.push({ MembershipId: "a1b2c3d4-9001-70c6-2f41-5a2c0e0e0a98", GroupId: "94482488-9041-7026-18f0-7cf8d1f6a8b9", UserId: e.users[0].UserId });
            const ps = "arn:aws:sso:::permissionSet/ssoins-7223a1b2c3d4e5f6/ps-ffffffffffffffff";
            e.permissionSets.push({ Arn: ps, Name: "Temporary", ManagedPolicies: [] });
            e.assignments.push({ AccountId: SANDBOX_ID, PermissionSetArn: ps, PrincipalType: "GROUP", PrincipalId: e.groups[0].GroupId });
            e.permissionSets[0].CustomerManagedPolicies = [{ Name: "Extra", Path: "/hand/" }];
        });
        const r = await run(audit, ["--stack", "startup", "--json"]);
        assert.equal(r.code, 1, r.err);
        const report = JSON.parse(r.out);
        assert.equal(report.stack, "startup");
        assert.deepEqual(
            report.differences.map((d: { kind: string; object: string }) => `${d.kind}: ${d.object}`),
            [
                "permission-set: permission set Temporary",
                "policy: customer managed policy /hand/Extra on permission set DeveloperUserAccess",
                "group: group Contractors",
                "membership: user jane.doe in group Contractors",
                "assignment: group DeveloperGroup has Temporary on account sandbox (222222222222)",
            ],
        );
        assert.ok(report.differences.every((d: { settle: string }) => d.settle.length > 0));
    });

    it("finds config entries missing in AWS", async () => {
        await adoptedThen((e) => {
            e.users = e.users.filter((u) => u.UserName !== "bob.smith");
            e.memberships = e.memberships.filter((m) => m.UserId !== "c4e8f4a8-1002-70c6-2f41-5a2c0e0e0a12");
            e.assignments = [];
        });
        const r = await run(audit, ["--stack", "startup"]);
        assert.equal(r.code, 1);
        assert.deepEqual(r.out.split("\n").slice(1, -1), [
            "user bob.smith: in the config, not in AWS; run pulumi up to create it, or remove it from the stack file",
            "user bob.smith in group DeveloperGroup: in the config, not in AWS; run pulumi up to add it, or remove the group from the user in the stack file",
            "group DeveloperGroup has DeveloperUserAccess on account sandbox: in the config, not in AWS; run pulumi up to assign it, or remove it from the stack file",
        ]);
    });

    it("exits 2 with the missing permission on AccessDenied", async () => {
        await adoptedThen(() => fake.deny.add("ListGroupMemberships"));
        const r = await run(audit, ["--stack", "startup"]);
        assert.equal(r.code, 2);
        assert.equal(r.out, "");
        assert.match(r.err, /^access denied: the credentials may not call identitystore:ListGroupMemberships/);
    });

    it("exits 2 for a stack file that does not exist", async () => {
        const r = await run(audit, ["--stack", "nope"]);
        assert.equal(r.code, 2);
        assert.match(r.err, /no stack file .*Pulumi\.nope\.yaml \(npm run adopt writes one from the estate\)/);
        assert.equal(fake.calls.length, 0, "nothing was read");
    });

    it("reads Identity Center in the stack's aws:region unless --region says otherwise", async () => {
        await adoptedThen(() => undefined);
        const r = await run(audit, ["--stack", "startup", "--region", "us-east-2", "--json"]);
        assert.equal(JSON.parse(r.out).region, "us-east-2");
    });
});

describe("compareEstate", () => {
    /** The dev stack without its people: accounts the program created, so the config has no ids. */
    const config = () =>
        loadStackConfig(stackWith("dev", { permissionSets: () => ({}), groups: () => ({}), users: () => ({}) }));
    const estate = (accounts: LiveAccount[]): Estate => ({
        region: "eu-central-1",
        organization: { id: "o-a1b2c3d4e5", managementAccountId: "111111111111", featureSet: "ALL", rootId: "r-ab12", serviceAccessPrincipals: [], enabledPolicyTypes: ["SERVICE_CONTROL_POLICY"] },
        organizationalUnits: [
            { id: "ou-ab12-11111111", name: "Workloads", parentId: "r-ab12", tags: {} },
            { id: "ou-ab12-22222222", name: "Sandbox", parentId: "r-ab12", tags: {} },
        ],
        accounts,
        instance: { arn: "arn:aws:sso:::instance/ssoins-7223a1b2c3d4e5f6", identityStoreId: "d-9067a1b2c3" },
        permissionSets: [],
        groups: [],
        users: [],
        memberships: [],
        assignments: [],
    });
    const account = (id: string, name: string, email: string, parentId = "r-ab12", tags: Record<string, string> = {}): LiveAccount => ({ id, name, email, status: "ACTIVE", parentId, tags });
    const DEV_TAGS = { CostCenter: "engineering", Environment: "dev" };
    const SANDBOX_TAGS = { CostCenter: "rnd", Environment: "sandbox" };
    /** The management account, dev in OU `devOu`, the sandbox in Sandbox. */
    const withDevIn = (devOu: string) =>
        estate([
            account("111111111111", "Root", "owner@example.org"),
            account("222222222222", "Dev", "owner+dev@example.org", devOu, DEV_TAGS),
            account("333333333333", "Sandbox", "owner+sandbox@example.org", "ou-ab12-22222222", SANDBOX_TAGS),
        ]);
    const READ_ONLY_ARN = "arn:aws:sso:::permissionSet/ssoins-7223a1b2c3d4e5f6/ps-1111111111111111";

    it("matches accounts the program created (no id in the config) by email, and the management account by the organisation", () => {
        const found = compareEstate(
            estate([
                account("111111111111", "Root", "owner@example.org"),
                account("222222222222", "Dev", "OWNER+dev@example.org", "ou-ab12-11111111", DEV_TAGS),
                account("333333333333", "Sandbox", "owner+sandbox@example.org", "ou-ab12-22222222", SANDBOX_TAGS),
            ]),
            config(),
        );
        assert.deepEqual(found.map(describeDifference), []);
    });

    it("reports a management account whose id in the config is not the organisation's, and nothing when it is", () => {
        const accounts = [
            account("111111111111", "Root", "owner@example.org"),
            account("222222222222", "Dev", "owner+dev@example.org", "ou-ab12-11111111", DEV_TAGS),
            account("333333333333", "Sandbox", "owner+sandbox@example.org", "ou-ab12-22222222", SANDBOX_TAGS),
        ];
        const named = (id: string) => loadStackConfig(stackWith("dev", { permissionSets: () => ({}), groups: () => ({}), users: () => ({}), accounts: (a) => ((a.root.id = id), a) }));
        assert.deepEqual(compareEstate(estate(accounts), named("111111111111")).map(describeDifference), []);
        assert.deepEqual(compareEstate(estate(accounts), named("999999999999")).map(describeDifference), [
            'account root (999999999999): the management account in the config, but the organisation\'s is 111111111111 ("Root"); correct accounts.root.id to "111111111111", or audit with the credentials of the organisation the stack file is for',
        ]);
    });

    it("reports an account moved to another OU and a tag changed by hand", () => {
        const moved = account("222222222222", "Dev", "owner+dev@example.org", "ou-ab12-22222222", { ...DEV_TAGS, Environment: "staging" });
        const sandbox = account("333333333333", "Sandbox", "owner+sandbox@example.org", "ou-ab12-22222222", SANDBOX_TAGS);
        const found = compareEstate(estate([account("111111111111", "Root", "owner@example.org"), moved, sandbox]), config());
        assert.deepEqual(found.map(describeDifference), [
            "account dev (222222222222): in OU Sandbox in AWS, in OU Workloads in the config; run pulumi up to move it back, or change accounts.dev.ou",
            "account dev (222222222222): tags Environment differ between AWS and the config; run pulumi up to set them back, or change accounts.dev.tags",
        ]);
    });

    it("reports an OU tagged by hand", () => {
        const e = estate([
            account("111111111111", "Root", "owner@example.org"),
            account("222222222222", "Dev", "owner+dev@example.org", "ou-ab12-11111111", DEV_TAGS),
            account("333333333333", "Sandbox", "owner+sandbox@example.org", "ou-ab12-22222222", SANDBOX_TAGS),
        ]);
        e.organizationalUnits[1].tags.Owner = "someone";
        assert.deepEqual(compareEstate(e, config()).map(describeDifference), [
            "OU Sandbox (ou-ab12-22222222): tags Owner differ between AWS and the config; run pulumi up to set them back, or change the OU's tags in organizationalUnits",
        ]);
    });

    it("finds nothing to report for a nested OU, access through all and ou:, an external group's members and a direct assignment the config holds", () => {
        const base = withDevIn("ou-ab12-33333333");
        const ps = READ_ONLY_ARN;
        const assign = (principalType: "GROUP" | "USER", principalId: string, accountId: string) => ({ principalType, principalId, accountId, permissionSetArn: ps });
        const e = {
            ...base,
            organizationalUnits: [...base.organizationalUnits, { id: "ou-ab12-33333333", name: "Teams", parentId: "ou-ab12-11111111", tags: {} }],
            permissionSets: [{ arn: ps, name: "ReadOnly", managedPolicies: [], customerManagedPolicies: [], sessionDuration: "PT1H", tags: {} }],
            groups: [{ id: "g-okta", displayName: "Okta", external: true }],
            users: [
                { id: "u-synced", userName: "synced@corp.example", external: true },
                { id: "u-amy", userName: "amy@corp.example", external: true },
            ],
            memberships: [{ id: "m-1", groupId: "g-okta", userId: "u-synced" }],
            assignments: [assign("GROUP", "g-okta", "222222222222"), assign("GROUP", "g-okta", "333333333333"), assign("USER", "u-amy", "222222222222")],
        } as unknown as Estate;
        const c = loadStackConfig(
            stackWith("dev", {
                organizationalUnits: (ous) => [...ous, { name: "Teams", parent: "Workloads" }],
                accounts: (a) => ((a.dev.ou = "Teams"), a),
                permissionSets: () => ({ ReadOnly: {} }),
                groups: () => ({ Okta: { external: true, access: { ReadOnly: ["all"] } } }),
                users: () => ({ "amy@corp.example": { external: true, access: { ReadOnly: ["ou:Workloads"] } } }),
            }),
        );
        assert.deepEqual(compareEstate(e, c).map(describeDifference), []);
    });

    it("leaves a synced group without access, and the synced group memberships, to the identity provider; reports the synced group's access", () => {
        const base = withDevIn("ou-ab12-11111111");
        const ps = READ_ONLY_ARN;
        const e: Estate = {
            ...base,
            permissionSets: [{ arn: ps, name: "ReadOnly", managedPolicies: [], customerManagedPolicies: [], sessionDuration: "PT1H", tags: {} }],
            groups: [
                { id: "g-marketing", displayName: "Marketing", external: true },
                { id: "g-local", displayName: "HandMade", external: false },
            ],
            users: [{ id: "u-synced", userName: "synced@corp.example", external: true, unexpressed: [] }],
            memberships: [
                { id: "m-1", groupId: "g-marketing", userId: "u-synced" },
                { id: "m-2", groupId: "g-local", userId: "u-synced" },
            ],
            assignments: [{ principalType: "GROUP", principalId: "g-marketing", accountId: "222222222222", permissionSetArn: ps }],
        };
        const c = loadStackConfig(stackWith("dev", { permissionSets: () => ({ ReadOnly: {} }), groups: () => ({}), users: () => ({}) }));
        assert.deepEqual(compareEstate(e, c).map(describeDifference), [
            "group HandMade: in AWS, not in the config; add it to landing-zone:groups, or delete it in AWS",
            "user synced@corp.example in group HandMade: in AWS, not in the config; add HandMade to users.synced@corp.example.groups, or remove the membership in AWS",
            "group Marketing has ReadOnly on account dev (222222222222): in AWS, not in the config; add dev to groups.Marketing.access.ReadOnly, or remove the assignment in AWS",
        ]);
    });

    it("reports a policy type enabled by hand (the exclusive list would disable it) and one the config has that AWS has not", () => {
        const e = estate([account("111111111111", "Root", "owner@example.org"), account("222222222222", "Dev", "owner+dev@example.org", "ou-ab12-11111111", DEV_TAGS), account("333333333333", "Sandbox", "owner+sandbox@example.org", "ou-ab12-22222222", SANDBOX_TAGS)]);
        const byHand = { ...e, organization: { ...e.organization, enabledPolicyTypes: ["TAG_POLICY"] } };
        assert.deepEqual(compareEstate(byHand, config()).map(describeDifference), [
            "policy type SERVICE_CONTROL_POLICY: in the config, not enabled in AWS; run pulumi up to enable it, or remove it from organization.enabledPolicyTypes",
            "policy type TAG_POLICY: enabled in AWS, not in the config; add it to organization.enabledPolicyTypes (the next pulumi up disables it in the whole organisation), or disable it in AWS",
        ]);
        // Without guardrails and without a list the types are not managed: nothing to compare.
        const unmanaged = loadStackConfig(stackWith("dev", { organization: () => ({}), sandbox: (s) => ({ ...s, guardrails: false }), permissionSets: () => ({}), groups: () => ({}), users: () => ({}) }));
        assert.deepEqual(compareEstate(byHand, unmanaged).map(describeDifference), []);
    });

    it("reports a renamed account, a missing one and a closed one not at all", () => {
        const closed = { ...account("444444444444", "Old", "owner+old@example.org"), status: "SUSPENDED" };
        const found = compareEstate(estate([account("111111111111", "Root", "owner@example.org"), account("222222222222", "Development", "owner+dev@example.org", "ou-ab12-11111111", DEV_TAGS), closed]), config());
        assert.deepEqual(found.map(describeDifference), [
            'account dev (222222222222): named "Development" in AWS, "Dev" in the config; run pulumi up to rename it, or change accounts.dev.name',
            "account sandbox: in the config, not in AWS; run pulumi up to create it, or remove it from the stack file",
        ]);
    });
});

/**
 * Who can reach what, the onboarding checklist and the Identity Center logical names: pure
 * functions of the config, tested without the Pulumi runtime.
 */
import { strict as assert } from "assert";
import { accountsReached, expandAccess, grantsOf, membersOf, onboarding, portalUrl, targetsByAccount, userAccess } from "../config/access";
import {
    assignmentName,
    customerManagedPolicyAttachmentName,
    managedPolicyAttachmentName,
    managedPolicyName,
    membershipName,
} from "../config/names";

const groups = {
    Admins: { access: { Admin: ["root", "dev"] } },
    Devs: { access: { Dev: ["dev", "sandbox"], ReadOnly: ["prod"] } },
    Auditors: { access: { ReadOnly: ["prod", "dev"] } },
};
const accountIds = { dev: "222222222222", prod: "444444444444", root: "111111111111", sandbox: "555555555555" };
/** The accounts those ids belong to, all listed by key: root is the management account. */
const flat = {
    accounts: { dev: { management: false }, prod: { management: false }, root: { management: true }, sandbox: { management: false } },
    organizationalUnits: [],
};
const noAccess = { access: {} };

describe("access (pure)", () => {
    describe("grantsOf", () => {
        it("gives one (permission set, account) pair per entry of the access map, sorted by permission set then account", () => {
            assert.deepEqual(grantsOf({ access: { ReadOnly: ["prod", "dev"], Dev: ["sandbox", "dev"] } }), [
                { permissionSet: "Dev", account: "dev" },
                { permissionSet: "Dev", account: "sandbox" },
                { permissionSet: "ReadOnly", account: "dev" },
                { permissionSet: "ReadOnly", account: "prod" },
            ]);
        });

        it("gives a pair once even when the account is listed twice", () => {
            assert.deepEqual(grantsOf({ access: { Dev: ["dev", "dev"] } }), [{ permissionSet: "Dev", account: "dev" }]);
        });
    });

    describe("targets", () => {
        const estate = {
            accounts: {
                root: { management: true },
                dev: { management: false, ou: "Workloads" },
                team: { management: false, ou: "Teams" },
                ledger: { management: false, ou: "Ledger" },
                shared: { management: false },
            },
            organizationalUnits: [{ name: "Workloads" }, { name: "Teams", parent: "Workloads" }, { name: "Ledger", parent: "Teams" }, { name: "Empty" }],
        };

        it("expands ou:<OU> to the accounts in the OU and in every OU nested under it, never the management account", () => {
            assert.deepEqual(accountsReached("ou:Workloads", estate), ["dev", "ledger", "team"]);
            assert.deepEqual(accountsReached("ou:Teams", estate), ["ledger", "team"]);
            assert.deepEqual(accountsReached("ou:Empty", estate), []);
        });

        it("expands all to every member account, and an account key to itself, the management account's included", () => {
            assert.deepEqual(accountsReached("all", estate), ["dev", "ledger", "shared", "team"]);
            assert.deepEqual(expandAccess({ Admin: ["root", "all"], Read: ["ou:Teams", "team"] }, estate), { Admin: ["dev", "ledger", "root", "shared", "team"], Read: ["ledger", "team"] });
        });

        it("says which targets reach each account", () => {
            assert.deepEqual(Object.fromEntries(targetsByAccount(["ou:Teams", "team", "all"], estate)), {
                ledger: ["ou:Teams", "all"],
                team: ["ou:Teams", "team", "all"],
                dev: ["all"],
                shared: ["all"],
            });
        });

        it("gives a user their own access on top of their groups'", () => {
            const access = userAccess({ amy: { groups: ["Devs"], access: { Admin: ["prod"] } } }, groups, flat, accountIds);
            assert.ok(access.amy.some((r) => r.account === "prod" && r.permissionSet === "Admin"));
            assert.ok(access.amy.some((r) => r.account === "dev" && r.permissionSet === "Dev"));
        });
    });

    describe("membersOf", () => {
        it("lists the users of a group, sorted, and no one else", () => {
            const users = { zoe: { groups: ["Devs"] }, amy: { groups: ["Admins", "Devs"] }, bob: { groups: ["Admins"] }, eve: { groups: [] } };
            assert.deepEqual(membersOf(users, "Devs"), ["amy", "zoe"]);
        });
    });

    describe("userAccess", () => {
        it("gives each user the accounts and permission sets of their groups, with the account ids, sorted by account then permission set", () => {
            const access = userAccess({ amy: { groups: ["Devs", "Admins"], ...noAccess } }, groups, flat, accountIds);
            assert.deepEqual(access.amy, [
                { account: "dev", accountId: "222222222222", permissionSet: "Admin" },
                { account: "dev", accountId: "222222222222", permissionSet: "Dev" },
                { account: "prod", accountId: "444444444444", permissionSet: "ReadOnly" },
                { account: "root", accountId: "111111111111", permissionSet: "Admin" },
                { account: "sandbox", accountId: "555555555555", permissionSet: "Dev" },
            ]);
        });

        it("lists a permission set on an account once when two of the user's groups give it", () => {
            const access = userAccess({ amy: { groups: ["Auditors", "Devs"], ...noAccess } }, groups, flat, accountIds);
            assert.deepEqual(
                access.amy.filter((r) => r.account === "prod"),
                [{ account: "prod", accountId: "444444444444", permissionSet: "ReadOnly" }],
            );
        });

        it("lists every user, sorted, with nothing for a user in no group", () => {
            const access = userAccess({ zoe: { groups: [], ...noAccess }, amy: { groups: ["Admins"], ...noAccess } }, groups, flat, accountIds);
            assert.deepEqual(Object.keys(access), ["amy", "zoe"]);
            assert.deepEqual(access.zoe, []);
        });

        it("fails naming the group, permission set and account when an account has no id", () => {
            assert.throws(
                () => userAccess({ amy: { groups: ["Devs"], ...noAccess } }, groups, flat, { dev: "222222222222" }),
                /groups\.Devs\.access\.Dev: account "sandbox" has no id/,
            );
        });
    });

    describe("onboarding", () => {
        const checklist = onboarding(
            {
                "jane.doe": { external: false, givenName: "Jane", familyName: "Doe", displayName: "Jane Doe", email: "jane@example.org", groups: [], access: {}, ends: {}, groupEnds: {} },
                "okta.user": { external: true, groups: [], access: {}, ends: {}, groupEnds: {} },
            },
            portalUrl("d-9067a1b2c3"),
            "eu-central-1",
        );

        it("puts the access portal at https://<identity store id>.awsapps.com/start", () => {
            assert.equal(portalUrl("d-9067a1b2c3"), "https://d-9067a1b2c3.awsapps.com/start");
            assert.equal(checklist.portalUrl, "https://d-9067a1b2c3.awsapps.com/start");
        });

        it("lists each user the program creates with their display name and email, and no external user (they sign in through their identity provider)", () => {
            assert.deepEqual(checklist.users, { "jane.doe": "Jane Doe <jane@example.org>" });
        });

        it("tells the operator to send the verification email from the console, in the configured region", () => {
            const step = checklist.steps.find((s) => s.includes("send the verification email from the console"));
            assert.ok(step, checklist.steps.join("\n"));
            assert.match(step, /no invitation/);
            assert.match(step, /eu-central-1/);
        });

        it("names the portal URL and MFA registration", () => {
            assert.ok(checklist.steps.some((s) => s.includes("https://d-9067a1b2c3.awsapps.com/start")));
            assert.ok(checklist.steps.some((s) => /registers an MFA device/.test(s)));
        });
    });
});

describe("Identity Center logical names (pure)", () => {
    it("names a managed policy attachment by permission set and policy, the policy's path kept", () => {
        assert.equal(
            managedPolicyAttachmentName("ReadOnlyAccess", "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess"),
            "ReadOnlyAccess/job-function/ViewOnlyAccess",
        );
        assert.equal(managedPolicyAttachmentName("Dev", "arn:aws:iam::aws:policy/PowerUserAccess"), "Dev/PowerUserAccess");
    });

    it("keeps a partition other than aws in a managed policy's name, so two ARNs never share one", () => {
        assert.equal(managedPolicyName("arn:aws-cn:iam::aws:policy/ReadOnlyAccess"), "aws-cn:ReadOnlyAccess");
        assert.notEqual(managedPolicyName("arn:aws-cn:iam::aws:policy/ReadOnlyAccess"), managedPolicyName("arn:aws:iam::aws:policy/ReadOnlyAccess"));
    });

    it("refuses what is not an AWS managed policy ARN", () => {
        assert.throws(() => managedPolicyName("PowerUserAccess"), /"PowerUserAccess" is not an AWS managed policy ARN/);
    });

    it("names a customer managed policy attachment by permission set, path and name", () => {
        assert.equal(customerManagedPolicyAttachmentName("Deploy", { name: "DeployPolicy", path: "/" }), "Deploy/DeployPolicy");
        assert.equal(customerManagedPolicyAttachmentName("Deploy", { name: "DeployPolicy", path: "/ci/" }), "Deploy/ci/DeployPolicy");
    });

    it("names a membership user/group, and a user name with a slash cannot collide with another membership", () => {
        assert.equal(membershipName("jane.doe", "DeveloperGroup"), "jane.doe/DeveloperGroup");
        assert.notEqual(membershipName("a/b", "c"), membershipName("a", "b/c"));
    });

    it("names an assignment group/permission set/account", () => {
        assert.equal(assignmentName("DeveloperGroup", "DeveloperUserAccess", "sandbox"), "DeveloperGroup/DeveloperUserAccess/sandbox");
        assert.notEqual(assignmentName("a-b", "c", "dev"), assignmentName("a", "b-c", "dev"));
    });
});

/**
 * The Organization component, planned through the real program (index.ts) on the strict fake cloud.
 */
import { strict as assert } from "assert";
import * as pulumi from "@pulumi/pulumi";
import { Plan, Registration } from "../plan/engine";
import { clone, encode, one, ofType, planFailure, planStack, stackFile, stackWith } from "./harness";

const ORG = "aws:organizations/organization:Organization";
const OU = "aws:organizations/organizationalUnit:OrganizationalUnit";
const ACCOUNT = "aws:organizations/account:Account";
const TRUST = "aws:organizations/awsServiceAccess:AwsServiceAccess";
const COMPONENT = "landing-zone:index:Organization";

/** Registrations of the Organization component and its children, comparable across plans. */
function organizationShape(p: Plan) {
    return p.registrations
        .filter((r) => r.urn.includes(COMPONENT))
        .map((r: Registration) => ({ ...r, outputs: undefined }))
        .sort((a, b) => (a.urn < b.urn ? -1 : 1));
}

describe("Organization", () => {
    describe("a new organisation (Pulumi.dev.yaml)", () => {
        let plan: Plan;
        before(async () => (plan = await planStack(stackFile("dev"))));

        it("creates one organisation with all features, protected", () => {
            const org = one(plan, ORG, "organization");
            assert.deepEqual(org.inputs, { enabledPolicyTypes: ["SERVICE_CONTROL_POLICY"], featureSet: "ALL" });
            assert.equal(org.protect, true);
            assert.equal(org.importId, undefined);
        });

        it("never sends nor compares the organisation's exclusive list of trusted services", () => {
            assert.deepEqual(one(plan, ORG, "organization").ignoreChanges, ["awsServiceAccessPrincipals"]);
        });

        it("trusts Identity Center with its own AwsServiceAccess, once the organisation exists, kept in AWS if ever removed from the program", () => {
            const org = one(plan, ORG, "organization");
            const sso = one(plan, TRUST, "sso.amazonaws.com");
            assert.deepEqual(sso.inputs, { servicePrincipal: "sso.amazonaws.com" });
            assert.ok(sso.dependencies.includes(org.urn));
            assert.equal(sso.retainOnDelete, true);
            assert.equal(sso.parent, one(plan, COMPONENT, "organization").urn);
            assert.deepEqual(ofType(plan, TRUST).map((r) => r.name), ["sso.amazonaws.com"]);
        });

        it("creates the OUs and the accounts only after trusted access is set, one change to the organisation at a time", () => {
            const [sandboxOu] = ofType(plan, OU);
            const sso = one(plan, TRUST, "sso.amazonaws.com").urn;
            assert.ok(sandboxOu.dependencies.includes(sso));
            assert.ok(one(plan, ACCOUNT, "dev").dependencies.includes(sso));
        });

        it("leaves the policy types alone when the config names none (and the sandbox has no guardrails)", async () => {
            const unmanaged = await planStack(
                stackWith("dev", { organization: () => ({}), sandbox: (s) => ({ ...s, guardrails: false }) }),
            );
            const org = one(unmanaged, ORG, "organization");
            assert.equal(org.inputs.enabledPolicyTypes, undefined);
            assert.deepEqual(org.ignoreChanges, ["awsServiceAccessPrincipals", "enabledPolicyTypes"]);
        });

        it("manages the policy types the config names", async () => {
            const managed = await planStack(stackWith("dev", { organization: () => ({ enabledPolicyTypes: ["TAG_POLICY", "SERVICE_CONTROL_POLICY"] }) }));
            const org = one(managed, ORG, "organization");
            assert.deepEqual(org.inputs.enabledPolicyTypes, ["SERVICE_CONTROL_POLICY", "TAG_POLICY"]);
            assert.deepEqual(org.ignoreChanges, ["awsServiceAccessPrincipals"]);
        });

        it("creates each OU under the root, named by its config name", () => {
            const org = one(plan, ORG, "organization");
            const rootId = (org.outputs.roots as { id: string }[])[0].id;
            assert.deepEqual(
                ofType(plan, OU).map((r) => [r.name, r.inputs.name, r.inputs.parentId]),
                [
                    ["Sandbox", "Sandbox", rootId],
                    ["Workloads", "Workloads", rootId],
                ],
            );
        });

        it("creates the member accounts named by their keys, with the access role, never closing them", () => {
            const sandbox = one(plan, ACCOUNT, "sandbox");
            assert.deepEqual(sandbox.inputs, {
                name: "Sandbox",
                email: "owner+sandbox@example.org",
                parentId: one(plan, OU, "Sandbox").id,
                roleName: "OrganizationAccountAccessRole",
                closeOnDeletion: false,
                tags: { CostCenter: "rnd", Environment: "sandbox" },
            });
            assert.deepEqual(ofType(plan, ACCOUNT).map((r) => r.name), ["dev", "sandbox"]);
        });

        it("puts each account in its OU (the account depends on that OU)", () => {
            const dev = one(plan, ACCOUNT, "dev");
            assert.ok(dev.dependencies.includes(one(plan, OU, "Workloads").urn));
            assert.ok(!dev.dependencies.includes(one(plan, OU, "Sandbox").urn));
        });

        it("protects every account and ignores the fields Organizations cannot read back", () => {
            for (const account of ofType(plan, ACCOUNT)) {
                assert.equal(account.protect, true, account.name);
                assert.deepEqual(account.ignoreChanges, ["roleName", "iamUserAccessToBilling", "closeOnDeletion", "createGovcloud"], account.name);
                assert.equal(account.inputs.closeOnDeletion, false, account.name);
            }
        });

        it("creates OUs without tags when the config gives none, and with the tags it gives", async () => {
            assert.ok(ofType(plan, OU).every((r) => !("tags" in r.inputs)));
            const tagged = await planStack(stackWith("dev", { organizationalUnits: () => ["Sandbox", { name: "Workloads", tags: { CostCenter: "engineering" } }] }));
            assert.deepEqual(one(tagged, OU, "Workloads").inputs.tags, { CostCenter: "engineering" });
            assert.equal(one(tagged, OU, "Workloads").importId, undefined);
        });

        it("never registers the management account as a resource", () => {
            assert.ok(!plan.registrations.some((r) => r.name === "root"));
        });

        it("creates accounts one after another in key order, since Organizations rejects concurrent changes", () => {
            const [dev, sandbox] = ofType(plan, ACCOUNT);
            assert.ok(sandbox.dependencies.includes(dev.urn));
            assert.ok(!dev.dependencies.some((urn) => urn.endsWith(`${ACCOUNT}::sandbox`)));
            const [sandboxOu, workloadsOu] = ofType(plan, OU);
            assert.ok(workloadsOu.dependencies.includes(sandboxOu.urn));
        });

        it("parents every resource to the component", () => {
            const component = one(plan, COMPONENT, "organization");
            for (const r of [...ofType(plan, ORG), ...ofType(plan, OU), ...ofType(plan, ACCOUNT)]) {
                assert.equal(r.parent, component.urn, r.name);
            }
        });

        it("outputs the organisation id and every account id by key, the management account's from the organisation", () => {
            const org = one(plan, ORG, "organization");
            assert.equal(plan.outputs.organizationId, org.id);
            assert.match(String(plan.outputs.organizationId), /^o-[a-z0-9]{10}$/);
            const ids = plan.outputs.accountIds as Record<string, string>;
            assert.deepEqual(Object.keys(ids).sort(), ["dev", "root", "sandbox"]);
            assert.equal(ids.root, org.outputs.masterAccountId);
            assert.match(ids.dev, /^\d{12}$/);
            assert.notEqual(ids.dev, ids.sandbox);
        });
    });

    describe("an adopted organisation (Pulumi.prod.yaml)", () => {
        let plan: Plan;
        before(async () => (plan = await planStack(stackFile("prod"))));

        it("imports the organisation by its id, protected, whatever services it already trusts", () => {
            const org = one(plan, ORG, "organization");
            assert.equal(org.importId, "o-exampleorg1");
            assert.equal(org.protect, true);
            assert.equal(org.inputs.awsServiceAccessPrincipals, undefined);
            assert.ok(org.ignoreChanges.includes("awsServiceAccessPrincipals"));
            assert.equal(plan.outputs.organizationId, "o-exampleorg1");
        });

        it("keeps each service the config names trusted, one AwsServiceAccess each, one after another", () => {
            const trusted = ofType(plan, TRUST);
            assert.deepEqual(
                trusted.map((r) => [r.name, r.inputs.servicePrincipal, r.retainOnDelete]),
                [
                    ["account.amazonaws.com", "account.amazonaws.com", true],
                    ["cloudtrail.amazonaws.com", "cloudtrail.amazonaws.com", true],
                    ["sso.amazonaws.com", "sso.amazonaws.com", true],
                ],
            );
            assert.ok(trusted[0].dependencies.includes(one(plan, ORG, "organization").urn));
            assert.ok(trusted[1].dependencies.includes(trusted[0].urn));
            assert.ok(trusted[2].dependencies.includes(trusted[1].urn));
        });

        it("drops a service from the config without a resource that could switch it off: it only leaves the program", async () => {
            const fewer = await planStack(stackWith("prod", { organization: (o) => ({ ...o, serviceAccessPrincipals: ["account.amazonaws.com"] }) }));
            assert.deepEqual(ofType(fewer, TRUST).map((r) => r.name), ["account.amazonaws.com", "sso.amazonaws.com"]);
            // What Pulumi does with a resource that leaves the program is its retainOnDelete: kept in AWS.
            assert.ok(ofType(plan, TRUST).every((r) => r.retainOnDelete));
            assert.equal(one(fewer, ORG, "organization").inputs.awsServiceAccessPrincipals, undefined);
        });

        it("imports the OU the existing accounts live in and creates the new ones under the root", () => {
            const rootId = (one(plan, ORG, "organization").outputs.roots as { id: string }[])[0].id;
            assert.deepEqual(
                ofType(plan, OU).map((r) => [r.name, r.importId ?? null, r.inputs.parentId]),
                [
                    ["Infrastructure", null, rootId],
                    ["Sandbox", null, rootId],
                    ["Workloads", "ou-ex12-workload", rootId],
                ],
            );
        });

        it("puts each imported account in an imported OU, so the import matches what AWS has", () => {
            const imported = ofType(plan, OU).filter((r) => r.importId).map((r) => r.id);
            for (const account of ofType(plan, ACCOUNT).filter((r) => r.importId)) {
                assert.ok(imported.includes(String(account.inputs.parentId)), `${account.name} is in ${account.inputs.parentId}`);
            }
        });

        it("sends an imported account, OU or organisation only what the provider reads back, or ignores the rest, so the import shows no difference", () => {
            // What each resource's Read sets in hashicorp/terraform-provider-aws (internal/service/
            // organizations): account.go sets arn, email, joined_*, name, parent_id, status;
            // organizational_unit.go accounts, arn, name, parent_id; organization.go accounts, arn,
            // feature_set, master_*, non_master_accounts, roots, aws_service_access_principals,
            // enabled_policy_types. Accounts and OUs carry @Tags(identifierAttribute="id"): tags are
            // read back too. Inputs the Read never sets come back empty, and Pulumi refuses the import.
            const readBack: Record<string, string[]> = {
                [ACCOUNT]: ["name", "email", "parentId", "tags"],
                [OU]: ["name", "parentId", "tags"],
                [ORG]: ["featureSet", "awsServiceAccessPrincipals", "enabledPolicyTypes"],
            };
            const imported = plan.registrations.filter((r) => r.importId);
            assert.deepEqual(imported.map((r) => r.name).sort(), ["Workloads", "dev", "organization", "prod", "test"]);
            for (const r of imported) {
                const unreadable = Object.keys(r.inputs).filter((k) => !readBack[r.type].includes(k) && !r.ignoreChanges.includes(k));
                assert.deepEqual(unreadable, [], `${r.name} sends ${unreadable.join(", ")}, which an import cannot read back`);
            }
        });

        it("sends an adopted account no creation-only setting, and ignores them all, closeOnDeletion and createGovcloud included", () => {
            const dev = one(plan, ACCOUNT, "dev");
            assert.deepEqual(Object.keys(dev.inputs).sort(), ["email", "name", "parentId", "tags"]);
            assert.deepEqual(dev.ignoreChanges, ["roleName", "iamUserAccessToBilling", "closeOnDeletion", "createGovcloud"]);
            const pipeline = one(plan, ACCOUNT, "pipeline");
            assert.equal(pipeline.inputs.roleName, "OrganizationAccountAccessRole");
            assert.equal(pipeline.inputs.closeOnDeletion, false);
        });

        it("adopts an OU with the tags it has in AWS", () => {
            assert.deepEqual(one(plan, OU, "Workloads").inputs.tags, { Owner: "platform" });
        });

        it("imports the accounts that have an id and creates the others", () => {
            const imports = Object.fromEntries(ofType(plan, ACCOUNT).map((r) => [r.name, r.importId ?? null]));
            assert.deepEqual(imports, {
                dev: "222222222222",
                pipeline: null,
                prod: "444444444444",
                sandbox: null,
                test: "333333333333",
            });
            const ids = plan.outputs.accountIds as Record<string, string>;
            assert.equal(ids.prod, "444444444444");
            assert.equal(ids.management, one(plan, ORG, "organization").outputs.masterAccountId);
        });
    });

    describe("stability", () => {
        it("plans the same resources and inputs whatever the order of keys and list entries", async () => {
            const base = await planStack(stackFile("dev"));
            const config = stackFile("dev");
            const reordered = clone(config);
            const accounts = JSON.parse(config["landing-zone:accounts"]);
            reordered["landing-zone:accounts"] = JSON.stringify(Object.fromEntries(Object.entries(accounts).reverse()));
            reordered["landing-zone:organizationalUnits"] = JSON.stringify(["Sandbox", "Workloads", "Sandbox"]);
            const again = await planStack(reordered);
            assert.notEqual(reordered["landing-zone:accounts"], config["landing-zone:accounts"]);
            assert.deepEqual(organizationShape(again), organizationShape(base));
        });

        it("adds an account without touching the others", async () => {
            const base = await planStack(stackFile("dev"));
            const more = await planStack(
                stackWith("dev", { accounts: (a) => void (a.test = { name: "Test", email: "owner+test@example.org", ou: "Workloads" }) }),
            );
            const before = organizationShape(base);
            const after = organizationShape(more).filter((r) => r.name !== "test");
            assert.deepEqual(
                after.map((r) => [r.urn, r.inputs]),
                before.map((r) => [r.urn, r.inputs]),
            );
        });
    });

    describe("a malformed config", () => {
        it("registers no resource and reports every problem by path", async () => {
            const config = {
                ...stackFile("dev"),
                ...encode({
                    "landing-zone:users": {
                        "jane.doe": { givenName: "Jane", familyName: "Doe", email: "jane-at-example.org", groups: ["Developers"] },
                        "bob.smith": { givenname: "Bob", familyName: "Smith", email: "bob@example.org" },
                    },
                }),
            };
            const permissionSets = JSON.parse(config["landing-zone:permissionSets"]);
            permissionSets.DeveloperUserAccess.sessionDuration = "PT13H";
            config["landing-zone:permissionSets"] = JSON.stringify(permissionSets);

            const error = await planFailure(config);
            assert.deepEqual(error.registrations, []);
            assert.ok(error.cause instanceof pulumi.RunError, "reported without a stack trace");
            for (const expected of [
                'users.jane.doe.email: "jane-at-example.org" is not an email address',
                'users.jane.doe.groups: "Developers" is not a group (known: Administrators, DeveloperGroup)',
                "users.bob.smith.givenname: unknown key (did you mean givenName?",
                'permissionSets.DeveloperUserAccess.sessionDuration: "PT13H" is outside what Identity Center allows (PT1H to PT12H)',
            ]) {
                assert.ok(error.message.includes(expected), `missing "${expected}" in:\n${error.message}`);
            }
        });
    });
});

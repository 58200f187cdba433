/**
 * The stack config contract: pure tests, no Pulumi runtime.
 */
import { strict as assert } from "assert";
import { AWS_NUKE_RESOURCE_TYPES, AWS_NUKE_VERSION } from "../config/sandbox/awsNukeResourceTypes";
import { readFileSync } from "fs";
import { join } from "path";
import Ajv2020 from "ajv/dist/2020";
import { parse } from "yaml";
import { ConfigError, loadStackConfig, parseConfig } from "../config/load";
import { stackFileJsonSchema } from "../config/jsonSchema";
import { compareText } from "../config/schema";
import { parseStackFile, readStackFile } from "../config/stackFile";
import { ROOT } from "./harness";

/** A small valid config in the shape of the example. */
function seed(): Record<string, any> {
    return {
        organization: { id: "o-a1b2c3d4e5", enabledPolicyTypes: ["SERVICE_CONTROL_POLICY"] },
        organizationalUnits: ["Workloads", "Sandbox"],
        accounts: {
            root: { name: "Root", email: "owner@example.org", management: true },
            dev: { name: "Dev", email: "owner+dev@example.org", ou: "Workloads", id: "222222222222" },
            sandbox: { name: "Sandbox", email: "owner+sandbox@example.org", ou: "Sandbox", tags: { CostCenter: "rnd" } },
        },
        permissionSets: {
            DeveloperUserAccess: {
                description: "Everything except managing users and groups",
                managedPolicies: ["PowerUserAccess"],
                sessionDuration: "PT8H",
            },
        },
        groups: { DeveloperGroup: { description: "Developers", access: { DeveloperUserAccess: ["dev", "sandbox"] } } },
        users: { "jane.doe": { givenName: "Jane", familyName: "Doe", email: "jane@example.org", groups: ["DeveloperGroup"] } },
        sandbox: { account: "sandbox", nuke: { regions: ["global", "eu-central-1"], dryRun: true, run: "2026-11-21" } },
    };
}

/** The problems a config has, or [] when it is valid. */
function problems(values: Record<string, unknown>, region: unknown): readonly string[] {
    try {
        parseConfig(values, region);
        return [];
    } catch (err) {
        assert.ok(err instanceof ConfigError, `expected a ConfigError, got ${err}`);
        return err.problems;
    }
}

/** Apply an edit to a fresh seed and return its problems. */
function problemsAfter(edit: (c: Record<string, any>) => void): readonly string[] {
    const c = seed();
    edit(c);
    return problems(c, "eu-central-1");
}

describe("stack config", () => {
    describe("the example stacks", () => {
        for (const stack of ["dev", "prod"]) {
            it(`Pulumi.${stack}.yaml loads and validates`, () => {
                const config = loadStackConfig(readStackFile(join(ROOT, `Pulumi.${stack}.yaml`)).config);
                assert.ok(Object.keys(config.accounts).length >= 3);
                assert.ok(config.sandbox, "both examples have a sandbox");
            });
        }

        it("dev creates a new organisation and prod adopts an existing one with Dev, Test, Prod, Pipeline and Sandbox", () => {
            const dev = loadStackConfig(readStackFile(join(ROOT, "Pulumi.dev.yaml")).config);
            const prod = loadStackConfig(readStackFile(join(ROOT, "Pulumi.prod.yaml")).config);
            assert.equal(dev.organization.id, undefined);
            assert.match(prod.organization.id ?? "", /^o-/);
            assert.deepEqual(
                Object.keys(prod.accounts).filter((k) => !prod.accounts[k].management),
                ["dev", "pipeline", "prod", "sandbox", "test"],
            );
        });

        it("the seed of the issue parses with its defaults filled in", () => {
            const config = parseConfig(seed(), "eu-central-1");
            assert.equal(config.permissionSets.DeveloperUserAccess.sessionDuration, "PT8H");
            assert.deepEqual(config.permissionSets.DeveloperUserAccess.managedPolicies, ["arn:aws:iam::aws:policy/PowerUserAccess"]);
            const jane = config.users["jane.doe"];
            assert.ok(!jane.external);
            assert.equal(jane.displayName, "Jane Doe");
            assert.equal(config.sandbox?.nuke.cdkQualifier, "hnb659fds");
            assert.equal(config.accounts.root.management, true);
            assert.equal(config.accounts.dev.management, false);
            assert.equal(config.region, "eu-central-1");
        });

        it("the seed as a new organisation (no organization at all) parses with its guardrails on", () => {
            const c = seed();
            delete c.organization;
            for (const a of Object.values(c.accounts) as Record<string, unknown>[]) delete a.id;
            const config = parseConfig(c, "eu-central-1");
            assert.equal(config.organization.id, undefined);
            assert.equal(config.organization.enabledPolicyTypes, undefined);
            assert.equal(config.sandbox?.guardrails, true);
        });

        it("defaults a session to one hour and a sandbox nuke to a dry run", () => {
            const c = seed();
            delete c.permissionSets.DeveloperUserAccess.sessionDuration;
            delete c.sandbox.nuke.dryRun;
            const config = parseConfig(c, "eu-central-1");
            assert.equal(config.permissionSets.DeveloperUserAccess.sessionDuration, "PT1H");
            assert.equal(config.sandbox?.nuke.dryRun, true);
        });
    });

    describe("canonical form", () => {
        it("keeps AWS managed policy paths and ARNs, and splits customer managed policy paths", () => {
            const c = seed();
            c.permissionSets.DeveloperUserAccess.managedPolicies = [
                "job-function/ViewOnlyAccess",
                "arn:aws:iam::aws:policy/ReadOnlyAccess",
                "PowerUserAccess",
            ];
            c.permissionSets.DeveloperUserAccess.customerManagedPolicies = ["/team/DeployAccess", "Base"];
            const ps = parseConfig(c, "eu-central-1").permissionSets.DeveloperUserAccess;
            assert.deepEqual(ps.managedPolicies, [
                "arn:aws:iam::aws:policy/PowerUserAccess",
                "arn:aws:iam::aws:policy/ReadOnlyAccess",
                "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess",
            ]);
            assert.deepEqual(ps.customerManagedPolicies, [
                { name: "Base", path: "/" },
                { name: "DeployAccess", path: "/team/" },
            ]);
        });

        it("does not depend on the order of keys or list entries, and drops duplicates", () => {
            const a = seed();
            const b = seed();
            b.organizationalUnits = ["Sandbox", "Workloads", "Sandbox"];
            b.accounts = { sandbox: b.accounts.sandbox, dev: b.accounts.dev, root: b.accounts.root };
            b.groups.DeveloperGroup.access.DeveloperUserAccess = ["sandbox", "dev", "dev"];
            b.sandbox.nuke.regions = ["eu-central-1", "global"];
            b.users["jane.doe"] = { groups: ["DeveloperGroup", "DeveloperGroup"], email: "jane@example.org", familyName: "Doe", givenName: "Jane" };
            assert.equal(JSON.stringify(parseConfig(b, "eu-central-1")), JSON.stringify(parseConfig(a, "eu-central-1")));
        });

        it("canonicalises an inline policy: keys and lists sorted, so reordering it changes nothing", () => {
            const a = seed();
            a.permissionSets.DeveloperUserAccess.inlinePolicy = {
                Version: "2012-10-17",
                Statement: [
                    { Effect: "Deny", Action: ["iam:CreateUser", "iam:CreateAccessKey"], Resource: "*" },
                    { Effect: "Allow", Action: "s3:GetObject", Resource: ["arn:aws:s3:::b/*", "arn:aws:s3:::a/*"] },
                ],
            };
            const b = seed();
            b.permissionSets.DeveloperUserAccess.inlinePolicy = {
                Statement: [
                    { Resource: ["arn:aws:s3:::a/*", "arn:aws:s3:::b/*"], Action: "s3:GetObject", Effect: "Allow" },
                    { Resource: "*", Action: ["iam:CreateAccessKey", "iam:CreateUser"], Effect: "Deny" },
                ],
                Version: "2012-10-17",
            };
            const policy = (c: Record<string, any>) => JSON.stringify(parseConfig(c, "eu-central-1").permissionSets.DeveloperUserAccess.inlinePolicy);
            assert.equal(policy(a), policy(b));
            assert.equal(
                policy(a),
                '{"Statement":[{"Action":"s3:GetObject","Effect":"Allow","Resource":["arn:aws:s3:::a/*","arn:aws:s3:::b/*"]},' +
                    '{"Action":["iam:CreateAccessKey","iam:CreateUser"],"Effect":"Deny","Resource":"*"}],"Version":"2012-10-17"}',
            );
        });

        it("takes an OU's tags, with or without an id, canonicalised", () => {
            const c = seed();
            c.organizationalUnits = [{ name: "Workloads", tags: { Team: "core", CostCenter: "eng" } }, { name: "Sandbox", id: "ou-ab12-34cd56ef", tags: {} }];
            const ous = parseConfig(c, "eu-central-1").organizationalUnits;
            assert.deepEqual(ous, [
                { name: "Sandbox", id: "ou-ab12-34cd56ef", tags: {} },
                { name: "Workloads", tags: { CostCenter: "eng", Team: "core" } },
            ]);
            assert.deepEqual(Object.keys(ous[1].tags ?? {}), ["CostCenter", "Team"]);
        });

        it("takes an OU as a name or as { name, id } to adopt it, sorted by name", () => {
            const c = seed();
            c.organizationalUnits = ["Workloads", { name: "Sandbox", id: "ou-ab12-34cd56ef" }];
            assert.deepEqual(parseConfig(c, "eu-central-1").organizationalUnits, [{ name: "Sandbox", id: "ou-ab12-34cd56ef" }, { name: "Workloads" }]);
        });

        it("takes a nested OU as { name, parent }, and access targets as keys, ou:<OU> and all, sorted", () => {
            const c = seed();
            c.organizationalUnits = ["Workloads", "Sandbox", { name: "Teams", parent: "Workloads" }];
            c.groups.DeveloperGroup.access.DeveloperUserAccess = ["sandbox", "ou:Teams", "all", "dev"];
            const config = parseConfig(c, "eu-central-1");
            assert.deepEqual(config.organizationalUnits, [{ name: "Sandbox" }, { name: "Teams", parent: "Workloads" }, { name: "Workloads" }]);
            assert.deepEqual(config.groups.DeveloperGroup.access.DeveloperUserAccess, ["all", "dev", "ou:Teams", "sandbox"]);
        });

        it("takes an external group and an external user with nothing but their access and groups", () => {
            const c = seed();
            c.groups.Okta = { external: true, access: { DeveloperUserAccess: ["ou:Workloads"] } };
            c.users["okta.user"] = { external: true, groups: ["DeveloperGroup"], access: { DeveloperUserAccess: ["sandbox"] } };
            const config = parseConfig(c, "eu-central-1");
            assert.deepEqual(config.groups.Okta, { external: true, access: { DeveloperUserAccess: ["ou:Workloads"] }, ends: {} });
            assert.deepEqual(config.users["okta.user"], { external: true, groups: ["DeveloperGroup"], groupEnds: {}, access: { DeveloperUserAccess: ["sandbox"] }, ends: {} });
            assert.equal(config.users["jane.doe"].external, false);
            assert.deepEqual(config.users["jane.doe"].access, {});
        });

        it("puts global first among the nuke regions", () => {
            const c = seed();
            c.sandbox.nuke.regions = ["us-east-1", "global", "eu-central-1"];
            assert.deepEqual(parseConfig(c, "eu-central-1").sandbox?.nuke.regions, ["global", "eu-central-1", "us-east-1"]);
        });
    });

    describe("reading stack files", () => {
        it("namespaces bare keys to the project, encodes objects as JSON, and keeps secrets opaque", () => {
            const { config, secretKeys } = parseStackFile(
                [
                    "config:",
                    "  aws:region: eu-west-1",
                    "  organizationalUnits: [A]",
                    "  landing-zone:identityCenter:",
                    "    instanceArn:",
                    "      secure: AAABAHh0ZXh0",
                    "  other:count: 3",
                ].join("\n"),
            );
            assert.deepEqual(config, {
                "aws:region": "eu-west-1",
                "landing-zone:organizationalUnits": '["A"]',
                "landing-zone:identityCenter": '{"instanceArn":"[secret]"}',
                "other:count": "3",
            });
            assert.deepEqual(secretKeys, ["landing-zone:identityCenter"]);
        });

        it("keeps an unquoted date a string, as the Pulumi CLI does (YAML 1.2 core schema)", () => {
            const { config } = parseStackFile("config:\n  landing-zone:sandbox:\n    nuke: { run: 2026-11-21, dryRun: false }\n");
            assert.equal(config["landing-zone:sandbox"], '{"nuke":{"run":"2026-11-21","dryRun":false}}');
        });

        it("names the file when it is not YAML", () => {
            assert.throws(() => parseStackFile("config: [", "Pulumi.x.yaml"), /Pulumi\.x\.yaml: not valid YAML/);
        });
    });

    describe("validation", () => {
        const cases: [string, (c: Record<string, any>) => void, string][] = [
            ["a bad user email", (c) => (c.users["jane.doe"].email = "jane-at-example.org"), 'users.jane.doe.email: "jane-at-example.org" is not an email address'],
            ["an unknown group", (c) => (c.users["jane.doe"].groups = ["Developers"]), 'users.jane.doe.groups: "Developers" is not a group (known: DeveloperGroup)'],
            ["a typo'd user key", (c) => (c.users["jane.doe"].givenname = "Jane"), "users.jane.doe.givenname: unknown key (did you mean givenName?"],
            ["a typo'd top-level key", (c) => (c.user = {}), "landing-zone:user: unknown key (did you mean users?"],
            ["a typo'd nuke key", (c) => (c.sandbox.nuke.dryrun = false), "sandbox.nuke.dryrun: unknown key (did you mean dryRun?"],
            ["a 13-hour session", (c) => (c.permissionSets.DeveloperUserAccess.sessionDuration = "PT13H"), 'permissionSets.DeveloperUserAccess.sessionDuration: "PT13H" is outside what Identity Center allows (PT1H to PT12H)'],
            ["a 30-minute session", (c) => (c.permissionSets.DeveloperUserAccess.sessionDuration = "PT30M"), '"PT30M" is outside what Identity Center allows'],
            ["a session that is not a duration", (c) => (c.permissionSets.DeveloperUserAccess.sessionDuration = "8 hours"), '"8 hours" is not an ISO-8601 duration'],
            ["a bad organisation id", (c) => (c.organization.id = "o-ABC"), 'organization.id: "o-ABC" is not an organisation id (o- and 10-32 lowercase letters or digits)'],
            ["a policy type that is not one", (c) => (c.organization.enabledPolicyTypes = ["SCP"]), 'organization.enabledPolicyTypes[0]: "SCP" is not a policy type'],
            ["a service principal that is not one", (c) => (c.organization.serviceAccessPrincipals = ["sso"]), 'organization.serviceAccessPrincipals[0]: "sso" is not a service principal'],
            ["an adopted OU with a bad id", (c) => (c.organizationalUnits = [{ name: "Workloads", id: "ou-1" }, "Sandbox"]), 'organizationalUnits[0].id: "ou-1" is not an OU id'],
            ["an OU that is neither a name nor { name, id?, tags?, parent? }", (c) => (c.organizationalUnits = [42]), "organizationalUnits[0]: 42 is not an OU (a name, or { name, id?, tags?, parent? }: id adopts an existing one)"],
            ["a typo'd OU key", (c) => (c.organizationalUnits = [{ name: "Workloads", tag: { Team: "core" } }, "Sandbox"]), "organizationalUnits[0].tag: unknown key (did you mean tags? valid: name, id, tags, parent)"],
            ["OU tags given as a string", (c) => (c.organizationalUnits = [{ name: "Workloads", tags: "core" }, "Sandbox"]), 'organizationalUnits[0]: tags: "core" is not a map of tag keys to values'],
            ["an OU tag value too long", (c) => (c.organizationalUnits = [{ name: "Workloads", id: "ou-ab12-34cd56ef", tags: { Team: "x".repeat(257) } }, "Sandbox"]), "organizationalUnits[0].tags.Team: \"xxx"],
            ["an OU with 51 tags", (c) => (c.organizationalUnits = [{ name: "Workloads", tags: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, "v"])) }, "Sandbox"]), "organizationalUnits[0].tags: has more than 50 tags (the AWS limit)"],
            ["an OU tag with an empty key", (c) => (c.organizationalUnits = [{ name: "Workloads", tags: { "": "v" } }, "Sandbox"]), 'organizationalUnits[0]: tags: "" is not a tag key'],
            ["an OU tag key AWS reserves", (c) => (c.organizationalUnits = [{ name: "Workloads", id: "ou-ab12-34cd56ef", tags: { "aws:team": "core" } }, "Sandbox"]), 'organizationalUnits[0]: tags: "aws:team" starts with aws:, which AWS reserves'],
            ["an OU listed twice", (c) => (c.organizationalUnits = [{ name: "Workloads", id: "ou-ab12-34cd56ef" }, "Workloads", "Sandbox"]), 'organizationalUnits[0]: "Workloads" is listed more than once'],
            ["an OU name too long", (c) => c.organizationalUnits.push("x".repeat(129)), "organizationalUnits[2]:"],
            ["an account key that is not a slug", (c) => (c.accounts.Dev2 = { name: "Dev2", email: "x@example.org" }), 'accounts.Dev2: "Dev2" is not an account key (a lowercase slug'],
            ["an account name over 50 characters", (c) => (c.accounts.dev.name = "D".repeat(51)), "accounts.dev.name:"],
            ["an account name with non-ASCII", (c) => (c.accounts.dev.name = "Dév"), 'accounts.dev.name: "Dév" is not an account name (1-50 printable ASCII characters)'],
            ["a member account without email", (c) => delete c.accounts.sandbox.email, "accounts.sandbox.email: missing: a member account needs an email address"],
            ["an account email too short", (c) => (c.accounts.dev.email = "a@b.c"), 'accounts.dev.email: "a@b.c" is not an email address (6-64 characters)'],
            ["a duplicate account email", (c) => (c.accounts.sandbox.email = "OWNER+dev@example.org"), 'accounts.sandbox.email: "OWNER+dev@example.org" is also the email of accounts.dev'],
            ["an undeclared OU", (c) => (c.accounts.dev.ou = "Work"), 'accounts.dev.ou: "Work" is not a declared OU (known: Sandbox, Workloads in organizationalUnits)'],
            ["an account id that is not 12 digits", (c) => (c.accounts.dev.id = "2222"), 'accounts.dev.id: "2222" is not an account id (12 digits)'],
            ["an unquoted account id with a leading zero, which YAML reads as a number", (c) => (c.accounts.dev.id = 12345678901), "accounts.dev.id: 12345678901 is not an account id (12 digits): YAML read it as a number (losing any leading zero); quote it"],
            ["an unquoted yes as a name", (c) => (c.accounts.dev.name = true), "accounts.dev.name: true is not an account name (1-50 printable ASCII characters): YAML read it as a boolean; quote it"],
            ["a duplicate account id", (c) => (c.accounts.sandbox.id = "222222222222"), 'accounts.sandbox.id: "222222222222" is also the id of accounts.dev'],
            ["two management accounts", (c) => (c.accounts.dev.management = true), "accounts.dev.management: only one account can be the management account (marked: dev, root)"],
            ["a management account with a member's id", (c) => (c.accounts.root.id = "222222222222"), 'accounts.dev.id: "222222222222" is also the id of accounts.root'],
            ["a tag value over 256 characters", (c) => (c.accounts.dev.tags = { Team: "t".repeat(257) }), "accounts.dev.tags.Team:"],
            ["a permission set name with a space", (c) => (c.permissionSets["Dev Access"] = {}), 'permissionSets.Dev Access: "Dev Access" is not a permission set name'],
            ["a permission set name over 32 characters", (c) => (c.permissionSets["P".repeat(33)] = {}), "is not a permission set name (1-32 characters"],
            ["a description over 700 characters", (c) => (c.permissionSets.DeveloperUserAccess.description = "d".repeat(701)), "permissionSets.DeveloperUserAccess.description:"],
            ["a managed policy name with a space", (c) => (c.permissionSets.DeveloperUserAccess.managedPolicies = ["Power User"]), 'permissionSets.DeveloperUserAccess.managedPolicies[0]: "Power User" is not an AWS managed policy'],
            ["an inline policy without a Statement", (c) => (c.permissionSets.DeveloperUserAccess.inlinePolicy = { Version: "2012-10-17" }), "permissionSets.DeveloperUserAccess.inlinePolicy: is not an IAM policy document: it has no Statement"],
            ["a bad permissions boundary", (c) => (c.permissionSets.DeveloperUserAccess.permissionsBoundary = { customerManged: "X" }), "permissionSets.DeveloperUserAccess.permissionsBoundary:"],
            ["a relay state over 240 characters", (c) => (c.permissionSets.DeveloperUserAccess.relayState = "r".repeat(241)), "permissionSets.DeveloperUserAccess.relayState:"],
            ["a group that names an unknown permission set", (c) => (c.groups.DeveloperGroup.access.Admin = ["dev"]), 'groups.DeveloperGroup.access.Admin: "Admin" is not a permission set (known: DeveloperUserAccess)'],
            ["a group that names an unknown account", (c) => c.groups.DeveloperGroup.access.DeveloperUserAccess.push("stage"), 'groups.DeveloperGroup.access.DeveloperUserAccess: "stage" is not an account (known: dev, root, sandbox)'],
            ["a reserved group name", (c) => (c.groups.AWSAdministrators = {}), 'groups.AWSAdministrators: "AWSAdministrators" is reserved by Identity Center'],
            ["a group name with Pulumi's URN separator", (c) => (c.groups["Dev::Ops"] = {}), 'groups.Dev::Ops: "Dev::Ops" contains "::", which Pulumi reserves in resource names'],
            ["a user name with a space", (c) => (c.users["jane doe"] = { ...c.users["jane.doe"], email: "j2@example.org" }), 'users.jane doe: "jane doe" contains U+0020 (whitespace), which the identity store refuses in a user name'],
            ["the reserved user name Administrator", (c) => (c.users.Administrator = { ...c.users["jane.doe"], email: "a@example.org" }), 'users.Administrator: "Administrator" is reserved by Identity Center'],
            ["a user without a family name", (c) => delete c.users["jane.doe"].familyName, "users.jane.doe.familyName: missing: expected a family name"],
            ["a duplicate user email", (c) => (c.users.john = { givenName: "John", familyName: "Doe", email: "JANE@example.org" }), 'users.john.email: "JANE@example.org" is also the email of users.jane.doe'],
            ["a sandbox naming an unknown account", (c) => (c.sandbox.account = "play"), 'sandbox.account: "play" is not an account (known: dev, root, sandbox)'],
            ["a sandbox that is the management account", (c) => (c.sandbox.account = "root"), 'sandbox.account: "root" is the management account, which must never be nuked'],
            ["a sandbox that looks like production", (c) => (c.accounts.sandbox.name = "Production Sandbox"), 'sandbox.account: "sandbox" looks like a production account'],
            ["a sandbox alias containing prod", (c) => (c.sandbox.alias = "myprod-play"), 'sandbox.alias: "myprod-play" contains "prod", which aws-nuke refuses'],
            ["a sandbox alias with capitals", (c) => (c.sandbox.alias = "Play"), 'sandbox.alias: "Play" is not an alias prefix'],
            ["no nuke regions", (c) => (c.sandbox.nuke.regions = []), "sandbox.nuke.regions: is empty: name at least one region"],
            ["a nuke region that is not one", (c) => (c.sandbox.nuke.regions = ["global", "frankfurt"]), 'sandbox.nuke.regions[1]: "frankfurt" is not a region'],
            ["a CDK qualifier with capitals", (c) => (c.sandbox.nuke.cdkQualifier = "HNB659FDS"), 'sandbox.nuke.cdkQualifier: "HNB659FDS" is not a CDK qualifier'],
            ["a pinned Identity Center with a bad store id", (c) => (c.identityCenter = { instanceArn: "arn:aws:sso:::instance/ssoins-1234567890abcdef", identityStoreId: "store" }), 'identityCenter.identityStoreId: "store" is not an identity store id'],
            ["a pinned Identity Center with a bad ARN", (c) => (c.identityCenter = { instanceArn: "ssoins-1", identityStoreId: "d-1234567890" }), 'identityCenter.instanceArn: "ssoins-1" is not an Identity Center instance ARN'],
            ["a list given as a string", (c) => (c.organizationalUnits = "Workloads"), 'organizationalUnits: "Workloads" is not a list of OUs'],
            ["an OU name with ::", (c) => c.organizationalUnits.push("Team::A"), 'organizationalUnits[2]: "Team::A" contains "::", which Pulumi reserves in resource names'],
            ["an access list given as a string", (c) => (c.groups.DeveloperGroup.access.DeveloperUserAccess = "dev"), 'groups.DeveloperGroup.access.DeveloperUserAccess: "dev" is not a list of access targets (account keys, ou:<OU name> or all)'],
            ["a user's groups given as a string", (c) => (c.users["jane.doe"].groups = "DeveloperGroup"), 'users.jane.doe.groups: "DeveloperGroup" is not a list of group names'],
            ["accounts missing", (c) => delete c.accounts, "accounts: missing"],
            // Access for growing teams: targets, nested OUs, external groups and users, direct access.
            ["an ou: target with a typo'd OU", (c) => (c.groups.DeveloperGroup.access.DeveloperUserAccess = ["ou:Workload"]), 'groups.DeveloperGroup.access.DeveloperUserAccess: "ou:Workload" is not a declared OU (did you mean ou:Workloads? known: ou:Sandbox, ou:Workloads)'],
            ["an ou: target with a space after the colon", (c) => (c.groups.DeveloperGroup.access.DeveloperUserAccess = ["ou: Workloads"]), 'groups.DeveloperGroup.access.DeveloperUserAccess: "ou: Workloads" is not a declared OU (did you mean ou:Workloads?'],
            ["an OU name where an account key goes", (c) => (c.groups.DeveloperGroup.access.DeveloperUserAccess = ["Workloads"]), 'groups.DeveloperGroup.access.DeveloperUserAccess[0]: "Workloads" is not an access target (an account key such as dev, ou:<OU name> such as ou:Workloads, or all)'],
            ["a wildcard for every account", (c) => (c.groups.DeveloperGroup.access.DeveloperUserAccess = ["*"]), 'groups.DeveloperGroup.access.DeveloperUserAccess[0]: "*" is not an access target'],
            ["an account keyed all", (c) => (c.accounts.all = { name: "All", email: "owner+all@example.org" }), 'accounts.all: "all" is reserved: in an access list it means every member account; choose another key'],
            ["a nested OU whose parent is a typo", (c) => (c.organizationalUnits = ["Workloads", "Sandbox", { name: "Teams", parent: "Workload" }]), 'organizationalUnits[2].parent: "Workload" is not a declared OU (did you mean Workloads? known: Sandbox, Teams, Workloads)'],
            ["two OUs inside each other", (c) => (c.organizationalUnits = [{ name: "Workloads", parent: "Sandbox" }, { name: "Sandbox", parent: "Workloads" }]), "organizationalUnits[1].parent: Sandbox → Workloads → Sandbox is a cycle: an OU cannot sit inside itself"],
            ["an OU that is its own parent", (c) => (c.organizationalUnits = [{ name: "Workloads", parent: "Workloads" }, "Sandbox"]), "organizationalUnits[0].parent: Workloads → Workloads is a cycle"],
            [
                "OUs six levels deep",
                (c) => (c.organizationalUnits = ["Workloads", "Sandbox", ...["L2", "L3", "L4", "L5", "L6"].map((name, i, all) => ({ name, parent: i === 0 ? "Workloads" : all[i - 1] }))]),
                'organizationalUnits[6].parent: "L5" puts "L6" 6 levels deep under the root (L6 in L5 in L4 in L3 in L2 in Workloads); AWS Organizations allows 5',
            ],
            ["a typo'd parent key", (c) => (c.organizationalUnits = ["Workloads", "Sandbox", { name: "Teams", parnet: "Workloads" }]), "organizationalUnits[2].parnet: unknown key (did you mean parent? valid: name, id, tags, parent)"],
            ["an OU listed twice with different parents", (c) => (c.organizationalUnits = ["Workloads", "Sandbox", { name: "Teams", parent: "Workloads" }, { name: "Teams", parent: "Sandbox" }]), 'organizationalUnits[3]: "Teams" is listed more than once, differently'],
            ["a local user in an external group", (c) => (c.groups.DeveloperGroup.external = true, delete c.groups.DeveloperGroup.description), 'users.jane.doe.groups: "DeveloperGroup" is an external group: its members come from the identity provider, which the program does not manage; add jane.doe to DeveloperGroup there, or give jane.doe access directly with users.jane.doe.access'],
            ["an external group with a description", (c) => (c.groups.Okta = { external: true, description: "Synced", access: {} }), "groups.Okta.description: an external group's description comes from the identity provider; remove description"],
            ["external written as yes", (c) => (c.groups.Okta = { external: "yes" }), 'groups.Okta.external: "yes" is not an external flag (true or false)'],
            ["an external user with an email", (c) => (c.users["okta.user"] = { external: true, email: "okta@example.org" }), "users.okta.user.email: an external user's names and email come from the identity provider; remove email"],
            ["an external user in an external group", (c) => ((c.groups.Okta = { external: true }), (c.users["okta.user"] = { external: true, groups: ["Okta"] })), 'users.okta.user.groups: "Okta" is an external group'],
            ["a local user without an email", (c) => delete c.users["jane.doe"].email, "users.jane.doe.email: missing: expected an email address (or external: true for a user synced from an identity provider)"],
            ["a user's own access to an unknown permission set", (c) => (c.users["jane.doe"].access = { Admin: ["dev"] }), 'users.jane.doe.access.Admin: "Admin" is not a permission set (known: DeveloperUserAccess)'],
            ["a user's own access to an unknown account", (c) => (c.users["jane.doe"].access = { DeveloperUserAccess: ["prod"] }), 'users.jane.doe.access.DeveloperUserAccess: "prod" is not an account (known: dev, root, sandbox); or ou:<OU name>, or all'],
            ["a user's own access to an undeclared OU", (c) => (c.users["jane.doe"].access = { DeveloperUserAccess: ["ou:Prod"] }), 'users.jane.doe.access.DeveloperUserAccess: "ou:Prod" is not a declared OU (known: ou:Sandbox, ou:Workloads)'],
        ];
        for (const [what, edit, expected] of cases) {
            it(`reports ${what} by path`, () => {
                const found = problemsAfter(edit);
                assert.ok(
                    found.some((p) => p.startsWith(expected) || p.includes(expected)),
                    `expected a problem like\n    ${expected}\n  got\n    ${found.join("\n    ") || "(none)"}`,
                );
            });
        }

        it("accepts every valid edit the cases above start from", () => {
            assert.deepEqual(problems(seed(), "eu-central-1"), []);
        });

        it("reports a missing aws:region with the command that sets it", () => {
            assert.deepEqual(problems(seed(), undefined), [
                "aws:region: missing: set it with `pulumi config set aws:region eu-central-1` (the region where Identity Center is enabled)",
            ]);
        });

        it("reports every problem at once, sorted by path, in one error", () => {
            const c = seed();
            c.users["jane.doe"].email = "jane-at-example.org";
            c.users["jane.doe"].groups = ["Developers"];
            c.users["jane.doe"].givenname = "Jane";
            c.permissionSets.DeveloperUserAccess.sessionDuration = "PT13H";
            c.accounts.dev.ou = "Work";
            let error: unknown;
            try {
                parseConfig(c, "eu-central-1");
            } catch (err) {
                error = err;
            }
            assert.ok(error instanceof ConfigError);
            assert.equal(error.problems.length, 5);
            assert.deepEqual(
                error.problems.map((p) => p.slice(0, p.indexOf(":"))),
                [
                    "accounts.dev.ou",
                    "permissionSets.DeveloperUserAccess.sessionDuration",
                    "users.jane.doe.email",
                    "users.jane.doe.givenname",
                    "users.jane.doe.groups",
                ],
            );
            assert.match(error.message, /^The stack config has 5 problems:\n {2}- accounts\.dev\.ou: /);
        });

        it("reads config from allConfig's form and leaves other namespaces alone", () => {
            const c = seed();
            const all: Record<string, string> = { "aws:region": "eu-central-1", "aws:maxRetries": "10", "other:thing": "x" };
            for (const [k, v] of Object.entries(c)) all[`landing-zone:${k}`] = JSON.stringify(v);
            assert.equal(loadStackConfig(all).accounts.dev.id, "222222222222");
        });
    });

    describe("misplaced keys and indentation slips: one error, the right fix", () => {
        it("points a key one level too high to where it belongs (sandbox.schedule → sandbox.nuke.schedule), and counts it there", () => {
            const found = problemsAfter((c) => {
                c.sandbox.schedule = "rate(7 days)";
                c.sandbox.nuke.notify = ["owner@example.org"];
            });
            assert.deepEqual(found, ["sandbox.schedule: unknown key (did you mean sandbox.nuke.schedule? valid: account, alias, nuke, budget, guardrails)"]);
        });

        it("points a key indented too little to the top level's object it belongs to", () => {
            const found = problemsAfter((c) => (c.budget = { monthlyLimit: 5 }));
            assert.deepEqual(found, [
                "landing-zone:budget: unknown key (did you mean landing-zone:sandbox.budget? valid: organization, organizationalUnits, accounts, permissionSets, groups, users, sandbox, identityCenter, imports)",
            ]);
            assert.match(problemsAfter((c) => (c.sandbox.nuke.monthlyLimit = 5))[0], /^sandbox\.nuke\.monthlyLimit: unknown key \(did you mean sandbox\.budget\.monthlyLimit\?/);
        });

        it("prefers a typo's near key where it is to a key elsewhere", () => {
            assert.match(problemsAfter((c) => (c.sandbox.nuk = {}))[0], /^sandbox\.nuk: unknown key \(did you mean nuke\?/);
        });

        it("says a dedented groups: under users is an indentation slip under the user written above it, once", () => {
            const found = problemsAfter((c) => {
                c.users = { "jane.doe": c.users["jane.doe"], "bob.smith": { givenName: "Bob", familyName: "Smith", email: "bob@example.org" }, groups: ["DeveloperGroup"] };
            });
            assert.deepEqual(found, ["users.groups: looks like an indentation slip: groups is a key of a user, not a user's name; indent it under the entry above it, as users.bob.smith.groups"]);
        });

        it("says the same of a dedented access: under groups, whose value is a map, instead of reporting its keys", () => {
            const found = problemsAfter((c) => (c.groups.access = { DeveloperUserAccess: ["dev"] }));
            assert.deepEqual(found, ["groups.access: looks like an indentation slip: access is a key of a group, not a group's name; indent it under the entry above it, as groups.DeveloperGroup.access"]);
        });

        it("leaves alone an entry that is named like a field but is an entry", () => {
            assert.deepEqual(problemsAfter((c) => (c.groups.access = { description: "The access reviewers" })), []);
        });

        it("finds the line of a YAML key that lost its colon, which the parser reports one line later", () => {
            const text = "config:\n  landing-zone:users:\n    jane.doe:\n      givenName Jane\n      email: jane@example.org\n";
            assert.throws(() => parseStackFile(text, "Pulumi.x.yaml"), (e: Error) => {
                assert.match(e.message, /^Pulumi\.x\.yaml: not valid YAML: bad indentation of a mapping entry .*\(5:12\)/);
                assert.match(e.message, /\n {2}line 4 looks like where it slipped: "givenName Jane" has no colon after its key \(write `key: value`\)$/);
                return true;
            });
            // A line indented too little is where the parser stops: nothing more to say.
            assert.throws(() => parseStackFile("config:\n  landing-zone:users:\n    jane.doe:\n      givenName: Jane\n     familyName: Doe\n"), (e: Error) => !/slipped/.test(e.message));
        });

        it("gives the stack's own region in examples of regions", () => {
            const c = seed();
            c.sandbox.nuke.regions = ["global"];
            const found = problems(c, "ap-southeast-2");
            assert.deepEqual(found, [
                'sandbox.nuke.regions: names no region besides "global", so the guardrails would deny every regional service; add the regions the sandbox may use (e.g. ap-southeast-2), or set sandbox.guardrails: false',
            ]);
            assert.match(problems({ ...seed(), sandbox: { ...seed().sandbox, nuke: { regions: [] } } }, "us-west-2")[0], /such as us-west-2\)/);
        });
    });

    describe("sandbox.nuke.keep", () => {
        const keep = (value: unknown) => problemsAfter((c) => (c.sandbox.nuke.keep = value));
        const cases: [string, unknown, string][] = [
            ["a resource type in the plural", { S3Buckets: ["state"] }, "sandbox.nuke.keep.S3Buckets: not a resource type aws-nuke v3.64.3 knows (did you mean S3Bucket? the list is config/sandbox/awsNukeResourceTypes.ts)"],
            ["a resource type in the wrong case", { IamRole: ["x"] }, "sandbox.nuke.keep.IamRole: not a resource type aws-nuke v3.64.3 knows (did you mean IAMRole?"],
            ["a resource type far from any", { Database: ["x"] }, "sandbox.nuke.keep.Database: not a resource type aws-nuke v3.64.3 knows (the list is config/sandbox/awsNukeResourceTypes.ts)"],
            ["a filter type aws-nuke has no use for here", { CloudTrailTrail: [{ type: "wildcard", value: "org-*" }] }, 'sandbox.nuke.keep.CloudTrailTrail[0]: type: "wildcard" is not a filter type (exact, glob, regex, contains)'],
            ["a misspelled filter key", { S3Bucket: [{ type: "exact", value: "state", propery: "Name" }] }, 'sandbox.nuke.keep.S3Bucket[0].propery: unknown key (did you mean property? valid: type, value, property, invert)'],
            ["a regex that does not compile", { CloudTrailTrail: [{ type: "regex", value: "org-(trail" }] }, 'sandbox.nuke.keep.CloudTrailTrail[0].value: "org-(trail" is not a valid regular expression'],
            ["a regex with a lookahead, which RE2 refuses", { IAMRole: [{ type: "regex", value: "^(?!app-).*" }] }, "uses a lookahead or lookbehind, which Go's RE2 (aws-nuke's regex) does not support"],
            ["a regex with a backreference, which RE2 refuses", { IAMRole: [{ type: "regex", value: "^(a)\\1$" }] }, "uses a backreference, which Go's RE2 (aws-nuke's regex) does not support"],
            ["a glob with an unclosed class", { S3Bucket: [{ type: "glob", value: "s3://state-[0-9" }] }, "has a [ without its ], which aws-nuke's glob refuses"],
            ["an empty filter value", { S3Bucket: [""] }, "sandbox.nuke.keep.S3Bucket[0]: "],
            ["a number for a filter", { S3Bucket: [5] }, "sandbox.nuke.keep.S3Bucket[0]: 5 is not a filter (a string, matched exactly, or { type: exact|glob|regex|contains, value, property?, invert? })"],
            ["a single filter instead of a list", { S3Bucket: "state" }, 'sandbox.nuke.keep.S3Bucket: "state" is not a list of filters'],
            ["an empty list", { S3Bucket: [] }, "sandbox.nuke.keep.S3Bucket: is empty: list at least one filter, or remove the resource type"],
            ["a list instead of a map", ["S3Bucket"], 'sandbox.nuke.keep: ["S3Bucket"] is not a map of aws-nuke resource types to filters'],
        ];
        for (const [what, value, expected] of cases) {
            it(`refuses ${what}`, () => {
                const found = keep(value);
                assert.ok(found.some((p) => p.startsWith(expected) || p.includes(expected)), `expected "${expected}" among:\n${found.join("\n")}`);
            });
        }

        it("takes Go's inline flags and RE2's syntax that JavaScript lacks", () => {
            assert.deepEqual(keep({ CloudTrailTrail: [{ type: "regex", value: "(?i)^ORG-" }, { type: "regex", value: "\\Aorg\\z" }] }), []);
        });

        it("is canonical: duplicates dropped, filters sorted, so reordering the stack file runs nothing again", () => {
            const a = seed();
            a.sandbox.nuke.keep = { S3Bucket: ["s3://b", { type: "glob", value: "s3://tf-*" }, "s3://a", "s3://b"], CloudTrailTrail: ["org-trail"] };
            const b = seed();
            b.sandbox.nuke.keep = { CloudTrailTrail: ["org-trail"], S3Bucket: ["s3://a", { value: "s3://tf-*", type: "glob" }, "s3://b"] };
            const parsed = parseConfig(a, "eu-central-1").sandbox?.nuke.keep;
            assert.deepEqual(parsed, { CloudTrailTrail: ["org-trail"], S3Bucket: ["s3://a", "s3://b", { type: "glob", value: "s3://tf-*" }] });
            assert.equal(JSON.stringify(parseConfig(b, "eu-central-1").sandbox?.nuke.keep), JSON.stringify(parsed));
        });

        it("defaults to keeping nothing more", () => {
            assert.deepEqual(parseConfig(seed(), "eu-central-1").sandbox?.nuke.keep, {});
        });

        it("lists resource types from aws-nuke v3 itself, with where they were read", () => {
            assert.ok(AWS_NUKE_RESOURCE_TYPES.includes("CloudTrailTrail") && AWS_NUKE_RESOURCE_TYPES.includes("IAMRolePolicy"));
            assert.ok(!AWS_NUKE_RESOURCE_TYPES.includes("S3Buckets"));
            assert.match(AWS_NUKE_VERSION, /^v3\.\d+\.\d+$/);
            assert.deepEqual([...AWS_NUKE_RESOURCE_TYPES], [...AWS_NUKE_RESOURCE_TYPES].sort(compareText));
        });
    });

    describe("JSON Schema for editors", () => {
        it("is checked in as generated from the zod schema (run `npm run schema` after a schema change)", () => {
            const checkedIn = JSON.parse(readFileSync(join(ROOT, "config", "stack.schema.json"), "utf8"));
            assert.deepEqual(checkedIn, stackFileJsonSchema());
        });

        const validator = () => new Ajv2020({ allErrors: true, strict: false }).compile(stackFileJsonSchema());
        for (const stack of ["dev", "prod"]) {
            it(`accepts Pulumi.${stack}.yaml in a JSON Schema validator`, () => {
                const validate = validator();
                const ok = validate(parse(readFileSync(join(ROOT, `Pulumi.${stack}.yaml`), "utf8")));
                assert.ok(ok, JSON.stringify(validate.errors, null, 2));
            });
        }

        it("flags a typo'd key inside a user in a JSON Schema validator", () => {
            const validate = validator();
            const doc = parse(readFileSync(join(ROOT, "Pulumi.dev.yaml"), "utf8"));
            doc.config["landing-zone:users"]["jane.doe"].givenname = "Jane";
            assert.equal(validate(doc), false);
            assert.ok(validate.errors?.some((e) => e.keyword === "additionalProperties" && e.params.additionalProperty === "givenname"));
        });

        it("describes the namespaced keys and refuses a misspelled landing-zone key", () => {
            const schema = stackFileJsonSchema() as any;
            const config = schema.properties.config;
            assert.ok(config.properties["landing-zone:users"]);
            assert.equal(config.properties["landing-zone:users"].additionalProperties.additionalProperties, false);
            const [pattern, rule] = Object.entries(config.patternProperties)[0] as [string, unknown];
            assert.equal(rule, false);
            assert.ok(new RegExp(pattern).test("landing-zone:usres"));
            assert.ok(!new RegExp(pattern).test("landing-zone:users"));
            assert.ok(!new RegExp(pattern).test("aws:region"));
        });
    });
});

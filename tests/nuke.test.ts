/**
 * config/sandbox/nuke.ts, pure: the aws-nuke v3 config generated from the model, the refusals that keep it
 * aimed at the sandbox only, the invocation, and the alias rule.
 */
import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { parse } from "yaml";
import {
    NukeConfigError,
    NukeModel,
    accessRoleArn,
    customerManagedPoliciesOf,
    generateNukeConfig,
    nukeBlocklist,
    CONFIG_VAR,
    OUTCOME_PREFIX,
    nukeArguments,
    nukeCommandLine,
    nukeCreateCommand,
    nukeOutcome,
    nukeOutcomeWarning,
    permissionSetsAssignedTo,
    sandboxAlias,
    sha256,
} from "../config/sandbox/nuke";
import type { GroupConfig, PermissionSetConfig } from "../config/schema";
import { Resource, accountFilters, globRegExp, kept, resourceOf, skippedByAwsNuke, survives } from "./awsNukeFilters";

const MANAGEMENT = "111111111111";
const DEV = "222222222222";
const SANDBOX = "333333333333";

const MODEL: NukeModel = {
    sandbox: "sandbox",
    accountIds: { root: MANAGEMENT, dev: DEV, sandbox: SANDBOX },
    managementAccountId: MANAGEMENT,
    regions: ["global", "eu-central-1"],
    cdkQualifier: "hnb659fds",
};

type Filter = string | { property?: string; type: string; value: string };
interface Parsed {
    regions: string[];
    blocklist: string[];
    accounts: Record<string, { filters: Record<string, Filter[]> }>;
}
const parsed = (model: NukeModel = MODEL) => parse(generateNukeConfig(model)) as Parsed;
const filters = (model: NukeModel = MODEL) => parsed(model).accounts[model.accountIds[model.sandbox]].filters;

/** The error generateNukeConfig throws for a model; fails when it does not throw. */
function refusal(model: NukeModel): NukeConfigError {
    try {
        generateNukeConfig(model);
    } catch (err) {
        if (err instanceof NukeConfigError) return err;
        throw err;
    }
    throw new Error("expected generateNukeConfig to refuse the model");
}

describe("the generated aws-nuke config", () => {
    it("lists the configured regions, in the canonical order", () => {
        assert.deepEqual(parsed().regions, ["global", "eu-central-1"]);
    });

    it("blocklists every other account the stack knows, the management account included", () => {
        assert.deepEqual(parsed().blocklist, [MANAGEMENT, DEV]);
    });

    it("blocklists the management account even when the account map does not list it", () => {
        assert.deepEqual(parsed({ ...MODEL, accountIds: { dev: DEV, sandbox: SANDBOX } }).blocklist, [MANAGEMENT, DEV]);
    });

    it("names only the sandbox under accounts", () => {
        assert.deepEqual(Object.keys(parsed().accounts), [SANDBOX]);
    });

    it("writes account ids as strings, so YAML cannot read them as numbers", () => {
        const text = generateNukeConfig(MODEL);
        assert.match(text, /^ {2}- "111111111111"$/m);
        assert.match(text, /^ {2}"333333333333":$/m);
    });

    it("keeps the access role, every managed attachment of it and every inline policy of it, by role", () => {
        assert.equal(filters().IAMRole[0], "OrganizationAccountAccessRole");
        assert.deepEqual(filters().IAMRolePolicyAttachment[0], { property: "RoleName", type: "exact", value: "OrganizationAccountAccessRole" });
        assert.deepEqual(filters().IAMRolePolicy[0], { property: "role:RoleName", type: "exact", value: "OrganizationAccountAccessRole" });
    });

    it("keeps the way in whatever else the model holds: another qualifier, nothing to keep", () => {
        const f = filters({ ...MODEL, cdkQualifier: "x1", keep: {} });
        assert.deepEqual(f.IAMRolePolicy[0], { property: "role:RoleName", type: "exact", value: "OrganizationAccountAccessRole" });
        assert.deepEqual(f.IAMRolePolicyAttachment[0], { property: "RoleName", type: "exact", value: "OrganizationAccountAccessRole" });
    });

    it("keeps the Identity Center roles, attachments and inline policies by their path, the prefix aws-nuke itself checks", () => {
        assert.deepEqual(filters().IAMRole[1], { property: "Path", type: "regex", value: "^/aws-reserved/sso\\.amazonaws\\.com/" });
        assert.deepEqual(filters().IAMRolePolicyAttachment[1], { property: "RolePath", type: "regex", value: "^/aws-reserved/sso\\.amazonaws\\.com/" });
        assert.deepEqual(filters().IAMRolePolicy[1], { property: "role:Path", type: "regex", value: "^/aws-reserved/sso\\.amazonaws\\.com/" });
    });

    it("keeps no role, attachment or inline policy by an Identity Center name", () => {
        const all = [...filters().IAMRole, ...filters().IAMRolePolicyAttachment, ...filters().IAMRolePolicy];
        assert.ok(!JSON.stringify(all).includes("AWSReservedSSO"), JSON.stringify(all));
        for (const f of all) {
            if (typeof f === "object" && f.type !== "exact") assert.match(f.property ?? "", /^(Path|RolePath|role:Path)$/, JSON.stringify(f));
        }
    });

    it("keeps the Identity Center SAML provider of the sandbox", () => {
        assert.deepEqual(filters().IAMSAMLProvider, [
            { type: "glob", value: `arn:aws:iam::${SANDBOX}:saml-provider/AWSSSO_*_DO_NOT_DELETE` },
        ]);
    });

    it("keeps the CDK bootstrap of the configured qualifier by its exact names, for the sandbox's account and each nuked Region", () => {
        const f = filters({ ...MODEL, regions: ["global", "eu-central-1", "us-east-1"], cdkQualifier: "custom1" });
        const roles = ["cfn-exec-role", "deploy-role", "file-publishing-role", "image-publishing-role", "lookup-role"].flatMap((r) =>
            ["eu-central-1", "us-east-1"].map((region) => `cdk-custom1-${r}-${SANDBOX}-${region}`),
        );
        assert.deepEqual(f.IAMRole.filter((x) => typeof x === "string" && x.startsWith("cdk-")), roles.sort());
        assert.deepEqual(f.IAMRolePolicyAttachment.slice(-10), roles.map((value) => ({ property: "RoleName", type: "exact", value })));
        assert.deepEqual(f.IAMRolePolicy.slice(-10), roles.map((value) => ({ property: "role:RoleName", type: "exact", value })));
        assert.deepEqual(f.S3Bucket, [`s3://cdk-custom1-assets-${SANDBOX}-eu-central-1`, `s3://cdk-custom1-assets-${SANDBOX}-us-east-1`]);
        assert.deepEqual(f.S3Object, [
            { property: "Bucket", type: "exact", value: `cdk-custom1-assets-${SANDBOX}-eu-central-1` },
            { property: "Bucket", type: "exact", value: `cdk-custom1-assets-${SANDBOX}-us-east-1` },
        ]);
        assert.deepEqual(f.SSMParameter, ["/cdk-bootstrap/custom1/version"]);
        assert.deepEqual(f.CloudFormationStack, ["CDKToolkit"]);
        assert.deepEqual(f.ECRRepository, [
            `Repository: cdk-custom1-container-assets-${SANDBOX}-eu-central-1`,
            `Repository: cdk-custom1-container-assets-${SANDBOX}-us-east-1`,
        ]);
        assert.ok(!/cdk-[^"]*[*?]/.test(JSON.stringify(f)), "no CDK name is a pattern");
        assert.ok(!generateNukeConfig({ ...MODEL, cdkQualifier: "custom1" }).includes("hnb659fds"));
    });

    it("keeps the customer managed policies the assigned permission sets reference", () => {
        const model = { ...MODEL, customerManagedPolicies: [{ name: "Boundary", path: "/org/" }, { name: "Tools", path: "/" }] };
        assert.deepEqual(filters(model).IAMPolicy, [
            `arn:aws:iam::${SANDBOX}:policy/Tools`,
            `arn:aws:iam::${SANDBOX}:policy/org/Boundary`,
        ]);
        assert.equal(filters().IAMPolicy, undefined);
    });

    it("is deterministic: the same model gives the same bytes", () => {
        const reordered: NukeModel = {
            ...MODEL,
            accountIds: { sandbox: SANDBOX, dev: DEV, root: MANAGEMENT },
        };
        assert.equal(generateNukeConfig(reordered), generateNukeConfig(MODEL));
        assert.equal(sha256(generateNukeConfig(reordered)), sha256(generateNukeConfig(MODEL)));
    });
});

describe("the generated filters, evaluated the way aws-nuke v3 does (tests/awsNukeFilters.ts)", () => {
    const config = generateNukeConfig(MODEL);
    const f = accountFilters(config, SANDBOX);
    const role = (name: string, path = "/"): Resource => ({ type: "IAMRole", string: name, props: { Name: name, Path: path } });
    const inline = (roleName: string, policy: string, path = "/"): Resource => ({
        type: "IAMRolePolicy",
        string: `${roleName} -> ${policy}`,
        props: { PolicyName: policy, "role:RoleName": roleName, "role:Path": path },
    });
    const attachment = (roleName: string, policy: string, path = "/"): Resource => ({
        type: "IAMRolePolicyAttachment",
        string: `${roleName} -> ${policy}`,
        props: { RoleName: roleName, RolePath: path, PolicyName: policy, PolicyArn: `arn:aws:iam::aws:policy/${policy}` },
    });
    const SSO_PATH = "/aws-reserved/sso.amazonaws.com/";
    const bucket = (name: string): Resource => ({ type: "S3Bucket", string: `s3://${name}`, props: { Name: name } });
    const sso = (ps: string) => `AWSReservedSSO_${ps}_0123456789abcdef`;
    const cdkRole = "cdk-hnb659fds-deploy-role-333333333333-eu-central-1";
    const assets = "cdk-hnb659fds-assets-333333333333-eu-central-1";

    const KEPT: [string, Resource][] = [
        ["the access role", role("OrganizationAccountAccessRole")],
        ["the access role's inline admin grant (an account Organizations created)", inline("OrganizationAccountAccessRole", "AdministratorAccess")],
        ["any other inline policy of the access role", inline("OrganizationAccountAccessRole", "BreakGlassExtra")],
        ["the access role's managed AdministratorAccess (a hand-made role)", attachment("OrganizationAccountAccessRole", "AdministratorAccess")],
        ["any other managed policy attached to the access role", attachment("OrganizationAccountAccessRole", "ReadOnlyAccess")],
        ["an Identity Center role", role(sso("AdministratorAccess"), SSO_PATH)],
        ["its managed attachment", attachment(sso("AdministratorAccess"), "AdministratorAccess", SSO_PATH)],
        ["the inline policy of another Identity Center role", inline(sso("DeveloperUserAccess"), "AwsSSOInlinePolicy", SSO_PATH)],
        ["an Identity Center role under its Region's path", role(sso("ReadOnlyAccess"), `${SSO_PATH}eu-west-1/`)],
        ["its managed attachment", attachment(sso("ReadOnlyAccess"), "ReadOnlyAccess", `${SSO_PATH}eu-west-1/`)],
        ["its inline policy", inline(sso("ReadOnlyAccess"), "AwsSSOInlinePolicy", `${SSO_PATH}eu-west-1/`)],
        ["the Identity Center SAML provider", { type: "IAMSAMLProvider", string: `arn:aws:iam::${SANDBOX}:saml-provider/AWSSSO_0123abcd4567ef89_DO_NOT_DELETE`, props: {} }],
        ["a CDK bootstrap role", role(cdkRole)],
        ["its inline policy", inline(cdkRole, "default")],
        ["its managed attachment", attachment(cdkRole, "AdministratorAccess")],
        ["the CDK assets bucket", bucket(assets)],
        ["an object in it", { type: "S3Object", string: `s3://${assets}/abc.zip`, props: { Bucket: assets, Key: "abc.zip" } }],
        ["the CDK version parameter", { type: "SSMParameter", string: "/cdk-bootstrap/hnb659fds/version", props: {} }],
        ["the CDK stack", { type: "CloudFormationStack", string: "CDKToolkit", props: { Name: "CDKToolkit" } }],
        ["the CDK container repository", { type: "ECRRepository", string: "Repository: cdk-hnb659fds-container-assets-333333333333-eu-central-1", props: {} }],
        ...["cfn-exec-role", "file-publishing-role", "image-publishing-role", "lookup-role"].map((r): [string, Resource] => [`CDK's ${r}`, role(`cdk-hnb659fds-${r}-${SANDBOX}-eu-central-1`)]),
        ["the lookup role's ReadOnlyAccess", attachment(`cdk-hnb659fds-lookup-role-${SANDBOX}-eu-central-1`, "ReadOnlyAccess")],
        ["the file publishing role's default policy", inline(`cdk-hnb659fds-file-publishing-role-${SANDBOX}-eu-central-1`, `cdk-hnb659fds-file-publishing-role-default-policy-${SANDBOX}-eu-central-1`)],
        ["the assets bucket as the source-following lister prints it", resourceOf("S3Bucket", { Name: assets })],
        ["an old version of an object in it", resourceOf("S3Object", { Bucket: assets, Key: "a.zip", VersionID: "v1", IsLatest: "false" })],
        ["the container repository as the source-following lister prints it", resourceOf("ECRRepository", {}, [`cdk-hnb659fds-container-assets-${SANDBOX}-eu-central-1`])],
    ];
    const REMOVED: [string, Resource][] = [
        ["an application role", role("app-role")],
        ["its inline policy", inline("app-role", "s3-access")],
        ["its managed attachment", attachment("app-role", "AdministratorAccess")],
        ["an inline policy that is only named like the access role", inline("app-role", "OrganizationAccountAccessRole")],
        ["a role whose name starts like the access role", role("OrganizationAccountAccessRole2")],
        ["the inline policy of that role", inline("OrganizationAccountAccessRole2", "AdministratorAccess")],
        ["a scratch bucket", bucket("scratch")],
        ["a look-alike cdk-<qualifier>x-... role", role("cdk-hnb659fdsx-deploy-role-333333333333-eu-central-1")],
        ["its managed attachment", attachment("cdk-hnb659fdsx-deploy-role-333333333333-eu-central-1", "AdministratorAccess")],
        ["a look-alike assets bucket", bucket("cdk-hnb659fdsx-assets-333333333333-eu-central-1")],
        ["a look-alike cdk-<qualifier>-backdoor role", role("cdk-hnb659fds-backdoor")],
        ["its AdministratorAccess", attachment("cdk-hnb659fds-backdoor", "AdministratorAccess")],
        ["its inline policy", inline("cdk-hnb659fds-backdoor", "admin")],
        ["a role named like CDK's for a Region the nuke does not clean", role(`cdk-hnb659fds-deploy-role-${SANDBOX}-ap-southeast-2`)],
        ["a role named like CDK's for another account", role("cdk-hnb659fds-deploy-role-999999999999-eu-central-1")],
        ["a role with a CDK role's name and more", role(`${cdkRole}-extra`)],
        ["a look-alike cdk-<qualifier>-assets-* bucket", bucket("cdk-hnb659fds-assets-look-alike")],
        ["an object in it", resourceOf("S3Object", { Bucket: "cdk-hnb659fds-assets-look-alike", Key: "loot.zip" })],
        ["an assets bucket of a Region the nuke does not clean", bucket(`cdk-hnb659fds-assets-${SANDBOX}-ap-southeast-2`)],
        ["a look-alike container repository", resourceOf("ECRRepository", {}, ["cdk-hnb659fds-container-assets-evil"])],
        ["a role named like an Identity Center role at /", role(sso("AdministratorAccess"))],
        ["its AdministratorAccess", attachment(sso("AdministratorAccess"), "AdministratorAccess")],
        ["its inline policy", inline(sso("AdministratorAccess"), "AwsSSOInlinePolicy")],
        ["a role named like an Identity Center role at a path that contains the real one", role(sso("AdministratorAccess"), `/x${SSO_PATH}`)],
        ["its AdministratorAccess", attachment(sso("AdministratorAccess"), "AdministratorAccess", `/x${SSO_PATH}`)],
        ["its inline policy", inline(sso("AdministratorAccess"), "AwsSSOInlinePolicy", `/x${SSO_PATH}`)],
        ["a role named like an Identity Center role at a look-alike path", role(sso("AdministratorAccess"), "/aws-reserved/sso-amazonaws.com/")],
        ["its AdministratorAccess", attachment(sso("AdministratorAccess"), "AdministratorAccess", "/aws-reserved/ssoXamazonaws.com/")],
        ["its inline policy", inline(sso("AdministratorAccess"), "AwsSSOInlinePolicy", "/aws-reserved/sso.amazonaws.com")],
        ["another account's SAML provider", { type: "IAMSAMLProvider", string: "arn:aws:iam::999999999999:saml-provider/AWSSSO_0123abcd4567ef89_DO_NOT_DELETE", props: {} }],
        ["a SAML provider nested under a path", { type: "IAMSAMLProvider", string: `arn:aws:iam::${SANDBOX}:saml-provider/AWSSSO_x/y_DO_NOT_DELETE`, props: {} }],
    ];

    for (const [what, resource] of KEPT) {
        it(`keeps ${what} (${resource.type} ${resource.string})`, () => assert.equal(kept(f, resource), true));
    }
    for (const [what, resource] of REMOVED) {
        it(`removes ${what} (${resource.type} ${resource.string})`, () => assert.equal(survives(f, resource), false));
    }

    it("leaves Identity Center's roles to aws-nuke's own check too, and a look-alike at another path to nothing", () => {
        const real = [role(sso("AdministratorAccess"), SSO_PATH), attachment(sso("AdministratorAccess"), "AdministratorAccess", SSO_PATH), inline(sso("AdministratorAccess"), "AwsSSOInlinePolicy", SSO_PATH)];
        assert.deepEqual(real.map(skippedByAwsNuke), ["cannot delete SSO roles", "cannot detach from SSO roles", "cannot alter sso roles"]);
        for (const r of real) assert.equal(survives({}, r), true, `${r.type} survives without any filter`);
        const lookAlike = [role(sso("AdministratorAccess")), attachment(sso("AdministratorAccess"), "AdministratorAccess"), inline(sso("AdministratorAccess"), "AwsSSOInlinePolicy")];
        for (const r of lookAlike) assert.equal(skippedByAwsNuke(r), undefined, `${r.type} ${r.string}`);
    });

    it("would have kept a look-alike Identity Center role at / forever with the name filters of before", () => {
        const before = { IAMRole: [{ type: "regex", value: "^AWSReservedSSO_AdministratorAccess_[0-9a-f]{16}$" }] };
        assert.equal(survives(before, role(sso("AdministratorAccess"))), true);
        assert.equal(survives(f, role(sso("AdministratorAccess"))), false);
    });

    it("would delete the access role's inline policy with the filters of before, which kept only the attachment by its string", () => {
        const before = { IAMRolePolicyAttachment: ["OrganizationAccountAccessRole -> AdministratorAccess"], IAMRolePolicy: [] };
        assert.equal(kept(before, inline("OrganizationAccountAccessRole", "AdministratorAccess")), false);
        assert.equal(kept(before, attachment("OrganizationAccountAccessRole", "ReadOnlyAccess")), false);
    });

    it("evaluates globs as mb0/glob does: * stops at /, ** does not", () => {
        assert.equal(globRegExp("a/*").test("a/b/c"), false);
        assert.equal(globRegExp("a/**").test("a/b/c"), true);
        assert.equal(globRegExp("s3://tf-state-?").test("s3://tf-state-1"), true);
    });
});

describe("the generator's refusals", () => {
    it("refuses a sandbox without an account id", () => {
        const err = refusal({ ...MODEL, accountIds: { root: MANAGEMENT, dev: DEV } });
        assert.match(err.message, /sandbox\.account: "sandbox" has no account id/);
    });

    it("refuses a sandbox whose id is empty or not 12 digits", () => {
        assert.match(refusal({ ...MODEL, accountIds: { ...MODEL.accountIds, sandbox: "" } }).message, /has no account id/);
        assert.match(refusal({ ...MODEL, accountIds: { ...MODEL.accountIds, sandbox: "3333" } }).message, /not an account id/);
    });

    it("refuses a sandbox that is the management account", () => {
        const err = refusal({ ...MODEL, accountIds: { root: MANAGEMENT, sandbox: MANAGEMENT } });
        assert.match(err.message, /is the management account/);
    });

    it("refuses a sandbox whose id is also another account's, which would put it in the blocklist", () => {
        const err = refusal({ ...MODEL, accountIds: { ...MODEL.accountIds, dev: SANDBOX } });
        assert.match(err.message, /also the id of accounts\.dev, so it is in the blocklist/);
    });

    it("refuses a blocklisted id that is not an account id", () => {
        assert.match(refusal({ ...MODEL, accountIds: { ...MODEL.accountIds, dev: "dev" } }).message, /accounts\.dev: "dev" is not an account id/);
    });

    it("refuses a management account id that is not an account id", () => {
        assert.match(refusal({ ...MODEL, managementAccountId: "" }).message, /management account id "" is not an account id/);
    });

    it("refuses an empty region list and a malformed CDK qualifier", () => {
        assert.match(refusal({ ...MODEL, regions: [] }).message, /sandbox\.nuke\.regions: is empty/);
        assert.match(refusal({ ...MODEL, cdkQualifier: "CDK*" }).message, /cdkQualifier: "CDK\*" is not a CDK qualifier/);
    });

    it("reports every problem at once", () => {
        const err = refusal({ ...MODEL, accountIds: { sandbox: MANAGEMENT }, regions: [] });
        assert.equal(err.problems.length, 2);
    });

    it("keeps the sandbox out of the blocklist it computes", () => {
        assert.ok(!nukeBlocklist(MODEL).includes(SANDBOX));
    });
});

describe("the permission sets the sandbox keeps", () => {
    const estate = {
        accounts: {
            root: { management: true },
            dev: { management: false, ou: "Workloads" },
            prod: { management: false, ou: "Workloads" },
            sandbox: { management: false, ou: "Sandbox" },
        },
        organizationalUnits: [{ name: "Workloads" }, { name: "Sandbox" }],
    };
    const groups: Record<string, Pick<GroupConfig, "access">> = {
        Admins: { access: { AdministratorAccess: ["dev", "sandbox"], BillingAccess: ["root"] } },
        Devs: { access: { DeveloperUserAccess: ["dev", "sandbox"], ReadOnlyAccess: ["prod"] } },
        Auditors: { access: { AdministratorAccess: ["sandbox"] } },
    };

    it("are those some group's access map assigns to the sandbox, sorted and unique", () => {
        assert.deepEqual(permissionSetsAssignedTo({ ...estate, groups, users: {} }, "sandbox"), ["AdministratorAccess", "DeveloperUserAccess"]);
    });

    it("are none when no group has access to the sandbox", () => {
        assert.deepEqual(permissionSetsAssignedTo({ ...estate, groups, users: {} }, "elsewhere"), []);
    });

    it("include those that reach the sandbox through all or its OU, so sign-in survives the nuke", () => {
        const wide = { Everyone: { access: { ReadOnlyAccess: ["all"] } }, Play: { access: { DeveloperUserAccess: ["ou:Sandbox"] } }, Work: { access: { BillingAccess: ["ou:Workloads"] } } };
        assert.deepEqual(permissionSetsAssignedTo({ ...estate, groups: wide, users: {} }, "sandbox"), ["DeveloperUserAccess", "ReadOnlyAccess"]);
    });

    it("include those a user is given directly on the sandbox", () => {
        const users = { "jane.doe": { access: { PowerUserAccess: ["sandbox"] } }, bob: { access: { AdministratorAccess: ["dev"] } } };
        assert.deepEqual(permissionSetsAssignedTo({ ...estate, groups: {}, users }, "sandbox"), ["PowerUserAccess"]);
    });

    it("bring their customer managed policies and boundaries along", () => {
        const ps = (over: Partial<PermissionSetConfig>): PermissionSetConfig => ({
            managedPolicies: [],
            customerManagedPolicies: [],
            sessionDuration: "PT1H",
            tags: {},
            ...over,
        });
        const permissionSets = {
            A: ps({ customerManagedPolicies: [{ name: "Tools", path: "/" }], permissionsBoundary: { customerManaged: { name: "Limit", path: "/b/" } } }),
            B: ps({ customerManagedPolicies: [{ name: "Tools", path: "/" }] }),
            C: ps({ customerManagedPolicies: [{ name: "NotAssigned", path: "/" }] }),
        };
        assert.deepEqual(customerManagedPoliciesOf(permissionSets, ["A", "B"]), [
            { name: "Tools", path: "/" },
            { name: "Limit", path: "/b/" },
        ]);
    });
});

describe("the aws-nuke invocation", () => {
    const arn = accessRoleArn(SANDBOX);

    it("assumes OrganizationAccountAccessRole in the sandbox", () => {
        assert.equal(arn, `arn:aws:iam::${SANDBOX}:role/OrganizationAccountAccessRole`);
    });

    it("is what a person types: a config file, no prompts, the bounded wait, the shortest prompt delay, the pinned log format", () => {
        assert.equal(
            nukeCommandLine({ roleArn: arn, dryRun: true, configFile: "nuke.yaml" }),
            "bash scripts/nuke-sandbox.sh aws-nuke run --config nuke.yaml --no-prompt --prompt-delay 3 --max-wait-retries 360 " +
                `--log-level info --log-format standard --assume-role-arn ${arn}`,
        );
    });

    it("quotes a config path the shell would split", () => {
        assert.match(nukeCommandLine({ roleArn: arn, dryRun: true, configFile: "my dir/nuke.yaml" }), / --config 'my dir\/nuke\.yaml' /);
    });

    it("passes --no-dry-run, last and plainly visible, only when dryRun is false", () => {
        assert.ok(nukeCommandLine({ roleArn: arn, dryRun: false, configFile: "f" }).endsWith(`--assume-role-arn ${arn} --no-dry-run`));
        assert.ok(!nukeCommandLine({ roleArn: arn, dryRun: true, configFile: "f" }).includes("--no-dry-run"));
    });

    it("refuses anything but a role ARN in one account", () => {
        assert.throws(() => nukeArguments({ roleArn: "arn:aws:iam::*:role/X", dryRun: true, configFile: "f" }), NukeConfigError);
        assert.throws(() => nukeArguments({ roleArn: `${arn} --no-alias-check`, dryRun: true, configFile: "f" }), NukeConfigError);
        assert.throws(() => accessRoleArn("12345"), NukeConfigError);
    });

    it("never uses --config -, which aws-nuke v3 does not read as standard input", () => {
        for (const dryRun of [true, false]) assert.doesNotMatch(nukeCreateCommand({ roleArn: arn, dryRun }), /--config -( |$)/);
    });
});

describe("the command resource's create", () => {
    const arn = accessRoleArn(SANDBOX);
    let dir: string;
    before(() => {
        dir = mkdtempSync(join(tmpdir(), "nuke-create-"));
        mkdirSync(join(dir, "scripts"));
    });
    after(() => rmSync(dir, { recursive: true, force: true }));

    /** Runs a create under /bin/sh, as the command provider does, with a stand-in for the script. */
    function runCreate(stand: string, stdin: string, options: Omit<Parameters<typeof nukeCreateCommand>[0], "roleArn"> = { dryRun: true }) {
        writeFileSync(join(dir, "scripts", "nuke-sandbox.sh"), stand);
        return spawnSync("/bin/sh", ["-c", nukeCreateCommand({ roleArn: arn, ...options })], { cwd: dir, input: stdin, encoding: "utf8" });
    }

    it("is the person's command line with the config written to a private file first", () => {
        const create = nukeCreateCommand({ roleArn: arn, dryRun: true });
        assert.ok(create.startsWith(`config=$(mktemp) && trap 'rm -f "$config"' EXIT && cat >"$config" && `));
        assert.ok(create.includes(nukeCommandLine({ roleArn: arn, dryRun: true, configFile: CONFIG_VAR })));
    });

    it("hands the script the config from stdin as a file only its owner can read, and removes it afterwards", () => {
        const stand = 'f=$4; printf "%s\\n" "$f" >args; ls -l "$f" | cut -c1-10 >mode; cat "$f" >seen; exit 0\n';
        const r = runCreate(stand, "the config\n");
        assert.equal(r.status, 0, r.stderr);
        assert.equal(readFileSync(join(dir, "seen"), "utf8"), "the config\n");
        assert.equal(readFileSync(join(dir, "mode"), "utf8").trim(), "-rw-------");
        assert.ok(!existsSync(readFileSync(join(dir, "args"), "utf8").trim()), "the private file is gone");
    });

    it("records the script's exit code as the last line instead of failing", () => {
        const r = runCreate('echo "nuke-sandbox: summary (REAL RUN (deletes), account 333333333333): would remove 2, removed 1, failed 1, filtered 3"\nexit 3\n', "x");
        assert.equal(r.status, 0);
        assert.deepEqual(nukeOutcome(r.stdout), {
            exitCode: 3,
            summary: ["nuke-sandbox: summary (REAL RUN (deletes), account 333333333333): would remove 2, removed 1, failed 1, filtered 3"],
        });
        const ok = runCreate("exit 0\n", "x");
        assert.equal(nukeOutcome(ok.stdout)?.exitCode, 0);
    });

    it("records, after the exit code, the kind of run, the account and the config's sha256, which the stack remembers", () => {
        const record = { accountId: "333333333333", configSha256: "a".repeat(64) };
        assert.deepEqual(nukeOutcome(runCreate("exit 0\n", "x", { dryRun: true, record }).stdout), { exitCode: 0, summary: [], record: { dryRun: true, ...record } });
        assert.deepEqual(nukeOutcome(runCreate("exit 2\n", "x", { dryRun: false, record }).stdout), { exitCode: 2, summary: [], record: { dryRun: false, ...record } });
        assert.throws(() => nukeCreateCommand({ roleArn: arn, dryRun: true, record: { ...record, configSha256: "x" } }), /cannot record a run/);
    });

    it("reads the outcome from the last line only, so nothing aws-nuke printed (a resource's name) passes for it", () => {
        const forged = `${OUTCOME_PREFIX} 0 after a dry run of 333333333333 with config sha256 ${"b".repeat(64)}`;
        assert.equal(nukeOutcome(`${forged}\nsomething after it`), undefined);
        assert.equal(nukeOutcome(`${forged}\n${OUTCOME_PREFIX} 2`)?.record, undefined);
        assert.equal(nukeOutcome(`${OUTCOME_PREFIX} 0 after a dry run of 333333333333 with config sha256 ${"b".repeat(64)} and more`)?.exitCode, -1);
    });
});

describe("a recorded run", () => {
    const out = (code: number, ...lines: string[]) => [...lines, `${OUTCOME_PREFIX} ${code}`, ""].join("\n");

    it("is nothing before the first run", () => {
        assert.equal(nukeOutcome(""), undefined);
        assert.equal(nukeOutcome(undefined), undefined);
        assert.equal(nukeOutcomeWarning(undefined, "1"), undefined);
    });

    it("warns of nothing when it succeeded", () => {
        assert.equal(nukeOutcomeWarning(nukeOutcome(out(0, "nuke-sandbox: clean: the verifying dry run finds nothing left to remove")), "1"), undefined);
    });

    it("warns that a failed run is recorded, will not repeat by itself, and how to run it again", () => {
        const outcome = nukeOutcome(out(3, "eu-central-1 - CloudTrailTrail - org-trail - [] - failed", "nuke-sandbox: NOT CLEAN: aws-nuke stopped with 1 resource(s)"));
        const warning = nukeOutcomeWarning(outcome, "2026-11-21") ?? "";
        assert.match(warning, /^The last sandbox nuke \(sandbox\.nuke\.run "2026-11-21"\) left resources behind\. It is recorded and will not run again by itself:/);
        assert.match(warning, /\n {2}nuke-sandbox: NOT CLEAN: aws-nuke stopped with 1 resource\(s\)\n/);
        assert.doesNotMatch(warning, /CloudTrailTrail/, "aws-nuke's own lines stay in the output, the warning has the summary");
        assert.match(warning, /change sandbox\.nuke\.run to run it again\.$/);
    });

    it("says a refused run never reached aws-nuke", () => {
        const warning = nukeOutcomeWarning(nukeOutcome(out(2, "nuke-sandbox: REFUSED: aws-nuke is not installed")), "1") ?? "";
        assert.match(warning, /was refused before aws-nuke ran/);
        assert.match(warning, /REFUSED: aws-nuke is not installed/);
    });
});

describe("the sandbox alias", () => {
    it("is the prefix and the random suffix", () => {
        assert.equal(sandboxAlias("sandbox", "a1b2c3d4"), "sandbox-a1b2c3d4");
    });

    it("never contains prod, whatever letters the suffix spells", () => {
        assert.equal(sandboxAlias("sandbox", "xprodx12"), "sandbox-xpr0dx12");
        assert.equal(sandboxAlias("sandbox", "prodprod"), "sandbox-pr0dpr0d");
    });

    it("refuses a prefix that breaks IAM's alias rules or contains prod", () => {
        assert.throws(() => sandboxAlias("Sandbox", "a1b2c3d4"), /not lowercase letters/);
        assert.throws(() => sandboxAlias("my-prod", "a1b2c3d4"), /contains "prod"/);
        assert.throws(() => sandboxAlias("a".repeat(60), "a1b2c3d4"), /not 3-63 characters/);
    });

    it("fits IAM's 63 characters with the longest prefix validation allows", () => {
        assert.equal(sandboxAlias("a".repeat(50), "a1b2c3d4").length, 59);
    });
});

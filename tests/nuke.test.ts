/**
 * config/nuke.ts, pure: the aws-nuke v3 config generated from the model, the refusals that keep it
 * aimed at the sandbox only, the invocation, and the alias rule.
 */
import { strict as assert } from "assert";
import { parse } from "yaml";
import {
    NukeConfigError,
    NukeModel,
    accessRoleArn,
    customerManagedPoliciesOf,
    generateNukeConfig,
    nukeBlocklist,
    nukeCommandLine,
    permissionSetsAssignedTo,
    sandboxAlias,
    sha256,
    ssoRolePattern,
} from "../config/nuke";
import type { GroupConfig, PermissionSetConfig } from "../config/schema";

const MANAGEMENT = "111111111111";
const DEV = "222222222222";
const SANDBOX = "333333333333";

const MODEL: NukeModel = {
    sandbox: "sandbox",
    accountIds: { root: MANAGEMENT, dev: DEV, sandbox: SANDBOX },
    managementAccountId: MANAGEMENT,
    regions: ["global", "eu-central-1"],
    permissionSets: ["AdministratorAccess", "DeveloperUserAccess"],
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

/** Go RE2 and JavaScript agree on the patterns used here (anchors, classes, counts, escapes). */
const matches = (filter: Filter, text: string) =>
    typeof filter === "object" && filter.type === "regex" && new RegExp(filter.value).test(text);

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

    it("keeps the access role and its AdministratorAccess attachment", () => {
        assert.ok(filters().IAMRole.includes("OrganizationAccountAccessRole"));
        assert.ok(filters().IAMRolePolicyAttachment.includes("OrganizationAccountAccessRole -> AdministratorAccess"));
    });

    it("keeps the Identity Center roles, attachments and inline policies of each assigned permission set", () => {
        for (const ps of MODEL.permissionSets) {
            const role = `AWSReservedSSO_${ps}_0123456789abcdef`;
            assert.ok(filters().IAMRole.some((f) => matches(f, role)), `IAMRole ${role}`);
            assert.ok(
                filters().IAMRolePolicyAttachment.some((f) => matches(f, role) && typeof f === "object" && f.property === "RoleName"),
                `IAMRolePolicyAttachment of ${role}`,
            );
            assert.ok(
                filters().IAMRolePolicy.some((f) => matches(f, role) && typeof f === "object" && f.property === "role:RoleName"),
                `IAMRolePolicy of ${role}`,
            );
        }
    });

    it("keeps no Identity Center role of a permission set that is not assigned to the sandbox", () => {
        const all = [...filters().IAMRole, ...filters().IAMRolePolicyAttachment, ...filters().IAMRolePolicy];
        for (const role of [
            "AWSReservedSSO_ReadOnlyAccess_0123456789abcdef",
            // Prefixes and suffixes of an assigned name are other permission sets.
            "AWSReservedSSO_AdministratorAccess_Extra_0123456789abcdef",
            "AWSReservedSSO_Administrator_0123456789abcdef",
            "AWSReservedSSO_AdministratorAccess_0123456789abcdef0",
        ]) {
            assert.ok(!all.some((f) => matches(f, role)), role);
        }
    });

    it("matches permission set names with regex characters literally", () => {
        const pattern = ssoRolePattern("Dev.Ops+1");
        assert.ok(new RegExp(pattern).test("AWSReservedSSO_Dev.Ops+1_0123456789abcdef"));
        assert.ok(!new RegExp(pattern).test("AWSReservedSSO_DevXOps1_0123456789abcdef"));
        // The escapes survive the trip through double-quoted YAML.
        const model = { ...MODEL, permissionSets: ["Dev.Ops+1"] };
        assert.ok(filters(model).IAMRole.some((f) => typeof f === "object" && f.value === pattern));
    });

    it("keeps the Identity Center SAML provider of the sandbox", () => {
        assert.deepEqual(filters().IAMSAMLProvider, [
            { type: "glob", value: `arn:aws:iam::${SANDBOX}:saml-provider/AWSSSO_*_DO_NOT_DELETE` },
        ]);
    });

    it("keeps the CDK bootstrap resources of the configured qualifier", () => {
        const f = filters({ ...MODEL, cdkQualifier: "custom1" });
        assert.ok(f.IAMRole.some((x) => typeof x === "object" && x.type === "glob" && x.value === "cdk-custom1-*"));
        assert.ok(f.IAMRolePolicyAttachment.some((x) => typeof x === "object" && x.property === "RoleName" && x.value === "cdk-custom1-*"));
        assert.ok(f.IAMRolePolicy.some((x) => typeof x === "object" && x.property === "role:RoleName" && x.value === "cdk-custom1-*"));
        assert.deepEqual(f.S3Bucket, [{ property: "Name", type: "glob", value: "cdk-custom1-assets-*" }]);
        assert.deepEqual(f.S3Object, [{ property: "Bucket", type: "glob", value: "cdk-custom1-assets-*" }]);
        assert.deepEqual(f.SSMParameter, ["/cdk-bootstrap/custom1/version"]);
        assert.deepEqual(f.CloudFormationStack, ["CDKToolkit"]);
        assert.deepEqual(f.ECRRepository, [{ type: "glob", value: "Repository: cdk-custom1-container-assets-*" }]);
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
            permissionSets: ["DeveloperUserAccess", "AdministratorAccess", "AdministratorAccess"],
        };
        assert.equal(generateNukeConfig(reordered), generateNukeConfig(MODEL));
        assert.equal(sha256(generateNukeConfig(reordered)), sha256(generateNukeConfig(MODEL)));
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
    const groups: Record<string, GroupConfig> = {
        Admins: { access: { AdministratorAccess: ["dev", "sandbox"], BillingAccess: ["root"] } },
        Devs: { access: { DeveloperUserAccess: ["dev", "sandbox"], ReadOnlyAccess: ["prod"] } },
        Auditors: { access: { AdministratorAccess: ["sandbox"] } },
    };

    it("are those some group's access map assigns to the sandbox, sorted and unique", () => {
        assert.deepEqual(permissionSetsAssignedTo(groups, "sandbox"), ["AdministratorAccess", "DeveloperUserAccess"]);
    });

    it("are none when no group has access to the sandbox", () => {
        assert.deepEqual(permissionSetsAssignedTo(groups, "elsewhere"), []);
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

    it("is a dry run unless told otherwise, without prompts, through the guard script", () => {
        assert.equal(
            nukeCommandLine({ roleArn: arn, dryRun: true }),
            `bash scripts/nuke-sandbox.sh aws-nuke run --config - --no-prompt --assume-role-arn ${arn}`,
        );
    });

    it("passes --no-dry-run, last and plainly visible, only when dryRun is false", () => {
        assert.ok(nukeCommandLine({ roleArn: arn, dryRun: false }).endsWith(`--assume-role-arn ${arn} --no-dry-run`));
        assert.ok(!nukeCommandLine({ roleArn: arn, dryRun: true }).includes("--no-dry-run"));
    });

    it("refuses anything but a role ARN in one account", () => {
        assert.throws(() => nukeCommandLine({ roleArn: "arn:aws:iam::*:role/X", dryRun: true }), NukeConfigError);
        assert.throws(() => nukeCommandLine({ roleArn: `${arn} --no-alias-check`, dryRun: true }), NukeConfigError);
        assert.throws(() => accessRoleArn("12345"), NukeConfigError);
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

/**
 * The sandbox guardrails: the service control policy document (config/guardrails.ts), parsed; its
 * attachment to the sandbox alone; the organisation's policy types; and their validation.
 */
import { strict as assert } from "assert";
import {
    GLOBAL_SERVICE_ACTIONS,
    SCP_MAX_CHARACTERS,
    Statement,
    guardrailPolicyJson,
    organizationPolicyTypes,
} from "../config/guardrails";
import { Plan } from "../plan/engine";
import { planJson, renderPlanMarkdown, renderPlanText, sandboxNotes } from "../plan/report";
import { configProblems, one, ofType, planStack, stackFile, stackWith } from "./harness";

const POLICY = "aws:organizations/policy:Policy";
const ATTACHMENT = "aws:organizations/policyAttachment:PolicyAttachment";
const ORG = "aws:organizations/organization:Organization";
const ACCOUNT = "aws:organizations/account:Account";

function statements(json: string): Record<string, Statement> {
    const doc = JSON.parse(json) as { Version: string; Statement: Statement[] };
    assert.equal(doc.Version, "2012-10-17");
    return Object.fromEntries(doc.Statement.map((s) => [s.Sid, s]));
}

describe("sandbox guardrails", () => {
    describe("the policy document", () => {
        const policy = statements(guardrailPolicyJson(["global", "eu-central-1", "us-east-1"]));

        it("has three deny statements and nothing that allows", () => {
            assert.deepEqual(Object.keys(policy).sort(), ["DenyChangingTheWaysIn", "DenyLeavingTheOrganization", "DenyOutsideNukedRegions"]);
            for (const s of Object.values(policy)) assert.equal(s.Effect, "Deny");
        });

        it("denies every action outside the nuked regions (global is no region), global services exempted", () => {
            const s = policy.DenyOutsideNukedRegions;
            assert.deepEqual(s.Condition, { StringNotEquals: { "aws:RequestedRegion": ["eu-central-1", "us-east-1"] } });
            assert.equal(s.Action, undefined);
            assert.equal(s.Resource, "*");
            assert.deepEqual(s.NotAction, [...GLOBAL_SERVICE_ACTIONS]);
            for (const global of ["iam:*", "organizations:*", "sts:*", "cloudfront:*", "route53:*", "budgets:*", "support:*"]) {
                assert.ok(s.NotAction?.includes(global), `${global} is exempt`);
            }
            assert.ok(!s.NotAction?.some((a) => a.startsWith("ec2:Run") || a === "ec2:*" || a === "s3:*"), "regional services are not exempt");
        });

        it("exempts nobody from the region deny: a region is allowed by nuking it", () => {
            assert.deepEqual(Object.keys(policy.DenyOutsideNukedRegions.Condition ?? {}), ["StringNotEquals"]);
        });

        it("denies leaving the organisation, to everyone", () => {
            assert.deepEqual(policy.DenyLeavingTheOrganization.Action, ["organizations:LeaveOrganization"]);
            assert.equal(policy.DenyLeavingTheOrganization.Resource, "*");
            assert.equal(policy.DenyLeavingTheOrganization.Condition, undefined);
        });

        it("denies changing the access role, the Identity Center roles and SAML provider, except to the access role itself", () => {
            const s = policy.DenyChangingTheWaysIn;
            assert.deepEqual(s.Resource, [
                "arn:aws:iam::*:role/OrganizationAccountAccessRole",
                "arn:aws:iam::*:role/aws-reserved/sso.amazonaws.com/*",
                "arn:aws:iam::*:saml-provider/AWSSSO_*_DO_NOT_DELETE",
                "arn:aws:iam::*:role/aws-service-role/sso.amazonaws.com/AWSServiceRoleForSSO",
            ]);
            for (const action of ["iam:DeleteServiceLinkedRole", "iam:DeleteRole", "iam:DetachRolePolicy", "iam:DeleteRolePolicy", "iam:PutRolePolicy", "iam:UpdateAssumeRolePolicy", "iam:DeleteSAMLProvider", "iam:UpdateSAMLProvider"]) {
                assert.ok(s.Action?.includes(action), `${action} is denied`);
            }
            assert.ok(!s.Action?.some((a) => a.startsWith("iam:Get") || a.startsWith("iam:List")), "reading stays allowed");
            assert.deepEqual(s.Condition, { ArnNotLike: { "aws:PrincipalARN": ["arn:aws:iam::*:role/OrganizationAccountAccessRole"] } });
        });

        it("fits the 5,120-character limit of a service control policy, with every region of the partition listed", () => {
            const regions = ["af-south-1", "ap-east-1", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-south-1", "ap-south-2", "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4", "ca-central-1", "ca-west-1", "eu-central-1", "eu-central-2", "eu-north-1", "eu-south-1", "eu-south-2", "eu-west-1", "eu-west-2", "eu-west-3", "il-central-1", "me-central-1", "me-south-1", "sa-east-1", "us-east-1", "us-east-2", "us-west-1", "us-west-2"];
            const json = guardrailPolicyJson(["global", ...regions]);
            assert.ok(json.length <= SCP_MAX_CHARACTERS, `${json.length} characters`);
        });

        it("refuses, naming the size, a policy over the limit", () => {
            const many = Array.from({ length: 400 }, (_, i) => `eu-west-${i + 1}`);
            assert.throws(() => guardrailPolicyJson(many), /the guardrails policy is \d+ characters, over the 5120-character limit/);
        });
    });

    describe("the organisation's policy types", () => {
        it("adds SERVICE_CONTROL_POLICY to the configured list and drops none of it", () => {
            assert.deepEqual(
                organizationPolicyTypes({ organization: { enabledPolicyTypes: ["TAG_POLICY", "BACKUP_POLICY"] }, sandbox: { guardrails: true } }),
                ["BACKUP_POLICY", "SERVICE_CONTROL_POLICY", "TAG_POLICY"],
            );
        });

        it("is exactly SERVICE_CONTROL_POLICY for a new organisation with guardrails and no list", () => {
            assert.deepEqual(organizationPolicyTypes({ organization: {}, sandbox: { guardrails: true } }), ["SERVICE_CONTROL_POLICY"]);
            assert.deepEqual(organizationPolicyTypes({ organization: { enabledPolicyTypes: ["TAG_POLICY"] }, sandbox: { guardrails: true } }), ["SERVICE_CONTROL_POLICY", "TAG_POLICY"]);
            // An adopted organisation's types are never guessed: validation requires its list.
            assert.equal(organizationPolicyTypes({ organization: { id: "o-a1b2c3d4e5" }, sandbox: { guardrails: true } }), undefined);
        });

        it("keeps the configured list as it is without guardrails, and manages nothing unnamed", () => {
            assert.deepEqual(organizationPolicyTypes({ organization: { enabledPolicyTypes: ["TAG_POLICY"] }, sandbox: { guardrails: false } }), ["TAG_POLICY"]);
            assert.equal(organizationPolicyTypes({ organization: {}, sandbox: { guardrails: false } }), undefined);
            assert.equal(organizationPolicyTypes({ organization: {} }), undefined);
        });
    });

    describe("in the plan", () => {
        let plan: Plan;
        before(async () => (plan = await planStack(stackFile("prod"))));

        it("registers one service control policy with the document for the sandbox's regions", () => {
            const [policy] = ofType(plan, POLICY);
            assert.equal(ofType(plan, POLICY).length, 1);
            assert.equal(policy.inputs.type, "SERVICE_CONTROL_POLICY");
            assert.equal(policy.inputs.name, "sandbox-sandbox-guardrails");
            assert.equal(policy.inputs.content, guardrailPolicyJson(["global", "eu-west-1", "us-east-1"]));
        });

        it("attaches it to the sandbox account alone", () => {
            const attachments = ofType(plan, ATTACHMENT);
            assert.equal(attachments.length, 1);
            assert.equal(attachments[0].inputs.targetId, one(plan, ACCOUNT, "sandbox").id);
            assert.equal(attachments[0].inputs.policyId, ofType(plan, POLICY)[0].id);
        });

        it("enables service control policies, keeping the other types the config names", () => {
            const org = one(plan, ORG, "organization");
            assert.deepEqual(org.inputs.enabledPolicyTypes, ["SERVICE_CONTROL_POLICY", "TAG_POLICY"]);
            assert.ok(!org.ignoreChanges.includes("enabledPolicyTypes"), "the policy types are managed");
        });

        it("adds SERVICE_CONTROL_POLICY when the configured list lacks it", async () => {
            const p = await planStack(stackWith("prod", { organization: (o) => ({ ...o, enabledPolicyTypes: ["TAG_POLICY", "BACKUP_POLICY"] }) }));
            assert.deepEqual(one(p, ORG, "organization").inputs.enabledPolicyTypes, ["BACKUP_POLICY", "SERVICE_CONTROL_POLICY", "TAG_POLICY"]);
        });

        it("creates and attaches the policy only after the organisation (which enables the type)", () => {
            const org = one(plan, ORG, "organization").urn;
            for (const r of [...ofType(plan, POLICY), ...ofType(plan, ATTACHMENT)]) {
                assert.ok(r.dependencies.includes(org), `${r.name} depends on the organisation`);
            }
        });

        it("says in the offline plan what it attaches where, and that the organisation enables the type", () => {
            const sandboxId = one(plan, ACCOUNT, "sandbox").id;
            const notes = sandboxNotes(plan);
            assert.match(notes[0], new RegExp(`^Service control policy sandbox-sandbox-guardrails is attached to account sandbox \\(${sandboxId}\\) alone \\(\\d+ of 5120 characters\\)\\.$`));
            assert.equal(notes[1], "The organisation enables SERVICE_CONTROL_POLICY for it; its enabled policy types are exactly: SERVICE_CONTROL_POLICY, TAG_POLICY (a type not listed is disabled).");
            assert.ok(renderPlanText("prod", plan).includes(`Sandbox guardrails\n  ${notes[0]}\n`));
            assert.ok(renderPlanMarkdown("prod", plan).includes("#### Sandbox guardrails\n\n- Service control policy sandbox-sandbox-guardrails"));
            assert.deepEqual(planJson("prod", plan).sandbox, notes);
        });

        it("plans a new organisation with no list (the startup shape) with guardrails: the organisation enables exactly SERVICE_CONTROL_POLICY", async () => {
            const config = stackFile("dev");
            delete config["landing-zone:organization"];
            const p = await planStack(config);
            const org = one(p, ORG, "organization");
            assert.equal(org.importId, undefined);
            assert.deepEqual(org.inputs.enabledPolicyTypes, ["SERVICE_CONTROL_POLICY"]);
            assert.ok(!org.ignoreChanges.includes("enabledPolicyTypes"), "the policy types are managed");
            assert.equal(ofType(p, POLICY).length, 1);
            assert.equal(ofType(p, ATTACHMENT)[0].inputs.targetId, one(p, ACCOUNT, "sandbox").id);
            assert.ok(ofType(p, POLICY)[0].dependencies.includes(org.urn));
            assert.equal(sandboxNotes(p)[1], "The organisation enables SERVICE_CONTROL_POLICY for it; its enabled policy types are exactly: SERVICE_CONTROL_POLICY (a type not listed is disabled).");
        });

        it("plans no policy with guardrails: false, and leaves the configured types as they are", async () => {
            const off = await planStack(stackWith("prod", { sandbox: (s) => ({ ...s, guardrails: false }) }));
            assert.deepEqual(ofType(off, POLICY), []);
            assert.deepEqual(ofType(off, ATTACHMENT), []);
            assert.deepEqual(one(off, ORG, "organization").inputs.enabledPolicyTypes, ["SERVICE_CONTROL_POLICY", "TAG_POLICY"]);
        });
    });

    describe("validation", () => {
        it("requires an adopted organisation's policy types to be named (the list is exclusive), with the command that lists them", () => {
            const problems = configProblems(stackWith("prod", { organization: ({ enabledPolicyTypes: _, ...o }) => o }));
            assert.equal(problems.length, 1);
            assert.match(problems[0], /^organization\.enabledPolicyTypes: missing: the sandbox guardrails are a service control policy/);
            assert.match(problems[0], /aws organizations list-roots --query "Roots\[0\]\.PolicyTypes"/);
            assert.match(problems[0], /or set sandbox\.guardrails: false$/);
        });

        it("does not require them with guardrails: false", () => {
            assert.deepEqual(configProblems(stackWith("prod", { organization: ({ enabledPolicyTypes: _, ...o }) => o, sandbox: (s) => ({ ...s, guardrails: false }) })), []);
        });

        it("does not require them of a new organisation, which has no types but those this stack enables", () => {
            const none = stackFile("dev");
            delete none["landing-zone:organization"];
            assert.deepEqual(configProblems(none), []);
            assert.deepEqual(configProblems(stackWith("dev", { organization: () => ({ serviceAccessPrincipals: ["cloudtrail.amazonaws.com"] }) })), []);
        });

        it("refuses a sandbox whose nuke regions are only global (every regional service would be denied)", () => {
            const problems = configProblems(stackWith("dev", { sandbox: (s) => ({ ...s, nuke: { ...s.nuke, regions: ["global"] } }) }));
            assert.deepEqual(problems, [
                'sandbox.nuke.regions: names no region besides "global", so the guardrails would deny every regional service; add the regions the sandbox may use (e.g. eu-central-1), or set sandbox.guardrails: false',
            ]);
        });

        it("refuses guardrails written as a string", () => {
            const problems = configProblems(stackWith("dev", { sandbox: (s) => ({ ...s, guardrails: "off" }) }));
            assert.deepEqual(problems, ['sandbox.guardrails: "off" is not a guardrails flag (true or false)']);
        });
    });
});

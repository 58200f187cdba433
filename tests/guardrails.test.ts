/**
 * The sandbox guardrails: the service control policy document (config/sandbox/guardrails.ts), parsed; its
 * attachment to the sandbox alone; the organisation's policy types; and their validation.
 */
import { strict as assert } from "assert";
import { readFileSync } from "fs";
import { join } from "path";
import { PARTITIONS } from "../config/catalogue/regions";
import { SERVICE_PREFIXES } from "../config/catalogue/iamServices";
import { SERVICE_ENDPOINTS, ServiceEndpoint } from "../config/catalogue/serviceEndpoints";
import { IAM_ACTIONS } from "../config/catalogue/iamActions";
import { AWS_NUKE_RESOURCE_TYPES } from "../config/sandbox/awsNukeResourceTypes";
import { catalogueOfActions } from "../scripts/refreshCatalogues";
import {
    GLOBAL_SERVICE_ACTIONS,
    PURCHASES,
    SCP_MAX_CHARACTERS,
    Statement,
    exemptServicePrefixes,
    guardrailPolicy,
    guardrailPolicyJson,
    organizationPolicyTypes,
} from "../config/sandbox/guardrails";
import { deniedBy } from "./scpEvaluator";
import { Plan } from "../plan/engine";
import { planJson, renderPlanMarkdown, renderPlanText, sandboxNotes } from "../plan/report";
import { ROOT, configProblems, one, ofType, planStack, stackFile, stackWith } from "./harness";

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

        it("has six deny statements and nothing that allows", () => {
            assert.deepEqual(Object.keys(policy).sort(), [
                "DenyBucketsOutsideNukedRegions",
                "DenyChangingTheAlias",
                "DenyChangingTheWaysIn",
                "DenyLeavingTheOrganization",
                "DenyOutsideNukedRegions",
                "DenyWhatTheNukeCannotUndo",
            ]);
            for (const s of Object.values(policy)) assert.equal(s.Effect, "Deny");
        });

        it("denies every action outside the nuked regions (global is no region), services without a regional endpoint exempted", () => {
            const s = policy.DenyOutsideNukedRegions;
            assert.deepEqual(s.Condition, { StringNotEquals: { "aws:RequestedRegion": ["eu-central-1", "us-east-1"] } });
            assert.equal(s.Action, undefined);
            assert.equal(s.Resource, "*");
            assert.deepEqual(s.NotAction, [...GLOBAL_SERVICE_ACTIONS]);
            assert.deepEqual(GLOBAL_SERVICE_ACTIONS, exemptServicePrefixes().map((p) => `${p}:*`));
            for (const global of ["iam", "organizations", "cloudfront", "route53", "budgets", "support", "account", "billing", "ce", "networkmanager"]) {
                assert.ok(s.NotAction?.includes(`${global}:*`), `${global} is exempt`);
            }
            // Regional, though AWS's example list exempts some: sso is Identity Center's admin API (sso.<region>).
            for (const regional of ["kms", "acm", "config", "wafv2", "directconnect", "waf-regional", "sso", "sts", "s3", "ec2", "chime", "globalaccelerator", "health"]) {
                assert.ok(!s.NotAction?.some((a) => a.split(":")[0] === regional), `${regional} is not exempt`);
            }
        });

        it("exempts nobody from the region deny: a region is allowed by nuking it", () => {
            assert.deepEqual(Object.keys(policy.DenyOutsideNukedRegions.Condition ?? {}), ["StringNotEquals"]);
        });

        it("denies buying commitments and what aws-nuke cannot delete, everywhere, to everyone", () => {
            const s = policy.DenyWhatTheNukeCannotUndo;
            assert.deepEqual(s.Action, [...PURCHASES]);
            assert.equal(s.Resource, "*");
            assert.equal(s.Condition, undefined);
            for (const action of ["shield:CreateSubscription", "savingsplans:CreateSavingsPlan", "ec2:PurchaseReservedInstancesOffering", "route53domains:RegisterDomain", "route53-recovery-control-config:CreateCluster", "route53:CreateCidrCollection"]) {
                assert.ok(s.Action?.includes(action), action);
            }
        });

        it("names only IAM actions, each spelled as the Service Authorization Reference spells it (config/catalogue/iamActions.ts)", () => {
            const named = Object.values(policy).flatMap((st) => st.Action ?? []);
            const missing = named.filter((a) => !IAM_ACTIONS.includes(a));
            assert.deepEqual(missing, [], "not in the catalogue: add them and run npm run refresh-catalogues -- --only iam-actions");
            assert.ok(!named.some((a) => a.includes("*")), "no wildcard, so each name is checked");
        });

        it("builds that catalogue only from actions the data has, refusing an invented one by name", () => {
            const data: Record<string, string[]> = { ec2: ["PurchaseHostReservation", "RunInstances"], shield: ["CreateSubscription"] };
            const actionsOf = (prefix: string) => (Object.hasOwn(data, prefix) ? data[prefix] : undefined);
            assert.deepEqual(catalogueOfActions(["shield:createsubscription", "ec2:PurchaseHostReservation"], actionsOf, "data"), ["ec2:PurchaseHostReservation", "shield:CreateSubscription"]);
            assert.throws(() => catalogueOfActions(["ec2:PurchaseHostReservations", "nope:Buy", "ec2:PurchaseHostReservation"], actionsOf, "data"), /^Error: data: not IAM actions: ec2:PurchaseHostReservations, nope:Buy$/);
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
                "arn:aws:iam::*:saml-provider/AWSSSO_*",
                "arn:aws:iam::*:role/aws-service-role/sso.amazonaws.com/AWSServiceRoleForSSO",
            ]);
            for (const action of ["iam:DeleteServiceLinkedRole", "iam:DeleteRole", "iam:DetachRolePolicy", "iam:DeleteRolePolicy", "iam:PutRolePolicy", "iam:UpdateAssumeRolePolicy", "iam:CreateRole", "iam:CreateSAMLProvider", "iam:DeleteSAMLProvider", "iam:UpdateSAMLProvider"]) {
                assert.ok(s.Action?.includes(action), `${action} is denied`);
            }
            assert.ok(!s.Action?.some((a) => a.startsWith("iam:Get") || a.startsWith("iam:List")), "reading stays allowed");
            assert.deepEqual(s.Condition, { ArnNotLike: { "aws:PrincipalARN": ["arn:aws:iam::*:role/OrganizationAccountAccessRole"] } });
        });

        it("denies changing or deleting the account alias, except to the access role", () => {
            const s = policy.DenyChangingTheAlias;
            assert.deepEqual(s.Action, ["iam:CreateAccountAlias", "iam:DeleteAccountAlias"]);
            assert.equal(s.Resource, "*");
            assert.deepEqual(s.Condition, { ArnNotLike: { "aws:PrincipalARN": ["arn:aws:iam::*:role/OrganizationAccountAccessRole"] } });
        });

        it("fits the 5,120-character limit of a service control policy, with every region of the partition listed", () => {
            const regions = ["af-south-1", "ap-east-1", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-south-1", "ap-south-2", "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4", "ca-central-1", "ca-west-1", "eu-central-1", "eu-central-2", "eu-north-1", "eu-south-1", "eu-south-2", "eu-west-1", "eu-west-2", "eu-west-3", "il-central-1", "me-central-1", "me-south-1", "sa-east-1", "us-east-1", "us-east-2", "us-west-1", "us-west-2"];
            const json = guardrailPolicyJson(["global", ...regions]);
            assert.ok(json.length <= SCP_MAX_CHARACTERS, `${json.length} characters`);
        });

        it("is as long as the README measures it", () => {
            const all = PARTITIONS.find((p) => p.id === "aws")!.regions;
            const readme = readFileSync(join(ROOT, "README.md"), "utf8").replace(/\s+/g, " ");
            const measured = (n: number) => n.toLocaleString("en-US");
            const prod = guardrailPolicyJson(["global", "eu-west-1", "us-east-1"]).length;
            const every = guardrailPolicyJson(["global", ...all]).length;
            assert.ok(readme.includes(`measured: ${measured(prod)} characters for \`[global, eu-west-1, us-east-1]\`, ${measured(every)} with all ${all.length} commercial Regions listed`), `${prod}, ${every}`);
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
            assert.ok(renderPlanMarkdown("prod", plan).includes("#### Sandbox guardrails\n\n- Service control policy `sandbox-sandbox-guardrails` is attached to account `sandbox` (`"));
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

        it("refuses nuke regions without global, since the guardrails leave global services usable", () => {
            const problems = configProblems(stackWith("dev", { sandbox: (s) => ({ ...s, nuke: { ...s.nuke, regions: ["eu-central-1", "us-east-1"] } }) }));
            assert.deepEqual(problems, [
                'sandbox.nuke.regions: ["eu-central-1","us-east-1"] lacks "global": the guardrails leave global services usable (IAM, CloudFront, ' +
                    'Route 53, Organizations, ...), and aws-nuke cleans what they create only under "global"; add global to the list, or set sandbox.guardrails: false',
            ]);
            assert.deepEqual(configProblems(stackWith("dev", { sandbox: (s) => ({ ...s, guardrails: false, nuke: { ...s.nuke, regions: ["eu-central-1"] } }) })), []);
        });

        it("refuses guardrails written as a string", () => {
            const problems = configProblems(stackWith("dev", { sandbox: (s) => ({ ...s, guardrails: "off" }) }));
            assert.deepEqual(problems, ['sandbox.guardrails: "off" is not a guardrails flag (true or false)']);
        });
    });
});

describe("sandbox guardrails, as AWS evaluates them", () => {
    const AWS_REGIONS = PARTITIONS.find((p) => p.id === "aws")!.regions;
    const SANDBOX = "333333333333";
    const ADMIN = `arn:aws:iam::${SANDBOX}:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_AdministratorAccess_0123456789abcdef`;
    const ACCESS_ROLE = `arn:aws:iam::${SANDBOX}:role/OrganizationAccountAccessRole`;
    const statements = (regions: string[]) => guardrailPolicy(regions).Statement;
    /** Who is denied `action` in `region` (aws:RequestedRegion) by the policy for `regions`. */
    const denied = (regions: string[], action: string, region: string, extra: Record<string, string> = {}, principal = ADMIN, resource = "*") =>
        deniedBy(statements(regions), { action, resource, context: { "aws:RequestedRegion": region, "aws:PrincipalARN": principal, ...extra } });

    describe("the region statement, derived from the endpoint data", () => {
        const nuked = ["global", "eu-west-1"];

        it("denies a regional action outside the nuked regions, and allows it inside", () => {
            assert.equal(denied(nuked, "kms:CreateKey", "ap-south-1"), "DenyOutsideNukedRegions");
            assert.equal(denied(nuked, "acm:RequestCertificate", "us-east-1"), "DenyOutsideNukedRegions");
            assert.equal(denied(nuked, "config:PutConfigurationRecorder", "us-west-2"), "DenyOutsideNukedRegions");
            assert.equal(denied(nuked, "wafv2:CreateWebACL", "us-east-1"), "DenyOutsideNukedRegions");
            assert.equal(denied(nuked, "sso:CreateInstance", "us-east-1"), "DenyOutsideNukedRegions");
            assert.equal(denied(nuked, "kms:CreateKey", "eu-west-1"), undefined);
        });

        it("allows a global service, whose requests are signed for its one region, though that region is not nuked", () => {
            assert.equal(denied(nuked, "iam:CreateRole", "us-east-1"), undefined);
            assert.equal(denied(nuked, "account:GetAlternateContact", "us-east-1"), undefined);
            assert.equal(denied(nuked, "billing:GetBillingData", "us-east-1"), undefined);
            assert.equal(denied(nuked, "cloudfront:CreateDistribution", "us-east-1"), undefined);
            assert.equal(denied(nuked, "networkmanager:CreateGlobalNetwork", "us-west-2"), undefined);
        });

        it("treats a service served from one region only as regional: usable where that region is nuked", () => {
            assert.equal(denied(nuked, "globalaccelerator:CreateAccelerator", "us-west-2"), "DenyOutsideNukedRegions");
            assert.equal(denied(["global", "us-west-2"], "globalaccelerator:CreateAccelerator", "us-west-2"), undefined);
            assert.equal(denied(nuked, "acm:RequestCertificate", "us-east-1"), "DenyOutsideNukedRegions", "ACM for CloudFront needs us-east-1 nuked");
            assert.equal(denied(["global", "eu-west-1", "us-east-1"], "acm:RequestCertificate", "us-east-1"), undefined);
        });

        /**
         * Every request the policy allows whose service is not global and whose region `regions` does
         * not clean, over every service of the data and every region of the partition. A request is
         * signed for the global service's one region, else for the region called, and for a regional
         * service with a partition-wide endpoint, for that endpoint's region too.
         */
        function uncleaned(policy: readonly Statement[], regions: readonly string[]): string[] {
            const found: string[] = [];
            for (const e of SERVICE_ENDPOINTS) {
                const requested = e.scope === "global" ? [e.region ?? "us-east-1"] : [...AWS_REGIONS, ...(e.region ? [e.region] : [])];
                for (const region of requested) {
                    if (deniedBy(policy, { action: `${e.prefix}:CreateSomething`, context: { "aws:RequestedRegion": region } }) !== undefined) continue;
                    const cleaned = regions.includes(region) || (e.scope === "global" && regions.includes("global"));
                    if (!cleaned) found.push(`${e.service} (${e.prefix}, ${e.scope}) in ${region}`);
                }
            }
            return found;
        }

        it("lets nothing be created outside a nuked region unless its service is global and global is nuked: every service of the data, every region", () => {
            const configs = [
                ["global", "eu-west-1"],
                ["global", "us-east-1"],
                ["global", "us-west-2", "ap-southeast-2"],
                ["global", ...AWS_REGIONS.filter((_, i) => i % 3 === 0)],
                ...AWS_REGIONS.filter((_, i) => i % 2 === 0).map((r) => ["global", r]),
            ];
            for (const regions of configs) assert.deepEqual(uncleaned(statements(regions), regions), [], JSON.stringify(regions));
        });

        it("finds what a policy with a regional service exempted, or without global nuked, would let escape", () => {
            const regions = ["global", "eu-west-1"];
            const [deny, ...rest] = statements(regions);
            const loosened = [{ ...deny, NotAction: [...deny.NotAction!, "kms:*"] }, ...rest];
            assert.ok(uncleaned(loosened, regions).includes("kms (kms, regional) in ap-south-1"));
            assert.ok(uncleaned(statements(["eu-west-1"]), ["eu-west-1"]).includes("iam (iam, global) in us-east-1"));
        });

        it("exempts an IAM prefix only if every service under it is global in the data, and keeps every such one usable", () => {
            const exempt = new Set(exemptServicePrefixes());
            for (const prefix of SERVICE_PREFIXES) {
                const services = SERVICE_ENDPOINTS.filter((e) => e.prefix === prefix);
                const global = services.length > 0 && services.every((e) => e.scope === "global");
                assert.equal(exempt.has(prefix), global, `${prefix}: ${services.map((e) => `${e.service} ${e.scope}`).join(", ") || "no service in the data"}`);
            }
        });

        it("refuses to exempt a prefix shared with a regional service, unknown to IAM, or with rules it could not resolve", () => {
            const e = (service: string, prefix: string, scope: ServiceEndpoint["scope"]): ServiceEndpoint => ({ service, prefix, scope });
            const data = [
                e("iam", "iam", "global"),
                e("chime", "chime", "global"),
                e("chime-sdk-meetings", "chime", "regional"),
                e("newthing", "not-an-iam-prefix", "global"),
                e("kvs", "cloudfront-keyvaluestore", "unresolved"),
                e("kms", "kms", "regional"),
            ];
            assert.deepEqual(exemptServicePrefixes(data, ["iam", "chime", "cloudfront-keyvaluestore", "kms"]), ["iam"]);
            assert.deepEqual(exemptServicePrefixes([], SERVICE_PREFIXES), [], "no data, no exemption");
        });

        it("knows which regional services also have one partition-wide endpoint, and what each can create through it", () => {
            // A request to such an endpoint is in its region (us-east-1): allowed when us-east-1 is
            // nuked. STS and Health create nothing; ARC Region switch's control plane lives there;
            // S3 would create a bucket in the region its LocationConstraint names (next test).
            const withGlobalEndpoint = SERVICE_ENDPOINTS.filter((e) => e.scope === "regional" && e.region).map((e) => `${e.service}@${e.region}`);
            assert.deepEqual(withGlobalEndpoint, ["arc-region-switch@us-east-1", "health@us-east-1", "s3@us-east-1", "sts@us-east-1"]);
        });

        it("denies a bucket created through us-east-1 for a region that is not nuked", () => {
            const regions = ["global", "eu-west-1", "us-east-1"];
            const create = (location?: string) => denied(regions, "s3:CreateBucket", "us-east-1", location ? { "s3:LocationConstraint": location } : {});
            assert.equal(create("ap-south-1"), "DenyBucketsOutsideNukedRegions");
            assert.equal(create("EU"), "DenyBucketsOutsideNukedRegions", "the legacy name of eu-west-1 is refused, not guessed");
            assert.equal(create("eu-west-1"), undefined);
            assert.equal(create(), undefined, "no LocationConstraint: a us-east-1 bucket, and us-east-1 is nuked");
            assert.equal(denied(["global", "eu-west-1"], "s3:CreateBucket", "us-east-1"), "DenyOutsideNukedRegions");
        });

        it("reads the data it was generated from: IAM and Organizations in us-east-1, Network Manager in us-west-2, KMS and ACM regional", () => {
            const get = (service: string) => SERVICE_ENDPOINTS.find((e) => e.service === service);
            assert.deepEqual(get("iam"), { service: "iam", prefix: "iam", scope: "global", region: "us-east-1" });
            assert.deepEqual(get("organizations"), { service: "organizations", prefix: "organizations", scope: "global", region: "us-east-1" });
            assert.deepEqual(get("networkmanager"), { service: "networkmanager", prefix: "networkmanager", scope: "global", region: "us-west-2" });
            assert.equal(get("kms")?.scope, "regional");
            assert.equal(get("acm")?.scope, "regional");
            assert.ok(SERVICE_ENDPOINTS.length > 400, `${SERVICE_ENDPOINTS.length} services`);
        });
    });

    describe("what the nuke cannot undo", () => {
        const regions = ["global", "eu-west-1"];
        const statement = statements(regions).find((st) => st.Sid === "DenyWhatTheNukeCannotUndo")!;

        it("denies each purchase in a nuked region and in one that is not, to a sandbox admin and to the access role alike", () => {
            for (const action of PURCHASES) {
                for (const region of ["eu-west-1", "ap-south-1", "us-east-1", "us-west-2"]) {
                    for (const principal of [ADMIN, ACCESS_ROLE]) {
                        const request = { action, resource: "*", context: { "aws:RequestedRegion": region, "aws:PrincipalARN": principal } };
                        assert.equal(deniedBy([statement], request), "DenyWhatTheNukeCannotUndo", `${action} in ${region} by ${principal}`);
                        assert.notEqual(deniedBy(statements(regions), request), undefined, `${action} in ${region} by ${principal}`);
                    }
                }
                assert.equal(denied(regions, action, "eu-west-1"), "DenyWhatTheNukeCannotUndo", `${action}: the region deny does not catch it in a nuked region`);
            }
        });

        it("denies the global ones where the region deny lets global services through", () => {
            for (const [action, region] of [["shield:CreateSubscription", "us-east-1"], ["savingsplans:CreateSavingsPlan", "us-east-1"], ["route53-recovery-control-config:CreateCluster", "us-west-2"], ["route53:CreateCidrCollection", "us-east-1"], ["cloudfront:CreateSavingsPlan", "us-east-1"]]) {
                assert.equal(denied(regions, action, region), "DenyWhatTheNukeCannotUndo", action);
            }
        });

        it("leaves ordinary work alone: running, reading offerings, creating what the nuke deletes", () => {
            for (const [action, region] of [
                ["ec2:RunInstances", "eu-west-1"],
                ["ec2:DescribeReservedInstancesOfferings", "eu-west-1"],
                ["rds:CreateDBInstance", "eu-west-1"],
                ["dynamodb:CreateTable", "eu-west-1"],
                ["route53:CreateHostedZone", "us-east-1"],
                ["shield:CreateProtection", "us-east-1"],
                ["savingsplans:DescribeSavingsPlans", "us-east-1"],
                ["cloudfront:CreateDistribution", "us-east-1"],
            ]) {
                assert.equal(denied(regions, action, region), undefined, action);
            }
        });

        it("names, for the ones denied as having no aws-nuke resource type, something aws-nuke really lacks", () => {
            for (const kind of ["CapacityReservation", "RecoveryControl", "Cidr", "Domains", "SavingsPlan", "ShieldSubscription", "PricingPlan", "SupportPlan", "Reserved"]) {
                assert.deepEqual(AWS_NUKE_RESOURCE_TYPES.filter((t) => t.includes(kind)), [], kind);
            }
        });

        /**
         * Every service the region deny exempts, and how what it creates is undone: aws-nuke's types
         * for it (v3.64.3, config/sandbox/awsNukeResourceTypes.ts), the actions denied here, or why
         * nothing it creates is billed. A service new to the endpoint data fails here until it is
         * placed.
         */
        const GLOBAL_SERVICES: Record<string, { nuked?: string[]; denied?: string[]; free?: string }> = {
            account: { free: "the account's contacts and Regions" },
            artifact: { free: "agreements and reports" },
            "bcm-dashboards": { free: "cost dashboards" },
            "bcm-data-exports": { free: "exports of billing data, written to S3, which the nuke cleans" },
            "bcm-pricing-calculator": { free: "estimates" },
            "bcm-recommended-actions": { free: "read only" },
            billing: { free: "billing preferences" },
            billingconductor: { free: "pro forma billing groups and rates" },
            budgets: { nuked: ["BudgetsBudget"] },
            ce: { free: "cost categories, anomaly monitors and subscriptions" },
            cloudfront: { nuked: ["CloudFrontDistribution", "CloudFrontFunction", "CloudFrontCachePolicy"], denied: ["cloudfront:CreateSavingsPlan"] },
            codecatalyst: { free: "spaces on the free tier; a paid tier is chosen in the space's billing settings (not closed here)" },
            freetier: { free: "read only" },
            iam: { nuked: ["IAMRole", "IAMUser", "IAMPolicy", "IAMSAMLProvider"] },
            importexport: { free: "the legacy Import/Export jobs, closed to new customers (not closed here)" },
            invoicing: { free: "invoice units" },
            networkmanager: { nuked: ["NetworkManagerGlobalNetwork", "NetworkManagerCoreNetwork", "NetworkManagerNetworkAttachment"] },
            "notifications-contacts": { free: "notification contacts" },
            organizations: { free: "a member account creates nothing in the organisation; leaving is denied" },
            partnercentral: { free: "partner programme records" },
            pricingplanmanager: { denied: ["pricingplanmanager:CreateSubscription", "pricingplanmanager:UpdateSubscription"] },
            route53: { nuked: ["Route53HostedZone", "Route53HealthCheck", "Route53TrafficPolicy"], denied: ["route53:CreateCidrCollection"] },
            "route53-recovery-control-config": { denied: ["route53-recovery-control-config:CreateCluster", "route53-recovery-control-config:CreateControlPanel"] },
            savingsplans: { denied: ["savingsplans:CreateSavingsPlan"] },
            shield: { nuked: ["ShieldProtection", "ShieldProtectionGroup"], denied: ["shield:CreateSubscription"] },
            support: { free: "support cases" },
            tax: { free: "tax registrations" },
            waf: { nuked: ["WAFWebACL", "WAFRule"] },
        };

        it("knows how what each exempt global service creates is undone, or why it costs nothing", () => {
            assert.deepEqual(Object.keys(GLOBAL_SERVICES).sort(), exemptServicePrefixes(), "every exempt prefix is placed, and only those");
            for (const [prefix, how] of Object.entries(GLOBAL_SERVICES)) {
                assert.ok(how.nuked || how.denied || how.free, prefix);
                for (const type of how.nuked ?? []) assert.ok(AWS_NUKE_RESOURCE_TYPES.includes(type), `${prefix}: aws-nuke has ${type}`);
                for (const action of how.denied ?? []) assert.ok(PURCHASES.includes(action) && action.startsWith(`${prefix}:`), `${prefix}: ${action} is denied`);
            }
        });
    });

    describe("nobody inside can loosen the guard", () => {
        const regions = ["global", "eu-west-1"];

        it("denies a sandbox admin creating or deleting the account alias, and lets the access role do it", () => {
            for (const action of ["iam:CreateAccountAlias", "iam:DeleteAccountAlias", "IAM:createaccountalias"]) {
                assert.equal(denied(regions, action, "us-east-1"), "DenyChangingTheAlias", action);
                assert.equal(denied(regions, action, "us-east-1", {}, ACCESS_ROLE), undefined, action);
            }
        });

        it("denies a sandbox admin changing the way in, and lets the access role do it", () => {
            for (const action of ["iam:DeleteRole", "iam:UpdateAssumeRolePolicy", "iam:DetachRolePolicy"]) {
                assert.equal(denied(regions, action, "us-east-1", {}, ADMIN, ACCESS_ROLE), "DenyChangingTheWaysIn", action);
                assert.equal(denied(regions, action, "us-east-1", {}, ACCESS_ROLE, ACCESS_ROLE), undefined, action);
            }
        });

        it("is not fooled by a look-alike role: another name, or a path that imitates the access role's ARN", () => {
            for (const lookAlike of [
                `arn:aws:iam::${SANDBOX}:role/OrganizationAccountAccessRole-admin`,
                `arn:aws:iam::${SANDBOX}:role/x:role/OrganizationAccountAccessRole`,
                `arn:aws:iam::${SANDBOX}:role/team/OrganizationAccountAccessRole`,
            ]) {
                assert.equal(denied(regions, "iam:CreateAccountAlias", "us-east-1", {}, lookAlike), "DenyChangingTheAlias", lookAlike);
            }
        });

        const provider = (name: string) => `arn:aws:iam::${SANDBOX}:saml-provider/${name}`;

        it("denies a sandbox admin creating a SAML provider named like Identity Center's, which the nuke would keep, and lets the access role do it", () => {
            for (const name of ["AWSSSO_0123abcd4567ef89_DO_NOT_DELETE", "AWSSSO_backdoor_DO_NOT_DELETE", "AWSSSO_anything"]) {
                assert.equal(denied(regions, "iam:CreateSAMLProvider", "us-east-1", {}, ADMIN, provider(name)), "DenyChangingTheWaysIn", name);
                assert.equal(denied(regions, "iam:CreateSAMLProvider", "us-east-1", {}, ACCESS_ROLE, provider(name)), undefined, name);
            }
        });

        it("denies a sandbox admin updating, tagging or deleting Identity Center's SAML provider, and lets the access role do it", () => {
            for (const action of ["iam:UpdateSAMLProvider", "iam:DeleteSAMLProvider", "iam:TagSAMLProvider", "iam:UntagSAMLProvider"]) {
                assert.equal(denied(regions, action, "us-east-1", {}, ADMIN, provider("AWSSSO_0123abcd4567ef89_DO_NOT_DELETE")), "DenyChangingTheWaysIn", action);
                assert.equal(denied(regions, action, "us-east-1", {}, ACCESS_ROLE, provider("AWSSSO_0123abcd4567ef89_DO_NOT_DELETE")), undefined, action);
            }
        });

        it("lets a sandbox admin create and change a SAML provider of their own, which the nuke deletes", () => {
            for (const action of ["iam:CreateSAMLProvider", "iam:UpdateSAMLProvider", "iam:DeleteSAMLProvider"]) {
                assert.equal(denied(regions, action, "us-east-1", {}, ADMIN, provider("okta")), undefined, action);
            }
        });

        it("denies a sandbox admin creating a role at Identity Center's path, which the nuke would keep, and lets them create one named like it elsewhere, which it deletes", () => {
            const at = (path: string) => `arn:aws:iam::${SANDBOX}:role${path}AWSReservedSSO_AdministratorAccess_0123456789abcdef`;
            for (const path of ["/aws-reserved/sso.amazonaws.com/", "/aws-reserved/sso.amazonaws.com/eu-west-1/"]) {
                assert.equal(denied(regions, "iam:CreateRole", "us-east-1", {}, ADMIN, at(path)), "DenyChangingTheWaysIn", path);
            }
            assert.equal(denied(regions, "iam:CreateRole", "us-east-1", {}, ADMIN, at("/")), undefined);
            assert.equal(denied(regions, "iam:CreateRole", "us-east-1", {}, ADMIN, `arn:aws:iam::${SANDBOX}:role/app-role`), undefined);
        });

        it("lets anyone read the alias and the roles", () => {
            assert.equal(denied(regions, "iam:ListAccountAliases", "us-east-1"), undefined);
            assert.equal(denied(regions, "iam:GetRole", "us-east-1", {}, ADMIN, ACCESS_ROLE), undefined);
        });
    });
});

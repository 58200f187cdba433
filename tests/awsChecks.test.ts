/**
 * What AWS would refuse at `pulumi up`, refused offline (issue 9, section 4): each bad value as a
 * new user would write it into Pulumi.dev.yaml, refused by path with what would be valid; and
 * what AWS accepts, planned.
 */
import { strict as assert } from "assert";
import { ConfigError, loadStackConfig } from "../config/load";
import { MANAGED_POLICIES, SOURCE as POLICY_SOURCE } from "../config/catalogue/managedPolicies";
import { PARTITIONS, SOURCE as REGION_SOURCE } from "../config/catalogue/regions";
import { SERVICE_PREFIXES, SOURCE as SERVICE_SOURCE } from "../config/catalogue/iamServices";
import { catalogueOfPolicies, listedPolicyArns, partitionsOf } from "../scripts/refreshCatalogues";
import { ofType, one, planFailure, planStack, stackWith } from "./harness";

type Edits = Record<string, (value: any) => any>;

/** The problems and warnings of the dev stack after the edits. */
function outcome(edits: Edits, region?: string): { problems: readonly string[]; warnings: readonly string[] } {
    const config = stackWith("dev", edits);
    if (region !== undefined) config["aws:region"] = region;
    try {
        return { problems: [], warnings: loadStackConfig(config).warnings };
    } catch (err) {
        if (err instanceof ConfigError) return { problems: err.problems, warnings: [] };
        throw err;
    }
}

/** Edit the dev stack's DeveloperUserAccess permission set. */
const developer = (edit: (ps: any) => void): Edits => ({ permissionSets: (sets) => void edit(sets.DeveloperUserAccess) });
const inline = (policy: unknown) => developer((ps) => (ps.inlinePolicy = policy));
const statement = (s: Record<string, unknown>) => inline({ Version: "2012-10-17", Statement: [s] });
const P = "permissionSets.DeveloperUserAccess";
/** Every managed policy of the dev stack by its ARN in `partition`. */
const inPartition = (partition: string): Edits => ({
    permissionSets: (sets) => {
        for (const ps of Object.values<any>(sets)) ps.managedPolicies = ps.managedPolicies.map((p: string) => `arn:${partition}:iam::aws:policy/${p}`);
    },
});

describe("refusing offline what AWS would refuse", () => {
    const refused: [string, Edits, string][] = [
        // AWS managed policies
        ["a misspelled managed policy", developer((ps) => (ps.managedPolicies = ["PowerUserAcess"])), `${P}.managedPolicies[0]: "PowerUserAcess" is not an AWS managed policy: did you mean PowerUserAccess?`],
        ["a managed policy in the wrong letter case", developer((ps) => (ps.managedPolicies = ["poweruseraccess"])), `${P}.managedPolicies[0]: "poweruseraccess" is not an AWS managed policy: did you mean PowerUserAccess?`],
        ["a job-function policy without its path", developer((ps) => (ps.managedPolicies = ["PowerUserAccess", "ViewOnlyAccess"])), `${P}.managedPolicies[1]: "ViewOnlyAccess" is not an AWS managed policy: did you mean job-function/ViewOnlyAccess? (an AWS managed policy's name includes its path)`],
        ["a misspelled policy without its path", developer((ps) => (ps.managedPolicies = ["Biling"])), `${P}.managedPolicies[0]: "Biling" is not an AWS managed policy: did you mean job-function/Billing? (an AWS managed policy's name includes its path)`],
        ["a policy under the wrong path", developer((ps) => (ps.managedPolicies = ["job-function/PowerUserAccess"])), `${P}.managedPolicies[0]: "job-function/PowerUserAccess" is not an AWS managed policy: did you mean PowerUserAccess?`],
        ["a service-role policy by its old name", developer((ps) => (ps.managedPolicies = ["service-role/AWSConfigRole"])), `${P}.managedPolicies[0]: "service-role/AWSConfigRole" is not an AWS managed policy: did you mean service-role/AWS_ConfigRole?`],
        ["a misspelled policy ARN", developer((ps) => (ps.managedPolicies = ["arn:aws:iam::aws:policy/AdministratorAcces"])), `${P}.managedPolicies[0]: "arn:aws:iam::aws:policy/AdministratorAcces" is not an AWS managed policy: did you mean arn:aws:iam::aws:policy/AdministratorAccess?`],
        ["a policy ARN without its path", developer((ps) => (ps.managedPolicies = ["arn:aws:iam::aws:policy/ViewOnlyAccess"])), `${P}.managedPolicies[0]: "arn:aws:iam::aws:policy/ViewOnlyAccess" is not an AWS managed policy: did you mean arn:aws:iam::aws:policy/job-function/ViewOnlyAccess? (an AWS managed policy's name includes its path)`],
        [
            "a customer managed policy among the AWS managed ones",
            developer((ps) => (ps.managedPolicies = ["PowerUserAccess", "DeployPipelineAccess"])),
            `${P}.managedPolicies[1]: "DeployPipelineAccess" is not an AWS managed policy (none in the catalogue, ${POLICY_SOURCE}, is close). A customer managed policy goes in customerManagedPolicies; an AWS managed policy newer than the catalogue can be given by its ARN, arn:aws:iam::aws:policy/DeployPipelineAccess, which is then used with a warning`,
        ],
        ["a misspelled managed permissions boundary", developer((ps) => (ps.permissionsBoundary = "PowerUserAcess")), `${P}.permissionsBoundary: "PowerUserAcess" is not an AWS managed policy: did you mean PowerUserAccess?`],

        // Inline policies
        ["an inline policy dated today", inline({ Version: "2026-11-23", Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }] }), `${P}.inlinePolicy.Version: "2026-11-23" is not a policy language version (2012-10-17 or 2008-10-17; 2012-10-17 is current)`],
        ["an inline policy without a Statement", inline({ Version: "2012-10-17" }), `${P}.inlinePolicy: is not an IAM policy document: it has no Statement`],
        ["an inline policy with Statements for Statement", inline({ Version: "2012-10-17", Statements: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }] }), `${P}.inlinePolicy.Statements: unknown key (did you mean Statement? IAM accepts: Version, Id, Statement)`],
        ["an inline policy with an empty Statement list", inline({ Version: "2012-10-17", Statement: [] }), `${P}.inlinePolicy.Statement: is empty: a policy needs at least one statement`],
        ["an Effect in lower case", statement({ Effect: "allow", Action: "s3:GetObject", Resource: "*" }), `${P}.inlinePolicy.Statement[0].Effect: "allow" is not an effect (did you mean Allow? Allow or Deny)`],
        ["a statement without an Effect", statement({ Action: "s3:GetObject", Resource: "*" }), `${P}.inlinePolicy.Statement[0]: has no Effect (Allow or Deny)`],
        ["an action without its service prefix", statement({ Effect: "Allow", Action: ["s3:ListBucket", "GetObject"], Resource: "*" }), `${P}.inlinePolicy.Statement[0].Action[1]: "GetObject" is not an action: IAM wants service:action, such as s3:GetObject or ec2:Describe*`],
        ["an action with a misspelled service", statement({ Effect: "Allow", Action: "dynamodbb:GetItem", Resource: "*" }), `${P}.inlinePolicy.Statement[0].Action: "dynamodbb:GetItem" names no AWS service "dynamodbb": did you mean dynamodb:GetItem?`],
        ["a statement with neither Resource nor NotResource", statement({ Effect: "Allow", Action: "s3:GetObject" }), `${P}.inlinePolicy.Statement[0]: has neither Resource nor NotResource`],
        ["a statement with neither Action nor NotAction", statement({ Effect: "Allow", Resource: "*" }), `${P}.inlinePolicy.Statement[0]: has neither Action nor NotAction`],
        ["a statement with both Action and NotAction", statement({ Effect: "Deny", Action: "s3:*", NotAction: "s3:GetObject", Resource: "*" }), `${P}.inlinePolicy.Statement[0]: has both Action and NotAction; IAM takes one of them`],
        ["a statement key misspelled", statement({ Effect: "Allow", Actions: "s3:GetObject", Resource: "*" }), `${P}.inlinePolicy.Statement[0].Actions: unknown key (did you mean Action? IAM accepts: Sid, Effect, Action, NotAction, Resource, NotResource, Condition)`],
        ["a statement key of a resource policy's grammar, Principal", statement({ Effect: "Allow", Principal: { AWS: "*" }, Action: "s3:GetObject", Resource: "*" }), `${P}.inlinePolicy.Statement[0].Principal: an inline policy of a permission set is an identity policy, which IAM refuses with a principal: it applies to whoever signs in with the permission set; remove it`],
        ["a bucket name where an ARN belongs", statement({ Effect: "Allow", Action: "s3:GetObject", Resource: "my-bucket/*" }), `${P}.inlinePolicy.Statement[0].Resource: "my-bucket/*" is not a resource: IAM wants an ARN (arn:aws:s3:::bucket/*) or *`],
        ["a Sid with a space", statement({ Sid: "Read logs", Effect: "Allow", Action: "logs:Get*", Resource: "*" }), `${P}.inlinePolicy.Statement[0].Sid: "Read logs" is not a statement id (ASCII letters and digits only)`],
        [
            "two statements with one Sid",
            inline({ Version: "2012-10-17", Statement: [{ Sid: "Read", Effect: "Allow", Action: "s3:Get*", Resource: "*" }, { Sid: "Read", Effect: "Allow", Action: "logs:Get*", Resource: "*" }] }),
            `${P}.inlinePolicy.Statement[1].Sid: "Read" is also the Sid of Statement[0] (IAM wants Sids unique within a policy)`,
        ],
        [
            "an inline policy over sso-admin's 10,240 characters",
            statement({ Effect: "Allow", Action: "s3:GetObject", Resource: Array.from({ length: 400 }, (_, i) => `arn:aws:s3:::team-bucket-${i}/*`) }),
            `${P}.inlinePolicy: is 13184 characters as compact JSON; sso-admin takes at most 10,240 for an inline policy`,
        ],
        ["an inline policy with a character beyond Latin-1", statement({ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::budget-€/*" }), `${P}.inlinePolicy: holds "€", a character beyond Latin-1, which sso-admin refuses in an inline policy`],
        ["a Condition that is a list", statement({ Effect: "Allow", Action: "s3:GetObject", Resource: "*", Condition: ["aws:SecureTransport"] }), `${P}.inlinePolicy.Statement[0].Condition: ["aws:SecureTransport"] is not a condition (a map of operators, such as StringEquals, to maps of keys to values)`],

        // Regions
        ["a sandbox region with a typo", { sandbox: (s) => void (s.nuke.regions = ["global", "us-eats-1"]) }, `sandbox.nuke.regions[1]: "us-eats-1" is not a region: did you mean us-east-1?`],
        ["a sandbox region without its number", { sandbox: (s) => void (s.nuke.regions = ["global", "eu-central"]) }, `sandbox.nuke.regions[1]: "eu-central" is not a region: did you mean eu-central-1?`],
        ["a sandbox region by its city", { sandbox: (s) => void (s.nuke.regions = ["global", "frankfurt"]) }, `sandbox.nuke.regions[1]: "frankfurt" is not a region (global, or an AWS region such as eu-central-1)`],

        // Tags and relay state
        ["an account tag in AWS's namespace", { accounts: (a) => void (a.dev.tags["aws:cost-center"] = "eng") }, `accounts.dev.tags.aws:cost-center: "aws:cost-center" starts with aws:, which AWS reserves for its own tags (in any letter case); choose another key`],
        ["an account tag in AWS's namespace in capitals", { accounts: (a) => void (a.dev.tags["AWS:Team"] = "eng") }, `accounts.dev.tags.AWS:Team: "AWS:Team" starts with aws:, which AWS reserves for its own tags (in any letter case); choose another key`],
        ["a permission set tag in AWS's namespace", developer((ps) => (ps.tags = { "Aws:owner": "platform" })), `${P}.tags.Aws:owner: "Aws:owner" starts with aws:, which AWS reserves for its own tags (in any letter case); choose another key`],
        ["a tag key with a character AWS refuses", { accounts: (a) => void (a.dev.tags["Cost#Center"] = "eng") }, `accounts.dev.tags.Cost#Center: "Cost#Center" is not a tag key (1-128 letters, digits, spaces and _.:/=+-@)`],
        ["a tag value with a character AWS refuses", { accounts: (a) => void (a.dev.tags.Owner = "jane@example.org; bob@example.org") }, `accounts.dev.tags.Owner: "jane@example.org; bob@example.org" is not a tag value (0-256 letters, digits, spaces and _.:/=+-@)`],
        [
            "a relay state with an accented letter",
            developer((ps) => (ps.relayState = "https://s3.console.aws.amazon.com/s3/buckets/données")),
            `${P}.relayState: "https://s3.console.aws.amazon.com/s3/buckets/données" is not a relay state (1-240 characters: letters, digits, spaces and &$@#\\/%?=~-_'"|!:,.;*+[](){})`,
        ],
    ];
    for (const [what, edits, expected] of refused) {
        it(`refuses ${what}, by path`, () => {
            const { problems } = outcome(edits);
            assert.ok(problems.includes(expected), `expected the problem\n    ${expected}\n  got\n    ${problems.join("\n    ") || "(none)"}`);
        });
    }

    it("refuses a misspelled or truncated aws:region with the region meant", () => {
        assert.deepEqual(outcome({}, "eu-centrall-1").problems, ['aws:region: "eu-centrall-1" is not an AWS region: did you mean eu-central-1?']);
        assert.deepEqual(outcome({}, "eu-central").problems, ['aws:region: "eu-central" is not an AWS region: did you mean eu-central-1?']);
        assert.deepEqual(outcome({}, "Frankfurt").problems, ['aws:region: "Frankfurt" is not an AWS region such as eu-central-1']);
    });

    it("refuses a managed policy of another partition than aws:region's", () => {
        assert.deepEqual(outcome({}, "cn-north-1").problems, [
            `permissionSets.AdministratorAccess.managedPolicies[0]: "AdministratorAccess" is a policy name, which means an ARN of the aws partition, but aws:region "cn-north-1" is in aws-cn: give it as arn:aws-cn:iam::aws:policy/AdministratorAccess`,
            `${P}.managedPolicies[0]: "PowerUserAccess" is a policy name, which means an ARN of the aws partition, but aws:region "cn-north-1" is in aws-cn: give it as arn:aws-cn:iam::aws:policy/PowerUserAccess`,
        ]);
        assert.deepEqual(outcome(inPartition("aws-us-gov"), "us-gov-west-1").problems, []);
        assert.deepEqual(outcome(inPartition("aws-us-gov"), "eu-central-1").problems, [
            `permissionSets.AdministratorAccess.managedPolicies[0]: "arn:aws-us-gov:iam::aws:policy/AdministratorAccess" is an ARN of the aws-us-gov partition, but aws:region "eu-central-1" is in aws: give it as arn:aws:iam::aws:policy/AdministratorAccess`,
            `${P}.managedPolicies[0]: "arn:aws-us-gov:iam::aws:policy/PowerUserAccess" is an ARN of the aws-us-gov partition, but aws:region "eu-central-1" is in aws: give it as arn:aws:iam::aws:policy/PowerUserAccess`,
        ]);
    });

    it("reports every such problem at once, before any resource is registered", async () => {
        const config = stackWith("dev", {
            permissionSets: (sets) => {
                sets.DeveloperUserAccess.managedPolicies = ["PowerUserAcess"];
                sets.DeveloperUserAccess.inlinePolicy = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "GetObject" }] };
            },
            accounts: (a) => void (a.dev.tags["aws:team"] = "x"),
            sandbox: (s) => void (s.nuke.regions = ["global", "eu-centrall-1"]),
        });
        config["aws:region"] = "eu-central";
        const failure = await planFailure(config);
        assert.equal(failure.registrations.length, 0);
        assert.match(failure.message, /^The stack config has 6 problems:/);
        for (const path of [
            "accounts.dev.tags.aws:team:",
            "aws:region:",
            `${P}.inlinePolicy.Statement[0]: has neither Resource`,
            `${P}.inlinePolicy.Statement[0].Action:`,
            `${P}.managedPolicies[0]:`,
            "sandbox.nuke.regions[1]:",
        ]) {
            assert.ok(failure.message.includes(`  - ${path}`), `no problem at ${path} in\n${failure.message}`);
        }
    });
});

describe("keeping what AWS accepts", () => {
    it("plans job-function and service-role policies, by name and by ARN, as a policy and as a boundary", async () => {
        const plan = await planStack(
            stackWith("dev", {
                permissionSets: (sets) => {
                    sets.DeveloperUserAccess.managedPolicies = ["PowerUserAccess", "job-function/ViewOnlyAccess", "arn:aws:iam::aws:policy/job-function/Billing", "service-role/AWS_ConfigRole"];
                    sets.DeveloperUserAccess.permissionsBoundary = "job-function/SystemAdministrator";
                },
            }),
        );
        const attached = ofType(plan, "aws:ssoadmin/managedPolicyAttachment:ManagedPolicyAttachment")
            .filter((r) => r.name.startsWith("DeveloperUserAccess/"))
            .map((r) => r.inputs.managedPolicyArn)
            .sort();
        assert.deepEqual(attached, [
            "arn:aws:iam::aws:policy/PowerUserAccess",
            "arn:aws:iam::aws:policy/job-function/Billing",
            "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess",
            "arn:aws:iam::aws:policy/service-role/AWS_ConfigRole",
        ]);
        const boundary = one(plan, "aws:ssoadmin/permissionsBoundaryAttachment:PermissionsBoundaryAttachment", "DeveloperUserAccess/boundary");
        assert.deepEqual(boundary.inputs.permissionsBoundary, { managedPolicyArn: "arn:aws:iam::aws:policy/job-function/SystemAdministrator" });
    });

    it("plans a policy ARN newer than the catalogue, with a warning naming it", async () => {
        const edits = developer((ps) => ps.managedPolicies.push("arn:aws:iam::aws:policy/AmazonWarpDriveFullAccess"));
        assert.deepEqual(outcome(edits).warnings, [
            `${P}.managedPolicies[1]: "arn:aws:iam::aws:policy/AmazonWarpDriveFullAccess" is not in the catalogue of AWS managed policies (${POLICY_SOURCE}); kept as written. ` +
                "If AWS has no such policy, attaching it fails at `pulumi up`; if it is new, `npm run refresh-catalogues` adds it",
        ]);
        const plan = await planStack(stackWith("dev", edits));
        assert.equal(one(plan, "aws:ssoadmin/managedPolicyAttachment:ManagedPolicyAttachment", "DeveloperUserAccess/AmazonWarpDriveFullAccess").inputs.managedPolicyArn, "arn:aws:iam::aws:policy/AmazonWarpDriveFullAccess");
    });

    it("logs the warnings as Pulumi warnings when the program runs", async () => {
        const logged: string[] = [];
        const warn = console.warn;
        // Without an engine (the mock engine has none), pulumi.log.warn writes to console.warn.
        console.warn = (line: string) => void logged.push(line);
        try {
            await planStack(stackWith("dev", { sandbox: (s) => void s.nuke.regions.push("eu-central-3") }));
        } finally {
            console.warn = warn;
        }
        assert.deepEqual(logged, [
            `warning: [runtime] config: sandbox.nuke.regions[2]: "eu-central-3" is not among the regions the AWS SDK knows (${REGION_SOURCE}); accepted as a new region of the aws partition. If it is not new, correct it; if it is, \`npm run refresh-catalogues\``,
        ]);
    });

    it("plans a rich inline policy: NotAction, NotResource, conditions, wildcards, accented tag names, one statement as a map, 2008-10-17", async () => {
        const policies = [
            {
                Version: "2012-10-17",
                Id: "DeveloperGuardrails",
                Statement: [
                    { Sid: "DenyOutsideEu", Effect: "Deny", NotAction: ["iam:*", "organizations:*", "sts:*", "support:*"], Resource: "*", Condition: { StringNotEquals: { "aws:RequestedRegion": ["eu-central-1", "eu-west-1"] } } },
                    { Sid: "NoIamUsers", Effect: "Deny", Action: ["iam:CreateUser", "iam:CreateAccessKey"], NotResource: "arn:aws:iam::*:user/ci-*" },
                    { Effect: "Allow", Action: ["S3:get*", "s3:List?ucket", "execute-api:Invoke"], Resource: ["arn:aws:s3:::team-*", "arn:aws:s3:::team-*/*", "arn:aws:execute-api:*:*:*"], Condition: { Bool: { "aws:SecureTransport": "true" }, IpAddress: { "aws:SourceIp": "203.0.113.0/24" }, StringEquals: { "aws:PrincipalTag/Équipe": "Données" } } },
                ],
            },
            { Version: "2008-10-17", Statement: { Effect: "Allow", Action: "*", Resource: "*" } },
            { Statement: [{ Effect: "Allow", Action: "vpc-lattice:AssociateViaAWSService-EventsAndStates", Resource: "*" }] },
        ];
        for (const policy of policies) {
            assert.deepEqual(outcome(inline(policy)), { problems: [], warnings: [] }, JSON.stringify(policy));
            const plan = await planStack(stackWith("dev", inline(policy)));
            const planned = JSON.parse(one(plan, "aws:ssoadmin/permissionSetInlinePolicy:PermissionSetInlinePolicy", "DeveloperUserAccess/inline").inputs.inlinePolicy as string);
            assert.deepEqual(Object.keys(planned).sort(), Object.keys(policy).sort());
        }
    });

    it("keeps an action of a service newer than the catalogue, with a warning", () => {
        assert.deepEqual(outcome(statement({ Effect: "Allow", Action: "quantumledger:ReadState", Resource: "*" })).warnings, [
            `${P}.inlinePolicy.Statement[0].Action: "quantumledger:ReadState": "quantumledger" is not a service prefix in the catalogue (${SERVICE_SOURCE}); kept, but it grants nothing if AWS has no such service`,
        ]);
    });

    it("plans accented names, descriptions and tags", async () => {
        const plan = await planStack(
            stackWith("dev", {
                users: (u) => void (u["zoe.muller"] = { givenName: "Zoë", familyName: "Müller-Lüdenscheidt", displayName: "Zoë Müller", email: "zoe@example.org", groups: ["DeveloperGroup"] }),
                accounts: (a) => void (a.dev.tags = { Équipe: "Données et analyse", "Centre de coût": "R et D" }),
                permissionSets: (sets) => {
                    sets.DeveloperUserAccess.description = "Accès développeurs : tout sauf la gestion des utilisateurs";
                    sets.DeveloperUserAccess.tags = { Propriétaire: "Plateforme" };
                },
            }),
        );
        assert.equal(one(plan, "aws:identitystore/user:User", "zoe.muller").inputs.displayName, "Zoë Müller");
        assert.deepEqual(one(plan, "aws:organizations/account:Account", "dev").inputs.tags, { "Centre de coût": "R et D", Équipe: "Données et analyse" });
        const ps = one(plan, "aws:ssoadmin/permissionSet:PermissionSet", "DeveloperUserAccess");
        assert.equal(ps.inputs.description, "Accès développeurs : tout sauf la gestion des utilisateurs");
        assert.deepEqual(ps.inputs.tags, { Propriétaire: "Plateforme" });
    });

    it("plans a relay state of a console deep link", async () => {
        const url = "https://eu-central-1.console.aws.amazon.com/cloudwatch/home?region=eu-central-1#dashboards/dashboard/Team-Ops";
        const plan = await planStack(stackWith("dev", developer((ps) => (ps.relayState = url))));
        assert.equal(one(plan, "aws:ssoadmin/permissionSet:PermissionSet", "DeveloperUserAccess").inputs.relayState, url);
    });

    it("accepts every region of every partition the AWS SDK knows, European Sovereign Cloud included", () => {
        const regions = PARTITIONS.flatMap((p) => p.regions);
        assert.ok(regions.includes("eusc-de-east-1") && regions.includes("us-gov-west-1") && regions.includes("cn-north-1"));
        for (const { id, regions } of PARTITIONS) {
            for (const region of regions) {
                const edits: Edits = { ...inPartition(id), sandbox: (s) => void (s.nuke.regions = ["global", region]) };
                assert.deepEqual(outcome(edits, region), { problems: [], warnings: [] }, region);
            }
        }
    });

    it("plans a region newer than the SDK's table, with a warning, and nukes it", async () => {
        const edits: Edits = { sandbox: (s) => void (s.nuke.regions = ["global", "eu-central-1", "ap-southwest-1"]) };
        assert.deepEqual(outcome(edits).warnings, [
            `sandbox.nuke.regions[2]: "ap-southwest-1" is not among the regions the AWS SDK knows (${REGION_SOURCE}); accepted as a new region of the aws partition. If it is not new, correct it; if it is, \`npm run refresh-catalogues\``,
        ]);
        const plan = await planStack(stackWith("dev", edits));
        assert.match(String(plan.outputs.nukeConfig), /- "ap-southwest-1"/);
    });
});

describe("the catalogues", () => {
    it("hold the AWS managed policies with their paths", () => {
        assert.ok(MANAGED_POLICIES.length > 1000, `${MANAGED_POLICIES.length} policies`);
        for (const p of ["AdministratorAccess", "PowerUserAccess", "ReadOnlyAccess", "SecurityAudit", "job-function/ViewOnlyAccess", "job-function/Billing", "service-role/AWS_ConfigRole", "aws-service-role/AWSSupportServiceRolePolicy"]) {
            assert.ok(MANAGED_POLICIES.includes(p), p);
        }
    });

    it("are refreshed from aws iam list-policies output as from the package, and never from a partial list", () => {
        // The AWS CLI's JSON for list-policies: every page merged into one Policies list.
        const listed = JSON.stringify({
            Policies: MANAGED_POLICIES.map((p) => ({ PolicyName: p.slice(p.lastIndexOf("/") + 1), Arn: `arn:aws:iam::aws:policy/${p}`, Path: `/${p.slice(0, p.lastIndexOf("/") + 1)}`, AttachmentCount: 0 })),
        });
        assert.deepEqual(catalogueOfPolicies(listedPolicyArns(listed, "policies.json"), "cli"), [...MANAGED_POLICIES]);
        assert.throws(() => listedPolicyArns('{"Roles": []}', "roles.json"), /roles\.json: not the output of aws iam list-policies/);
        assert.throws(() => catalogueOfPolicies(["arn:aws:iam::aws:policy/PowerUserAccess"], "cli"), /cli: 1 policies, not a complete list/);
    });

    it("take regions from the SDK's partition table, without its pseudo-regions", () => {
        // The shape of @aws-sdk/core's dist-es/submodules/client/util-endpoints/lib/aws/partitions.js.
        const module = `export const partitionsInfo = ${JSON.stringify({
            partitions: [{ id: "aws", outputs: { name: "aws" }, regionRegex: "^(us|eu)\\-\\w+\\-\\d+$", regions: { "aws-global": { description: "global" }, "eu-central-1": {}, "us-east-1": {} } }],
            version: "1.1",
        }, null, 4)};\n`;
        assert.deepEqual(partitionsOf(module), [{ id: "aws", regionRegex: "^(us|eu)\\-\\w+\\-\\d+$", regions: ["eu-central-1", "us-east-1"] }]);
    });

    it("hold the service prefixes of IAM actions", () => {
        for (const s of ["s3", "ec2", "iam", "sts", "execute-api", "dynamodb", "sso"]) assert.ok(SERVICE_PREFIXES.includes(s), s);
    });
});

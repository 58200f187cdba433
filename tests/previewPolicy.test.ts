/**
 * The pull-request workflow's role (docs/pull-requests.md, plan/previewPolicy.ts): its policy is
 * exactly the reads `pulumi preview` of this program makes, derived from the resource types and
 * invokes the program plans, and its trust names this repository and a protected environment.
 */
import { strict as assert } from "assert";
import { readFileSync } from "fs";
import { join } from "path";
import { parse } from "yaml";
import { Plan } from "../plan/engine";
import { READS_BY_INVOKE, READS_BY_TYPE, previewPolicy, previewReadActions, previewTrustPolicy } from "../plan/previewPolicy";
import { ROOT, planStack, stackFile, stackWith } from "./harness";

const DOC = readFileSync(join(ROOT, "docs", "pull-requests.md"), "utf8");
/** The JSON code blocks of the docs' section that sets up the role. */
const jsonBlocks = (text: string) => [...text.matchAll(/```json\n([\s\S]*?)\n```/g)].map((m) => JSON.parse(m[1]) as Record<string, unknown>);
const section = DOC.slice(DOC.indexOf("### 3. "), DOC.indexOf("### 4. "));

/** Configurations that between them register every kind of resource and invoke the program has. */
async function plans(): Promise<Plan[]> {
    const everything = stackWith("prod", {
        permissionSets: (p) => {
            p.DeveloperUserAccess.customerManagedPolicies = ["SandboxExtras"];
            p.DeveloperUserAccess.inlinePolicy = { Version: "2012-10-17", Statement: [{ Effect: "Deny", Action: "iam:CreateUser", Resource: "*" }] };
            p.DeveloperUserAccess.permissionsBoundary = "arn:aws:iam::aws:policy/PowerUserAccess";
            return p;
        },
    });
    return Promise.all([planStack(stackFile("dev")), planStack(stackFile("prod")), planStack(everything)]);
}

describe("the preview role", () => {
    let planned: Plan[];
    before(async () => (planned = await plans()));

    describe("its policy", () => {
        it("has an entry for every resource type the program plans, and none for a type it does not", () => {
            const types = new Set(planned.flatMap((p) => p.registrations.filter((r) => r.custom).map((r) => r.type)));
            assert.deepEqual([...types].sort(), Object.keys(READS_BY_TYPE).sort());
        });

        it("has an entry for every invoke the program makes, and none for one it does not", () => {
            const tokens = new Set(planned.flatMap((p) => p.invocations.map((i) => i.token)));
            assert.deepEqual([...tokens].sort(), Object.keys(READS_BY_INVOKE).sort());
        });

        it("is exactly those types' and invokes' reads in the management account, not the sandbox's", () => {
            const actions = previewReadActions();
            assert.ok(actions.includes("organizations:DescribeOrganization"));
            assert.ok(actions.includes("identitystore:GetGroupId"), "the lookup of an external group");
            assert.ok(!actions.includes("iam:ListAccountAliases"), "the alias is read in the sandbox, by the sandbox's role");
            assert.deepEqual(actions, [...new Set(actions)].sort());
        });

        it("reads and never writes: every action lists, describes, gets or views", () => {
            for (const action of previewReadActions()) assert.match(action, /^[a-z0-9-]+:(Get|List|Describe|BatchGet|View)[A-Za-z]*$/, action);
        });

        it("is not ReadOnlyAccess, and grants nothing on every resource but reads", () => {
            const policy = previewPolicy({ stateBucket: "acme-pulumi-state" }) as { Statement: { Action: string | string[]; Resource: string }[] };
            assert.ok(!JSON.stringify(policy).includes("ReadOnlyAccess"));
            assert.deepEqual(
                policy.Statement.map((s) => [s.Action, s.Resource]).slice(1),
                [
                    ["s3:ListBucket", "arn:aws:s3:::acme-pulumi-state"],
                    ["s3:GetObject", "arn:aws:s3:::acme-pulumi-state/*"],
                ],
            );
            assert.equal((previewPolicy({}).Statement as unknown[]).length, 1, "no bucket statements for Pulumi Cloud");
        });
    });

    describe("docs/pull-requests.md", () => {
        it("shows the trust and the policy the code derives", () => {
            const [trust, policy] = jsonBlocks(section);
            assert.deepEqual(trust, previewTrustPolicy({ repository: "ACME/landing-zone", environment: "preview", accountId: "111111111111" }));
            assert.deepEqual(policy, previewPolicy({ stateBucket: "acme-pulumi-state" }));
        });

        it("no longer attaches ReadOnlyAccess", () => {
            assert.doesNotMatch(DOC, /attach-role-policy[^\n]*\n[^\n]*ReadOnlyAccess/);
            assert.match(section, /put-role-policy --role-name landing-zone-preview/);
        });
    });

    describe("its trust", () => {
        const trust = previewTrustPolicy({ repository: "ACME/landing-zone", environment: "preview", accountId: "111111111111" }) as {
            Statement: { Condition: { StringEquals: Record<string, string> } }[];
        };
        const sub = trust.Statement[0].Condition.StringEquals["token.actions.githubusercontent.com:sub"];

        it("names the repository and the environment, as GitHub's subject claim for a job in an environment", () => {
            assert.equal(sub, "repo:ACME/landing-zone:environment:preview");
            assert.equal(trust.Statement[0].Condition.StringEquals["token.actions.githubusercontent.com:aud"], "sts.amazonaws.com");
        });

        it("is exact (StringEquals, no wildcard), so any pull request without the approval is refused", () => {
            assert.doesNotMatch(sub, /[*?]/);
            assert.notEqual(sub, "repo:ACME/landing-zone:pull_request");
        });

        it("writes a colon in the environment's name as GitHub does, %3A", () => {
            const other = previewTrustPolicy({ repository: "ACME/landing-zone", environment: "preview:v1", accountId: "111111111111" }) as typeof trust;
            assert.equal(other.Statement[0].Condition.StringEquals["token.actions.githubusercontent.com:sub"], "repo:ACME/landing-zone:environment:preview%3Av1");
        });

        it("is the environment the workflow's preview job runs in", () => {
            const workflow = parse(readFileSync(join(ROOT, ".github", "workflows", "preview.yml"), "utf8")) as { jobs: Record<string, { environment?: string }> };
            assert.equal(workflow.jobs["pulumi-preview"].environment, "preview");
        });
    });
});

/**
 * IAM Identity Center and DeveloperAccess, planned through the real program (index.ts) on the
 * strict fake cloud: permission sets and their policies, groups and their assignments, users and
 * their memberships, the instance lookup, the stack outputs, and what onboarding someone changes.
 */
import { strict as assert } from "assert";
import { isDeepStrictEqual } from "util";
import * as pulumi from "@pulumi/pulumi";
import { DeveloperAccess } from "../components/developerAccess";
import { DEFAULT_CLOUD, Plan, Registration, plan as planProgram } from "../plan/engine";
import { ofType, one, planFailure, planStack, stackFile, stackWith } from "./harness";

const IDENTITY_CENTER = "landing-zone:index:IdentityCenter";
const DEVELOPER_ACCESS = "landing-zone:index:DeveloperAccess";
const PERMISSION_SET = "aws:ssoadmin/permissionSet:PermissionSet";
const MANAGED = "aws:ssoadmin/managedPolicyAttachment:ManagedPolicyAttachment";
const CUSTOMER_MANAGED = "aws:ssoadmin/customerManagedPolicyAttachment:CustomerManagedPolicyAttachment";
const INLINE = "aws:ssoadmin/permissionSetInlinePolicy:PermissionSetInlinePolicy";
const BOUNDARY = "aws:ssoadmin/permissionsBoundaryAttachment:PermissionsBoundaryAttachment";
const ASSIGNMENT = "aws:ssoadmin/accountAssignment:AccountAssignment";
const GROUP = "aws:identitystore/group:Group";
const USER = "aws:identitystore/user:User";
const MEMBERSHIP = "aws:identitystore/groupMembership:GroupMembership";
const GET_INSTANCES = "aws:ssoadmin/getInstances:getInstances";
const IDENTITY_TYPES = [PERMISSION_SET, MANAGED, CUSTOMER_MANAGED, INLINE, BOUNDARY, ASSIGNMENT, GROUP, USER, MEMBERSHIP];

const [INSTANCE] = DEFAULT_CLOUD.instances;
const PINNED = { instanceArn: "arn:aws:sso:::instance/ssoins-0123456789abcdef", identityStoreId: "d-0123456789" };

const names = (p: Plan, type: string) => ofType(p, type).map((r) => r.name);
const idOf = (r: Registration, key: string) => r.outputs[key] as string;

/** What differs between two plans, by URN: resources only in one, and resources whose registration changed. */
function diff(before: Plan, after: Plan) {
    const shape = (r: Registration) => ({
        type: r.type,
        name: r.name,
        parent: r.parent,
        inputs: r.inputs,
        dependencies: [...r.dependencies].sort(),
        protect: r.protect,
        importId: r.importId,
        ignoreChanges: r.ignoreChanges,
        provider: r.provider,
    });
    const a = new Map(before.registrations.map((r) => [r.urn, shape(r)]));
    const b = new Map(after.registrations.map((r) => [r.urn, shape(r)]));
    const label = (urn: string) => `${(a.get(urn) ?? b.get(urn))!.type}::${(a.get(urn) ?? b.get(urn))!.name}`;
    return {
        added: [...b.keys()].filter((urn) => !a.has(urn)).map(label).sort(),
        removed: [...a.keys()].filter((urn) => !b.has(urn)).map(label).sort(),
        changed: [...a.keys()].filter((urn) => b.has(urn) && !isDeepStrictEqual(a.get(urn), b.get(urn))).map(label).sort(),
    };
}

describe("Identity Center", () => {
    describe("a new organisation (Pulumi.dev.yaml)", () => {
        let plan: Plan;
        before(async () => (plan = await planStack(stackFile("dev"))));

        it("looks the instance up once with getInstances", () => {
            assert.deepEqual(
                plan.invocations.map((i) => i.token),
                [GET_INSTANCES],
            );
        });

        it("creates a permission set per config key, in the instance found, with description, session duration and tags", () => {
            assert.deepEqual(names(plan, PERMISSION_SET), ["AdministratorAccess", "DeveloperUserAccess"]);
            assert.deepEqual(one(plan, PERMISSION_SET, "AdministratorAccess").inputs, {
                instanceArn: INSTANCE.arn,
                name: "AdministratorAccess",
                description: "Full access, for the few who run the organisation",
                sessionDuration: "PT1H",
                tags: {},
            });
        });

        it("makes DeveloperUserAccess PowerUserAccess for 8 hours", () => {
            const developer = one(plan, PERMISSION_SET, "DeveloperUserAccess");
            assert.equal(developer.inputs.sessionDuration, "PT8H");
            const attachments = ofType(plan, MANAGED).filter((r) => r.inputs.permissionSetArn === developer.outputs.arn);
            assert.deepEqual(
                attachments.map((r) => r.inputs.managedPolicyArn),
                ["arn:aws:iam::aws:policy/PowerUserAccess"],
            );
        });

        it("attaches each managed policy by its full ARN, named by permission set and policy", () => {
            assert.deepEqual(one(plan, MANAGED, "AdministratorAccess/AdministratorAccess").inputs, {
                instanceArn: INSTANCE.arn,
                permissionSetArn: one(plan, PERMISSION_SET, "AdministratorAccess").outputs.arn,
                managedPolicyArn: "arn:aws:iam::aws:policy/AdministratorAccess",
            });
            assert.deepEqual(names(plan, MANAGED), ["AdministratorAccess/AdministratorAccess", "DeveloperUserAccess/PowerUserAccess"]);
        });

        it("creates a group per config key, displayed by its key, with its description", () => {
            assert.deepEqual(names(plan, GROUP), ["Administrators", "DeveloperGroup"]);
            assert.deepEqual(one(plan, GROUP, "DeveloperGroup").inputs, {
                identityStoreId: INSTANCE.identityStoreId,
                displayName: "DeveloperGroup",
                description: "Developers",
            });
        });

        it("assigns DeveloperGroup DeveloperUserAccess on dev and the sandbox, and nothing else", () => {
            const ids = plan.outputs.accountIds as Record<string, string>;
            const group = one(plan, GROUP, "DeveloperGroup");
            const assignments = ofType(plan, ASSIGNMENT).filter((r) => r.inputs.principalId === idOf(group, "groupId"));
            assert.deepEqual(
                assignments.map((r) => [r.inputs.permissionSetArn, r.inputs.targetId]),
                [
                    [one(plan, PERMISSION_SET, "DeveloperUserAccess").outputs.arn, ids.dev],
                    [one(plan, PERMISSION_SET, "DeveloperUserAccess").outputs.arn, ids.sandbox],
                ],
            );
        });

        it("assigns a group on an account by id, the management account included", () => {
            assert.deepEqual(one(plan, ASSIGNMENT, "Administrators/AdministratorAccess/root").inputs, {
                instanceArn: INSTANCE.arn,
                permissionSetArn: one(plan, PERMISSION_SET, "AdministratorAccess").outputs.arn,
                principalType: "GROUP",
                principalId: idOf(one(plan, GROUP, "Administrators"), "groupId"),
                targetType: "AWS_ACCOUNT",
                targetId: DEFAULT_CLOUD.managementAccountId,
            });
        });

        it("makes one assignment per (group, permission set, account)", () => {
            assert.deepEqual(names(plan, ASSIGNMENT), [
                "Administrators/AdministratorAccess/dev",
                "Administrators/AdministratorAccess/root",
                "Administrators/AdministratorAccess/sandbox",
                "DeveloperGroup/DeveloperUserAccess/dev",
                "DeveloperGroup/DeveloperUserAccess/sandbox",
            ]);
        });

        it("makes each assignment depend on the account it targets and on no other account", () => {
            const accounts = (r: Registration) => r.dependencies.filter((urn) => urn.includes("aws:organizations/account:Account::")).map((urn) => urn.split("::").pop());
            assert.deepEqual(accounts(one(plan, ASSIGNMENT, "DeveloperGroup/DeveloperUserAccess/sandbox")), ["sandbox"]);
            assert.deepEqual(accounts(one(plan, ASSIGNMENT, "DeveloperGroup/DeveloperUserAccess/dev")), ["dev"]);
            // The management account is no resource: its id comes from the organisation.
            assert.deepEqual(accounts(one(plan, ASSIGNMENT, "Administrators/AdministratorAccess/root")), []);
        });

        it("makes each assignment depend on its permission set's policy attachments and on no other's", () => {
            const admin = one(plan, MANAGED, "AdministratorAccess/AdministratorAccess").urn;
            const developer = one(plan, MANAGED, "DeveloperUserAccess/PowerUserAccess").urn;
            const assignment = one(plan, ASSIGNMENT, "DeveloperGroup/DeveloperUserAccess/sandbox");
            assert.ok(assignment.dependencies.includes(developer), assignment.dependencies.join("\n"));
            assert.ok(!assignment.dependencies.includes(admin));
            assert.ok(one(plan, ASSIGNMENT, "Administrators/AdministratorAccess/dev").dependencies.includes(admin));
        });

        it("creates a user per config key with user name, display name, names and one primary email", () => {
            assert.deepEqual(names(plan, USER), ["bob.smith", "jane.doe"]);
            assert.deepEqual(one(plan, USER, "jane.doe").inputs, {
                identityStoreId: INSTANCE.identityStoreId,
                userName: "jane.doe",
                displayName: "Jane Doe",
                name: { givenName: "Jane", familyName: "Doe" },
                emails: { value: "jane@example.org", primary: true },
            });
        });

        it("puts the developers in DeveloperGroup and the administrator in Administrators", () => {
            const groupOf = (r: Registration) => ofType(plan, GROUP).find((g) => idOf(g, "groupId") === r.inputs.groupId)?.name;
            const userOf = (r: Registration) => ofType(plan, USER).find((u) => idOf(u, "userId") === r.inputs.memberId)?.name;
            assert.deepEqual(
                ofType(plan, MEMBERSHIP).map((r) => [r.name, userOf(r), groupOf(r), r.inputs.identityStoreId]),
                [
                    ["bob.smith/DeveloperGroup", "bob.smith", "DeveloperGroup", INSTANCE.identityStoreId],
                    ["jane.doe/Administrators", "jane.doe", "Administrators", INSTANCE.identityStoreId],
                    ["jane.doe/DeveloperGroup", "jane.doe", "DeveloperGroup", INSTANCE.identityStoreId],
                ],
            );
        });

        it("parents permission sets, policies and users to IdentityCenter, and groups, memberships and assignments to their group's DeveloperAccess", () => {
            const identityCenter = one(plan, IDENTITY_CENTER, "identity-center").urn;
            for (const r of [PERMISSION_SET, MANAGED, USER].flatMap((t) => ofType(plan, t))) assert.equal(r.parent, identityCenter, r.name);
            const access = one(plan, DEVELOPER_ACCESS, "DeveloperGroup").urn;
            for (const r of [GROUP, MEMBERSHIP, ASSIGNMENT].flatMap((t) => ofType(plan, t)).filter((r) => r.name.includes("DeveloperGroup"))) {
                assert.equal(r.parent, access, r.name);
            }
        });

        it("outputs the instance, identity store, portal URL, permission set ARNs and group ids", () => {
            assert.equal(plan.outputs.instanceArn, INSTANCE.arn);
            assert.equal(plan.outputs.identityStoreId, INSTANCE.identityStoreId);
            assert.equal(plan.outputs.portalUrl, `https://${INSTANCE.identityStoreId}.awsapps.com/start`);
            assert.deepEqual(plan.outputs.permissionSetArns, {
                AdministratorAccess: one(plan, PERMISSION_SET, "AdministratorAccess").outputs.arn,
                DeveloperUserAccess: one(plan, PERMISSION_SET, "DeveloperUserAccess").outputs.arn,
            });
            assert.deepEqual(plan.outputs.groupIds, {
                Administrators: idOf(one(plan, GROUP, "Administrators"), "groupId"),
                DeveloperGroup: idOf(one(plan, GROUP, "DeveloperGroup"), "groupId"),
            });
        });

        it("outputs what each user can reach: account key, account id and permission set", () => {
            const ids = plan.outputs.accountIds as Record<string, string>;
            assert.deepEqual((plan.outputs.access as Record<string, unknown>)["bob.smith"], [
                { account: "dev", accountId: ids.dev, permissionSet: "DeveloperUserAccess" },
                { account: "sandbox", accountId: ids.sandbox, permissionSet: "DeveloperUserAccess" },
            ]);
            assert.equal((plan.outputs.access as Record<string, unknown[]>)["jane.doe"].length, 5);
        });

        it("outputs the onboarding checklist: the users, the portal URL, the verification email and MFA", () => {
            const onboarding = plan.outputs.onboarding as { portalUrl: string; users: Record<string, string>; steps: string[] };
            assert.equal(onboarding.portalUrl, plan.outputs.portalUrl);
            assert.deepEqual(onboarding.users, { "bob.smith": "Bob Smith <bob@example.org>", "jane.doe": "Jane Doe <jane@example.org>" });
            const text = onboarding.steps.join("\n");
            assert.ok(text.includes("send the verification email from the console"), text);
            assert.ok(text.includes(String(plan.outputs.portalUrl)), text);
            assert.match(text, /MFA/);
        });
    });

    describe("an adopted organisation (Pulumi.prod.yaml)", () => {
        let plan: Plan;
        before(async () => (plan = await planStack(stackFile("prod"))));

        it("creates the four permission sets with their managed policies, job-function paths kept", () => {
            assert.deepEqual(names(plan, PERMISSION_SET), ["AdministratorAccess", "BillingAccess", "DeveloperUserAccess", "ReadOnlyAccess"]);
            assert.deepEqual(
                ofType(plan, MANAGED).map((r) => [r.name, r.inputs.managedPolicyArn]),
                [
                    ["AdministratorAccess/AdministratorAccess", "arn:aws:iam::aws:policy/AdministratorAccess"],
                    ["BillingAccess/job-function/Billing", "arn:aws:iam::aws:policy/job-function/Billing"],
                    ["DeveloperUserAccess/PowerUserAccess", "arn:aws:iam::aws:policy/PowerUserAccess"],
                    ["ReadOnlyAccess/ReadOnlyAccess", "arn:aws:iam::aws:policy/ReadOnlyAccess"],
                    ["ReadOnlyAccess/job-function/ViewOnlyAccess", "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess"],
                ],
            );
        });

        it("creates the three groups, looks up the external one, and makes one assignment per (group or user, permission set, account)", () => {
            assert.deepEqual(names(plan, GROUP), ["DeveloperGroup", "Finance", "Platform"]);
            assert.deepEqual(
                plan.invocations.filter((i) => i.token === "aws:identitystore/getGroup:getGroup").map((i) => i.inputs.alternateIdentifier),
                [{ uniqueAttribute: { attributePath: "displayName", attributeValue: "Auditors" } }],
            );
            // Platform: management + all (5); DeveloperGroup: 3 + prod + ou:Infrastructure (1); Finance: 1;
            // Auditors: ou:Workloads (3); sam@partner.example: 1.
            assert.equal(ofType(plan, ASSIGNMENT).length, 16);
            assert.deepEqual(one(plan, ASSIGNMENT, "Finance/BillingAccess/management").inputs.targetId, DEFAULT_CLOUD.managementAccountId);
            assert.equal(one(plan, ASSIGNMENT, "DeveloperGroup/ReadOnlyAccess/prod").inputs.targetId, "444444444444");
        });

        it("makes an assignment of a two-policy permission set depend on both attachments", () => {
            const assignment = one(plan, ASSIGNMENT, "DeveloperGroup/ReadOnlyAccess/prod");
            for (const name of ["ReadOnlyAccess/ReadOnlyAccess", "ReadOnlyAccess/job-function/ViewOnlyAccess"]) {
                assert.ok(assignment.dependencies.includes(one(plan, MANAGED, name).urn), name);
            }
        });

        it("creates the four users, a configured display name kept, and one membership each", () => {
            assert.deepEqual(names(plan, USER), ["alex.admin", "bsilva", "chen.wei", "dana.fin"]);
            assert.equal(one(plan, USER, "chen.wei").inputs.displayName, "Chen Wei");
            assert.deepEqual(names(plan, MEMBERSHIP), ["alex.admin/Platform", "bsilva/DeveloperGroup", "chen.wei/DeveloperGroup", "dana.fin/Finance"]);
        });

        it("resolves every Identity Center output", () => {
            for (const key of ["instanceArn", "identityStoreId", "portalUrl", "permissionSetArns", "groupIds", "access", "onboarding"]) {
                assert.notEqual(plan.outputs[key], undefined, key);
            }
            assert.deepEqual(Object.keys(plan.outputs.groupIds as object), ["Auditors", "DeveloperGroup", "Finance", "Platform"]);
            assert.deepEqual((plan.outputs.access as Record<string, unknown>)["dana.fin"], [
                { account: "management", accountId: DEFAULT_CLOUD.managementAccountId, permissionSet: "BillingAccess" },
            ]);
        });
    });

    describe("permission set settings", () => {
        let plan: Plan;
        const inline = { Version: "2012-10-17", Statement: [{ Effect: "Deny", Action: "iam:CreateUser", Resource: "*" }] };
        before(
            async () =>
                (plan = await planStack(
                    stackWith("dev", {
                        permissionSets: (sets) => {
                            sets.DeveloperUserAccess = {
                                ...sets.DeveloperUserAccess,
                                managedPolicies: ["PowerUserAccess", "job-function/ViewOnlyAccess"],
                                customerManagedPolicies: ["DeveloperExtras", "/ci/DeployPolicy"],
                                inlinePolicy: inline,
                                permissionsBoundary: { customerManaged: "/boundaries/DeveloperBoundary" },
                                relayState: "https://console.aws.amazon.com/cloudwatch/home",
                                tags: { Team: "developers" },
                            };
                            sets.AdministratorAccess.permissionsBoundary = "job-function/ViewOnlyAccess";
                        },
                    }),
                )),
        );

        it("passes the relay state and tags to the permission set", () => {
            const ps = one(plan, PERMISSION_SET, "DeveloperUserAccess");
            assert.equal(ps.inputs.relayState, "https://console.aws.amazon.com/cloudwatch/home");
            assert.deepEqual(ps.inputs.tags, { Team: "developers" });
        });

        it("attaches customer managed policies by name and path", () => {
            const arn = one(plan, PERMISSION_SET, "DeveloperUserAccess").outputs.arn;
            assert.deepEqual(
                ofType(plan, CUSTOMER_MANAGED).map((r) => [r.name, r.inputs]),
                [
                    ["DeveloperUserAccess/DeveloperExtras", { instanceArn: INSTANCE.arn, permissionSetArn: arn, customerManagedPolicyReference: { name: "DeveloperExtras", path: "/" } }],
                    ["DeveloperUserAccess/ci/DeployPolicy", { instanceArn: INSTANCE.arn, permissionSetArn: arn, customerManagedPolicyReference: { name: "DeployPolicy", path: "/ci/" } }],
                ],
            );
        });

        it("puts the inline policy as its JSON document", () => {
            const policy = one(plan, INLINE, "DeveloperUserAccess/inline");
            assert.equal(policy.inputs.permissionSetArn, one(plan, PERMISSION_SET, "DeveloperUserAccess").outputs.arn);
            assert.deepEqual(JSON.parse(policy.inputs.inlinePolicy as string), inline);
            assert.deepEqual(names(plan, INLINE), ["DeveloperUserAccess/inline"]);
        });

        it("attaches a customer managed permissions boundary by name and path", () => {
            assert.deepEqual(one(plan, BOUNDARY, "DeveloperUserAccess/boundary").inputs.permissionsBoundary, {
                customerManagedPolicyReference: { name: "DeveloperBoundary", path: "/boundaries/" },
            });
        });

        it("attaches an AWS managed permissions boundary by its ARN", () => {
            assert.deepEqual(one(plan, BOUNDARY, "AdministratorAccess/boundary").inputs.permissionsBoundary, {
                managedPolicyArn: "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess",
            });
        });

        it("makes each assignment depend on every kind of policy attachment of its permission set", () => {
            const assignment = one(plan, ASSIGNMENT, "DeveloperGroup/DeveloperUserAccess/dev");
            const attachments = [...ofType(plan, MANAGED), ...ofType(plan, CUSTOMER_MANAGED), ...ofType(plan, INLINE), ...ofType(plan, BOUNDARY)].filter(
                (r) => r.name.startsWith("DeveloperUserAccess/"),
            );
            assert.equal(attachments.length, 6);
            for (const r of attachments) assert.ok(assignment.dependencies.includes(r.urn), r.name);
        });

        it("adds a managed policy as one more attachment without renaming or changing the others", async () => {
            const base = await planStack(stackFile("dev"));
            const more = await planStack(
                stackWith("dev", { permissionSets: (sets) => void sets.DeveloperUserAccess.managedPolicies.unshift("IAMReadOnlyAccess") }),
            );
            const { added, removed, changed } = diff(base, more);
            assert.deepEqual(added, [`${MANAGED}::DeveloperUserAccess/IAMReadOnlyAccess`]);
            assert.deepEqual(removed, []);
            // Only the assignments of that permission set change, by one more dependency, and its
            // exclusive list, by one more policy (already attached by then: it attaches nothing).
            assert.deepEqual(changed, [
                `${ASSIGNMENT}::DeveloperGroup/DeveloperUserAccess/dev`,
                `${ASSIGNMENT}::DeveloperGroup/DeveloperUserAccess/sandbox`,
                "aws:ssoadmin/managedPolicyAttachmentsExclusive:ManagedPolicyAttachmentsExclusive::DeveloperUserAccess",
            ]);
        });
    });

    describe("assignments are given to groups only", () => {
        it("makes as many assignments for twenty developers as for none", async () => {
            const crowd = await planStack(
                stackWith("dev", {
                    users: (users) => {
                        for (let i = 1; i <= 20; i++) {
                            users[`dev${i}`] = { givenName: "Dev", familyName: `Number${i}`, email: `dev${i}@example.org`, groups: ["DeveloperGroup"] };
                        }
                    },
                }),
            );
            const nobody = await planStack(stackWith("dev", { users: () => ({}) }));
            assert.equal(ofType(crowd, USER).length, 22);
            assert.deepEqual(names(crowd, ASSIGNMENT), names(nobody, ASSIGNMENT));
            assert.equal(ofType(nobody, ASSIGNMENT).length, 5);
        });
    });

    describe("the Identity Center instance", () => {
        // The plans below warn (and the engine records it in plan.warnings): keep the test output quiet.
        let original: typeof console.warn;
        before(() => {
            original = console.warn;
            console.warn = () => undefined;
        });
        after(() => (console.warn = original));

        describe("none yet (a new organisation: Identity Center can only be enabled once the organisation exists)", () => {
            let plan: Plan;
            before(async () => (plan = await planStack(stackFile("dev"), { instances: [] })));

            it("still plans the organisation, its OUs and its member accounts", () => {
                assert.equal(ofType(plan, "aws:organizations/organization:Organization").length, 1);
                assert.deepEqual(names(plan, "aws:organizations/organizationalUnit:OrganizationalUnit"), ["Sandbox", "Workloads"]);
                assert.deepEqual(names(plan, "aws:organizations/account:Account"), ["dev", "sandbox"]);
            });

            it("registers nothing of Identity Center: no permission set, policy, user, group, membership or assignment", () => {
                assert.deepEqual(
                    plan.registrations.filter((r) => IDENTITY_TYPES.includes(r.type) || r.type === IDENTITY_CENTER || r.type === DEVELOPER_ACCESS).map((r) => r.name),
                    [],
                );
            });

            it("warns once: enable Identity Center in aws:region, then pulumi up again; an instance in another region needs aws:region set to it", () => {
                const about = plan.warnings.filter((w) => w.includes("IAM Identity Center"));
                assert.equal(about.length, 1, plan.warnings.join("\n"));
                const [warning] = about;
                assert.match(warning, /^IAM Identity Center has no instance in eu-central-1 \(aws:region\)/);
                assert.match(warning, /IAM Identity Center > Enable, in eu-central-1/);
                assert.match(warning, /Then run `pulumi up` again/);
                assert.match(warning, /enabled it in another region, .*set aws:region to that region/);
            });

            it("outputs the same next step, and none of the sign-in outputs", () => {
                assert.deepEqual(plan.outputs.nextSteps, plan.warnings.filter((w) => w.includes("IAM Identity Center")));
                for (const key of ["instanceArn", "identityStoreId", "portalUrl", "permissionSetArns", "groupIds", "access", "onboarding", "awsCliConfig"]) {
                    assert.equal(plan.outputs[key], undefined, key);
                }
                assert.deepEqual(Object.keys(plan.outputs.accountIds as object), ["dev", "root", "sandbox"]);
            });

            it("generates the same aws-nuke config as with an instance, so enabling Identity Center later does not run aws-nuke", async () => {
                const withInstance = await planStack(stackFile("dev"));
                assert.ok(String(plan.outputs.nukeConfig).includes("aws-reserved/sso"));
                assert.equal(plan.outputs.nukeConfig, withInstance.outputs.nukeConfig);
            });
        });

        it("plans an adopted organisation without an instance too (Pulumi.prod.yaml)", async () => {
            const plan = await planStack(stackFile("prod"), { instances: [] });
            assert.equal(ofType(plan, "aws:organizations/account:Account").length, 5);
            assert.equal(plan.registrations.filter((r) => IDENTITY_TYPES.includes(r.type)).length, 0);
            assert.equal(plan.warnings.filter((w) => w.includes("IAM Identity Center")).length, 1);
        });

        it("does not warn when there is an instance", async () => {
            const plan = await planStack(stackFile("dev"));
            assert.deepEqual(plan.warnings.filter((w) => w.includes("IAM Identity Center")), []);
            assert.equal(plan.outputs.nextSteps, undefined);
        });

        it("fails the plan without a stack trace, asking to pin one, when there are several, before registering anything", async () => {
            const error = await planFailure(stackFile("dev"), {
                instances: [INSTANCE, { arn: PINNED.instanceArn, identityStoreId: PINNED.identityStoreId }],
            });
            assert.ok(error.cause instanceof pulumi.RunError, "reported without a stack trace");
            assert.equal(
                error.message,
                `2 IAM Identity Center instances were found in eu-central-1 (${INSTANCE.arn}, ${PINNED.instanceArn}): ` +
                    "pin the organisation's with landing-zone:identityCenter { instanceArn, identityStoreId }.",
            );
            assert.deepEqual(
                error.registrations.map((r) => r.name),
                [],
            );
        });

        describe("pinned in the config", () => {
            let plan: Plan;
            // No instance in the fake cloud: a lookup would fail the plan.
            before(async () => (plan = await planStack(stackWith("dev", { identityCenter: () => PINNED }), { instances: [] })));

            it("does not look the instance up", () => {
                assert.deepEqual(
                    plan.invocations.filter((i) => i.token === GET_INSTANCES),
                    [],
                );
            });

            it("uses the pinned instance ARN and identity store id", () => {
                assert.equal(one(plan, PERMISSION_SET, "DeveloperUserAccess").inputs.instanceArn, PINNED.instanceArn);
                assert.equal(one(plan, ASSIGNMENT, "DeveloperGroup/DeveloperUserAccess/dev").inputs.instanceArn, PINNED.instanceArn);
                assert.equal(one(plan, GROUP, "DeveloperGroup").inputs.identityStoreId, PINNED.identityStoreId);
                assert.equal(one(plan, USER, "jane.doe").inputs.identityStoreId, PINNED.identityStoreId);
                assert.equal(plan.outputs.portalUrl, "https://d-0123456789.awsapps.com/start");
            });
        });
    });

    describe("onboarding, offboarding and regrouping", () => {
        let base: Plan;
        before(async () => (base = await planStack(stackFile("dev"))));
        const carol = { givenName: "Carol", familyName: "Jones", email: "carol@example.org", groups: ["Administrators", "DeveloperGroup"] };

        it("plans exactly one user and one membership per group of theirs for someone new", async () => {
            const after = await planStack(stackWith("dev", { users: (users) => void (users["carol.jones"] = carol) }));
            assert.deepEqual(diff(base, after), {
                added: [`${MEMBERSHIP}::carol.jones/Administrators`, `${MEMBERSHIP}::carol.jones/DeveloperGroup`, `${USER}::carol.jones`],
                removed: [],
                changed: [],
            });
            assert.deepEqual(one(after, USER, "carol.jones").inputs.emails, { value: "carol@example.org", primary: true });
        });

        it("plans a new user in no group as one user and nothing else", async () => {
            const after = await planStack(stackWith("dev", { users: (users) => void (users["carol.jones"] = { ...carol, groups: [] }) }));
            assert.deepEqual(diff(base, after), { added: [`${USER}::carol.jones`], removed: [], changed: [] });
        });

        it("removes exactly the user and their memberships for someone who leaves", async () => {
            const after = await planStack(stackWith("dev", { users: (users) => void delete users["jane.doe"] }));
            assert.deepEqual(diff(base, after), {
                added: [],
                removed: [`${MEMBERSHIP}::jane.doe/Administrators`, `${MEMBERSHIP}::jane.doe/DeveloperGroup`, `${USER}::jane.doe`],
                changed: [],
            });
        });

        it("touches only memberships when someone changes groups", async () => {
            const after = await planStack(stackWith("dev", { users: (users) => void (users["bob.smith"].groups = ["Administrators"]) }));
            assert.deepEqual(diff(base, after), {
                added: [`${MEMBERSHIP}::bob.smith/Administrators`],
                removed: [`${MEMBERSHIP}::bob.smith/DeveloperGroup`],
                changed: [],
            });
        });

        it("changes only the user's own inputs when their display name changes", async () => {
            const after = await planStack(stackWith("dev", { users: (users) => void (users["bob.smith"].displayName = "Bobby Smith") }));
            assert.deepEqual(diff(base, after), { added: [], removed: [], changed: [`${USER}::bob.smith`] });
            assert.equal(one(after, USER, "bob.smith").inputs.displayName, "Bobby Smith");
        });
    });

    describe("DeveloperAccess on its own", () => {
        it("refuses an access map naming a permission set it was not given, naming the group", async () => {
            await assert.rejects(
                planProgram({
                    config: {},
                    program: () => {
                        new DeveloperAccess("Ops", {
                            instanceArn: INSTANCE.arn,
                            identityStoreId: INSTANCE.identityStoreId,
                            access: { Operator: ["dev"] },
                            permissionSets: {},
                            accountIds: { dev: "222222222222" },
                            members: {},
                        });
                        return {};
                    },
                }),
                /groups\.Ops\.access: Operator is not a permission set \(known: none\)/,
            );
        });

        it("fails naming the group and permission set when an account of its access map has no id", async () => {
            await assert.rejects(
                planProgram({
                    config: {},
                    program: () => {
                        const arn = pulumi.output(`${INSTANCE.arn.replace(":instance/", ":permissionSet/")}/ps-0123456789abcdef`);
                        new DeveloperAccess("Ops", {
                            instanceArn: INSTANCE.arn,
                            identityStoreId: INSTANCE.identityStoreId,
                            access: { Operator: ["staging"] },
                            permissionSets: { Operator: { arn, policyAttachments: [] } },
                            accountIds: { dev: "222222222222" },
                            members: {},
                        });
                        return {};
                    },
                }),
                /groups\.Ops\.access\.Operator: "staging" is not an account \(known: dev\)/,
            );
        });
    });
});

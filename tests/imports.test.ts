/**
 * `landing-zone:imports`: the ids `npm run adopt` writes so that what exists is imported, not
 * created; and the exclusive attachment lists that detach policies attached by hand. Planned
 * through the real program on the strict fake cloud.
 */
import { strict as assert } from "assert";
import { Plan } from "../plan/engine";
import { readFileSync } from "fs";
import { join } from "path";
import { parse } from "yaml";
import { ROOT, configProblems, ofType, one, planFailure, planStack, stackWith } from "./harness";

const INSTANCE = "arn:aws:sso:::instance/ssoins-7223a1b2c3d4e5f6";
const PS_ARN = "arn:aws:sso:::permissionSet/ssoins-7223a1b2c3d4e5f6/ps-0123456789abcdef";
const STORE = "d-9067a1b2c3";
const GROUP_ID = "94482488-3041-7026-18f0-7cf8d1f6a8b1";
const USER_ID = "c4e8f4a8-1001-70c6-2f41-5a2c0e0e0a11";
const MEMBERSHIP_ID = "a1b2c3d4-5001-70c6-2f41-5a2c0e0e0a22";
const DEV_ID = "222222222222";

const MANAGED_EXCLUSIVE = "aws:ssoadmin/managedPolicyAttachmentsExclusive:ManagedPolicyAttachmentsExclusive";
const CUSTOMER_EXCLUSIVE = "aws:ssoadmin/customerManagedPolicyAttachmentsExclusive:CustomerManagedPolicyAttachmentsExclusive";
const MANAGED = "aws:ssoadmin/managedPolicyAttachment:ManagedPolicyAttachment";
const ASSIGNMENT = "aws:ssoadmin/accountAssignment:AccountAssignment";
const TRUSTED_ACCESS = "aws:organizations/awsServiceAccess:AwsServiceAccess";

/** The dev stack with its dev account adopted and the developers' side of Identity Center imported. */
function adopted(extra: Record<string, Record<string, string>> = {}) {
    return stackWith("dev", {
        accounts: (a) => void (a.dev.id = DEV_ID),
        imports: () => ({
            permissionSets: { DeveloperUserAccess: `${PS_ARN},${INSTANCE}` },
            managedPolicyAttachments: { "DeveloperUserAccess/PowerUserAccess": `arn:aws:iam::aws:policy/PowerUserAccess,${PS_ARN},${INSTANCE}` },
            groups: { DeveloperGroup: `${STORE}/${GROUP_ID}` },
            users: { "bob.smith": `${STORE}/${USER_ID}` },
            groupMemberships: { "bob.smith/DeveloperGroup": `${STORE}/${MEMBERSHIP_ID}` },
            accountAssignments: { "DeveloperGroup/DeveloperUserAccess/dev": `${GROUP_ID},GROUP,${DEV_ID},AWS_ACCOUNT,${PS_ARN},${INSTANCE}` },
            ...extra,
        }),
    });
}

describe("import ids (landing-zone:imports)", () => {
    let plan: Plan;
    before(async () => (plan = await planStack(adopted())));

    it("imports each listed resource with its id and creates the others", () => {
        const identity = plan.registrations.filter((r) => r.type.startsWith("aws:ssoadmin/") || r.type.startsWith("aws:identitystore/"));
        const imported = Object.fromEntries(identity.filter((r) => r.importId).map((r) => [`${r.type.split(":")[2]}::${r.name}`, r.importId]));
        assert.deepEqual(imported, {
            "PermissionSet::DeveloperUserAccess": `${PS_ARN},${INSTANCE}`,
            "ManagedPolicyAttachment::DeveloperUserAccess/PowerUserAccess": `arn:aws:iam::aws:policy/PowerUserAccess,${PS_ARN},${INSTANCE}`,
            "ManagedPolicyAttachmentsExclusive::DeveloperUserAccess": `${INSTANCE},${PS_ARN}`,
            "CustomerManagedPolicyAttachmentsExclusive::DeveloperUserAccess": `${INSTANCE},${PS_ARN}`,
            "Group::DeveloperGroup": `${STORE}/${GROUP_ID}`,
            "User::bob.smith": `${STORE}/${USER_ID}`,
            "GroupMembership::bob.smith/DeveloperGroup": `${STORE}/${MEMBERSHIP_ID}`,
            "AccountAssignment::DeveloperGroup/DeveloperUserAccess/dev": `${GROUP_ID},GROUP,${DEV_ID},AWS_ACCOUNT,${PS_ARN},${INSTANCE}`,
        });
        // Everything else is created: Administrators, jane.doe, her memberships, the sandbox assignment...
        assert.ok(identity.filter((r) => !r.importId).length > 10);
    });

    it("gives an imported assignment inputs that agree with its import id (else the import would fail)", () => {
        const a = one(plan, ASSIGNMENT, "DeveloperGroup/DeveloperUserAccess/dev");
        const [principalId, principalType, targetId, targetType, permissionSetArn, instanceArn] = a.importId!.split(",");
        assert.deepEqual(
            { principalId, principalType, targetId, targetType, permissionSetArn, instanceArn },
            {
                principalId: a.inputs.principalId,
                principalType: a.inputs.principalType,
                targetId: a.inputs.targetId,
                targetType: a.inputs.targetType,
                permissionSetArn: a.inputs.permissionSetArn,
                instanceArn: a.inputs.instanceArn,
            },
        );
    });

    it("refuses an entry that names no resource of the config, with its path and the known names", async () => {
        const err = await planFailure(adopted({ permissionSets: { DeveloperUserAccess: `${PS_ARN},${INSTANCE}`, Gone: `${PS_ARN},${INSTANCE}` } }));
        assert.match(err.message, /imports\.permissionSets\.Gone: the config declares no such resource \(in permissionSets; known: AdministratorAccess, DeveloperUserAccess\); remove the entry or add the resource/);
        assert.equal(err.registrations.length, 0, "nothing is registered");
    });

    it("says an entry whose name is near a declared resource without one looks like a rename, with both ways out", async () => {
        assert.deepEqual(configProblems(adopted({ users: { "bob.smyth": `${STORE}/${USER_ID}` } })), [
            "imports.users.bob.smyth: the config declares no user bob.smyth, which exists in AWS, but bob.smith, which is not imported: renamed? " +
                "(a user's key is their user name in the identity store.) To keep it, name it bob.smyth again, import it, and rename it in a later update; " +
                "to leave it in AWS as it is and create bob.smith instead, remove this entry",
        ]);
    });

    describe("one mistake, one error", () => {
        const problemsOf = (config: Record<string, string>) => configProblems(config);
        it("a typo'd managed policy is one error, the did-you-mean, not also an orphaned attachment entry", () => {
            const config = adopted();
            const sets = JSON.parse(config["landing-zone:permissionSets"]);
            sets.DeveloperUserAccess.managedPolicies = ["PowerUserAcess"];
            config["landing-zone:permissionSets"] = JSON.stringify(sets);
            const problems = problemsOf(config);
            assert.equal(problems.length, 1, problems.join("\n"));
            assert.match(problems[0], /^permissionSets\.DeveloperUserAccess\.managedPolicies\[0\]: "PowerUserAcess" is not an AWS managed policy: did you mean PowerUserAccess\?/);
        });

        it("a renamed permission set key is one error at its import entry, naming the rename, both ways out and every entry that depends on it", () => {
            const config = adopted();
            const sets = JSON.parse(config["landing-zone:permissionSets"]);
            sets.Developers = sets.DeveloperUserAccess;
            delete sets.DeveloperUserAccess;
            config["landing-zone:permissionSets"] = JSON.stringify(sets);
            const groups = JSON.parse(config["landing-zone:groups"]);
            groups.DeveloperGroup.access = { Developers: groups.DeveloperGroup.access.DeveloperUserAccess };
            config["landing-zone:groups"] = JSON.stringify(groups);
            assert.deepEqual(problemsOf(config), [
                "imports.permissionSets.DeveloperUserAccess: the config declares no permission set DeveloperUserAccess, which exists in AWS, but Developers, which is not imported: renamed? " +
                    "(a permission set's key is its name in AWS: renaming it replaces it.) To keep it, name it DeveloperUserAccess again, import it, and rename it in a later update; " +
                    "to leave it in AWS as it is and create Developers instead, remove these 3 entries: imports.permissionSets.DeveloperUserAccess, " +
                    "imports.accountAssignments.DeveloperGroup/DeveloperUserAccess/dev, imports.managedPolicyAttachments.DeveloperUserAccess/PowerUserAccess",
            ]);
        });

        it("a permission set removed from the config is one error naming the entries that depend on it", () => {
            const config = adopted();
            const sets = JSON.parse(config["landing-zone:permissionSets"]);
            delete sets.DeveloperUserAccess;
            config["landing-zone:permissionSets"] = JSON.stringify(sets);
            const groups = JSON.parse(config["landing-zone:groups"]);
            groups.DeveloperGroup.access = {};
            config["landing-zone:groups"] = JSON.stringify(groups);
            const problems = problemsOf(config);
            assert.equal(problems.length, 1, problems.join("\n"));
            assert.match(problems[0], /^imports\.permissionSets\.DeveloperUserAccess: the config declares no such resource .*; remove the entry and the 2 that depend on it \(imports\.accountAssignments\.DeveloperGroup\/DeveloperUserAccess\/dev, imports\.managedPolicyAttachments\.DeveloperUserAccess\/PowerUserAccess\), or add the resource$/);
        });

        it("a group referring to a permission set that is not declared is one error, at the reference, not also its assignment's entry", () => {
            const config = adopted();
            const groups = JSON.parse(config["landing-zone:groups"]);
            groups.DeveloperGroup.access = { DeveloperUserAcess: ["dev"] };
            config["landing-zone:groups"] = JSON.stringify(groups);
            const problems = problemsOf(config);
            assert.equal(problems.length, 1, problems.join("\n"));
            assert.match(problems[0], /^groups\.DeveloperGroup\.access\.DeveloperUserAcess: "DeveloperUserAcess" is not a permission set/);
        });
    });

    it("refuses an id in the wrong format for its kind, naming the format", async () => {
        const err = await planFailure(adopted({ groups: { DeveloperGroup: GROUP_ID } }));
        assert.match(err.message, /imports\.groups\.DeveloperGroup: "94482488-[^"]+" is not an import id of a group \(IDENTITY_STORE_ID\/GROUP_ID\)/);
    });

    it("imports a user's own assignment by its name, and one a group reaches through ou:, by the account it reaches", async () => {
        const userAssignment = `${USER_ID},USER,${DEV_ID},AWS_ACCOUNT,${PS_ARN},${INSTANCE}`;
        const groupAssignment = `${GROUP_ID},GROUP,${DEV_ID},AWS_ACCOUNT,${PS_ARN},${INSTANCE}`;
        const config = adopted({ accountAssignments: { "bob.smith/DeveloperUserAccess@dev": userAssignment, "DeveloperGroup/DeveloperUserAccess/dev": groupAssignment } });
        const edited = stackWith("dev", {
            groups: (g) => ((g.DeveloperGroup.access = { DeveloperUserAccess: ["ou:Workloads", "sandbox"] }), g),
            users: (u) => ((u["bob.smith"].access = { DeveloperUserAccess: ["dev"] }), u),
        });
        const plan = await planStack({ ...config, "landing-zone:groups": edited["landing-zone:groups"], "landing-zone:users": edited["landing-zone:users"] });
        const imported = (name: string) => plan.registrations.find((r) => r.type === ASSIGNMENT && r.name === name)?.importId;
        assert.deepEqual([imported("bob.smith/DeveloperUserAccess@dev"), imported("DeveloperGroup/DeveloperUserAccess/dev")], [userAssignment, groupAssignment]);
    });

    it("refuses an import id for an external group or user, which is looked up, not imported", async () => {
        const config = adopted({ groups: { DeveloperGroup: `${STORE}/${GROUP_ID}` }, users: { "bob.smith": `${STORE}/${USER_ID}` } });
        const edited = stackWith("dev", {
            groups: (g) => ({ ...g, DeveloperGroup: { external: true, access: g.DeveloperGroup.access } }),
            users: (u) => ({ "jane.doe": { ...u["jane.doe"], groups: ["Administrators"] }, "bob.smith": { external: true } }),
        });
        const err = await planFailure({ ...config, "landing-zone:groups": edited["landing-zone:groups"], "landing-zone:users": edited["landing-zone:users"] });
        assert.match(err.message, /imports\.groups\.DeveloperGroup: groups\.DeveloperGroup is external: looked up in the identity store, never created or imported; remove the entry/);
        assert.match(err.message, /imports\.users\.bob\.smith: users\.bob\.smith is external: looked up in the identity store, never created or imported; remove the entry/);
    });

    it("imports trusted access the organisation already has, by its service principal, and enables the others", async () => {
        const plan = await planStack(adopted({ trustedAccess: { "sso.amazonaws.com": "sso.amazonaws.com" } }));
        const trusted = ofType(plan, TRUSTED_ACCESS).map((r) => [r.name, r.importId ?? "created"]);
        assert.deepEqual(trusted, [["sso.amazonaws.com", "sso.amazonaws.com"]]);
        const withConfig = await planStack({
            ...adopted({ trustedAccess: { "sso.amazonaws.com": "sso.amazonaws.com" } }),
            "landing-zone:organization": JSON.stringify({ enabledPolicyTypes: ["SERVICE_CONTROL_POLICY"], serviceAccessPrincipals: ["config.amazonaws.com"] }),
        });
        assert.deepEqual(
            ofType(withConfig, TRUSTED_ACCESS).map((r) => [r.name, r.importId ?? "created"]),
            [["config.amazonaws.com", "created"], ["sso.amazonaws.com", "sso.amazonaws.com"]],
        );
    });

    it("refuses trusted access the config does not manage, and an id that is not the service principal", async () => {
        const err = await planFailure(adopted({ trustedAccess: { "config.amazonaws.com": "config.amazonaws.com", "sso.amazonaws.com": "ssoo.amazonaws.com" } }));
        assert.match(err.message, /imports\.trustedAccess\.config\.amazonaws\.com: the config declares no such resource \(in organization\.serviceAccessPrincipals, and sso\.amazonaws\.com always; known: sso\.amazonaws\.com\)/);
        assert.match(err.message, /imports\.trustedAccess\.sso\.amazonaws\.com: "ssoo\.amazonaws\.com" is not its import id \(the service principal itself: sso\.amazonaws\.com\)/);
        assert.equal(err.registrations.length, 0, "nothing is registered");
    });

    it("refuses an unknown kind with the valid ones", async () => {
        const err = await planFailure(adopted({ permissionSet: {} }));
        assert.match(err.message, /imports\.permissionSet: unknown key \(did you mean permissionSets\?/);
    });
});

describe("exclusive policy attachments", () => {
    let plan: Plan;
    before(async () => (plan = await planStack(stackWith("dev", {}))));

    it("give every permission set the exact list of its managed and customer managed policies", () => {
        const managed = one(plan, MANAGED_EXCLUSIVE, "DeveloperUserAccess");
        assert.deepEqual(managed.inputs.managedPolicyArns, ["arn:aws:iam::aws:policy/PowerUserAccess"]);
        assert.equal(managed.inputs.instanceArn, INSTANCE);
        // No customer managed policy in the config: any attached by hand is detached.
        assert.deepEqual(one(plan, CUSTOMER_EXCLUSIVE, "DeveloperUserAccess").inputs.customerManagedPolicyReferences, []);
        assert.equal(ofType(plan, MANAGED_EXCLUSIVE).length, 2);
        assert.equal(ofType(plan, CUSTOMER_EXCLUSIVE).length, 2);
    });

    it("come after the per-policy attachments, which refuse a policy already attached", () => {
        const managed = one(plan, MANAGED_EXCLUSIVE, "DeveloperUserAccess");
        assert.ok(managed.dependencies.includes(one(plan, MANAGED, "DeveloperUserAccess/PowerUserAccess").urn));
    });

    it("come before the assignments, so a role is provisioned once the hand-attached policies are gone", () => {
        const assignment = one(plan, ASSIGNMENT, "DeveloperGroup/DeveloperUserAccess/dev");
        assert.ok(assignment.dependencies.includes(one(plan, MANAGED_EXCLUSIVE, "DeveloperUserAccess").urn));
        assert.ok(assignment.dependencies.includes(one(plan, CUSTOMER_EXCLUSIVE, "DeveloperUserAccess").urn));
    });

    it("see policies attached by hand because the project refreshes before every preview and update", () => {
        // Without a refresh, Pulumi diffs against the state it wrote, where the hand-attached policy
        // is not: the exclusive list would never notice it.
        const project = parse(readFileSync(join(ROOT, "Pulumi.yaml"), "utf8"));
        assert.equal(project.options?.refresh, "always");
    });

    it("list customer managed policies by name and path", async () => {
        const p = await planStack(stackWith("dev", { permissionSets: (s) => void (s.DeveloperUserAccess.customerManagedPolicies = ["/team/Deploy", "Read"]) }));
        assert.deepEqual(one(p, CUSTOMER_EXCLUSIVE, "DeveloperUserAccess").inputs.customerManagedPolicyReferences, [
            { name: "Read", path: "/" },
            { name: "Deploy", path: "/team/" },
        ]);
    });
});

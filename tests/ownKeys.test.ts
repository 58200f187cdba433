/**
 * Keys are data, not object properties: every map of the config is looked up by own key, so a
 * name that happens to be one of `Object.prototype`'s members (`toString`, `constructor`...) plans
 * as an ordinary name, through the whole program on the mock engine; `__proto__`, which zod, YAML
 * and JavaScript objects each treat their own way, is refused by its path wherever it is a key.
 */
import { strict as assert } from "assert";
import { put } from "../config/keys";
import { main as adopt } from "../estate/adopt";
import { parseStackFile } from "../config/stackFile";
import { renderPlanMarkdown } from "../plan/report";
import { Plan, Registration } from "../plan/engine";
import { withFake } from "./adopt.test";
import { tutorialEstate } from "./estates";
import { ROOT, ofType, one, planFailure, planStack, stackFile, stackWith } from "./harness";

/** Names that are members of every JavaScript object, and so a lookup by `map[name]` finds. */
const OBJECT_NAMES = ["toString", "hasOwnProperty", "constructor", "valueOf", "isPrototypeOf", "__defineGetter__", "propertyIsEnumerable"];

const GROUP = "aws:identitystore/group:Group";
const USER = "aws:identitystore/user:User";
const MEMBERSHIP = "aws:identitystore/groupMembership:GroupMembership";
const ASSIGNMENT = "aws:ssoadmin/accountAssignment:AccountAssignment";
const PERMISSION_SET = "aws:ssoadmin/permissionSet:PermissionSet";
const ACCOUNT = "aws:organizations/account:Account";
const OU = "aws:organizations/organizationalUnit:OrganizationalUnit";
const STORE = "d-9067a1b2c3";
const IMPORTED_ID = "94482488-3041-7026-18f3-8b5a3d2a2a1b";

/** `{ [key]: value }` with `key` an own key even when it is `__proto__` (as JSON and YAML parsers make it). */
function keyed(key: string, value: unknown): Record<string, unknown> {
    const record: Record<string, unknown> = {};
    put(record, key, value);
    return record;
}

const accountId = (plan: Plan, key: string) => one(plan, ACCOUNT, key).outputs.id as string;
const principalOf = (r: Registration) => r.inputs.principalId;

describe("config keys are data, not object properties", function () {
    this.timeout(60_000);

    for (const name of OBJECT_NAMES) {
        describe(`a key called ${name}`, () => {
            it("is a group: created, with its member and its assignment", async () => {
                const plan = await planStack(
                    stackWith("dev", {
                        groups: (g) => ({ ...g, ...keyed(name, { access: { DeveloperUserAccess: ["dev"] } }) }),
                        users: (u) => {
                            u["bob.smith"].groups.push(name);
                        },
                    }),
                );
                const group = one(plan, GROUP, name);
                assert.equal(group.inputs.displayName, name);
                const membership = one(plan, MEMBERSHIP, `bob.smith/${name}`);
                assert.equal(membership.inputs.groupId, group.outputs.groupId);
                assert.equal(membership.inputs.memberId, one(plan, USER, "bob.smith").outputs.userId);
                const assignment = one(plan, ASSIGNMENT, `${name}/DeveloperUserAccess/dev`);
                assert.equal(principalOf(assignment), group.outputs.groupId);
                assert.equal(assignment.inputs.targetId, accountId(plan, "dev"));
                const access = plan.outputs.access as Record<string, { account: string; permissionSet: string }[]>;
                assert.ok(access["bob.smith"].some((r) => r.account === "dev" && r.permissionSet === "DeveloperUserAccess"));
                assert.ok((plan.outputs.groupIds as Record<string, unknown>)[name] !== undefined && Object.hasOwn(plan.outputs.groupIds as object, name));
            });

            it("is a user: created, a member of its group, with its own assignment, in the outputs", async () => {
                const plan = await planStack(
                    stackWith("dev", {
                        users: (u) => ({
                            ...u,
                            ...keyed(name, { givenName: "Odd", familyName: "Name", email: "odd@example.org", groups: ["DeveloperGroup"], access: { AdministratorAccess: ["dev"] } }),
                        }),
                    }),
                );
                const user = one(plan, USER, name);
                assert.equal(user.inputs.userName, name);
                assert.equal(one(plan, MEMBERSHIP, `${name}/DeveloperGroup`).inputs.memberId, user.outputs.userId);
                const own = one(plan, ASSIGNMENT, `${name}/AdministratorAccess@dev`);
                assert.deepEqual([own.inputs.principalType, own.inputs.principalId, own.inputs.targetId], ["USER", user.outputs.userId, accountId(plan, "dev")]);
                const access = plan.outputs.access as Record<string, { account: string; permissionSet: string }[]>;
                assert.ok(Object.hasOwn(access, name));
                assert.deepEqual(
                    access[name].map((r) => `${r.permissionSet}@${r.account}`),
                    ["AdministratorAccess@dev", "DeveloperUserAccess@dev", "DeveloperUserAccess@sandbox"],
                );
                const onboarding = plan.outputs.onboarding as { users: Record<string, string> };
                assert.equal(onboarding.users[name], "Odd Name <odd@example.org>");
            });

            it("is a permission set: created, and assigned with its own ARN", async () => {
                const plan = await planStack(
                    stackWith("dev", {
                        permissionSets: (p) => ({ ...p, ...keyed(name, { managedPolicies: ["ReadOnlyAccess"] }) }),
                        groups: (g) => {
                            g.DeveloperGroup.access = { ...g.DeveloperGroup.access, ...keyed(name, ["dev"]) };
                        },
                    }),
                );
                const ps = one(plan, PERMISSION_SET, name);
                assert.equal(ps.inputs.name, name);
                assert.equal(one(plan, ASSIGNMENT, `DeveloperGroup/${name}/dev`).inputs.permissionSetArn, ps.outputs.arn);
                assert.equal((plan.outputs.permissionSetArns as Record<string, unknown>)[name], ps.outputs.arn);
            });

            it("is an OU: created, holding its account, and reached by ou:", async () => {
                const plan = await planStack(
                    stackWith("dev", {
                        organizationalUnits: (ous) => [...ous, name],
                        accounts: (a) => {
                            a.dev.ou = name;
                        },
                        groups: (g) => {
                            g.DeveloperGroup.access = { DeveloperUserAccess: [`ou:${name}`] };
                        },
                    }),
                );
                const ou = ofType(plan, OU).find((r) => r.inputs.name === name);
                assert.ok(ou, `an OU named ${name}`);
                assert.equal(one(plan, ACCOUNT, "dev").inputs.parentId, ou.outputs.id);
                assert.deepEqual(
                    ofType(plan, ASSIGNMENT).filter((r) => r.name.startsWith("DeveloperGroup/")).map((r) => r.name),
                    ["DeveloperGroup/DeveloperUserAccess/dev"],
                );
            });

            it("is a tag key of an account, kept with its value", async () => {
                const plan = await planStack(stackWith("dev", { accounts: (a) => void (a.dev.tags = { ...a.dev.tags, ...keyed(name, "yes") }) }));
                const tags = one(plan, ACCOUNT, "dev").inputs.tags as Record<string, string>;
                assert.ok(Object.hasOwn(tags, name));
                assert.equal(tags[name], "yes");
            });

            it("is imported when imports name it, and refused by path when they name it but the config does not", async () => {
                const withGroup = stackWith("dev", {
                    groups: (g) => ({ ...g, ...keyed(name, { access: { DeveloperUserAccess: ["dev"] } }) }),
                    imports: () => ({ groups: keyed(name, `${STORE}/${IMPORTED_ID}`) }),
                });
                assert.equal(one(await planStack(withGroup), GROUP, name).importId, `${STORE}/${IMPORTED_ID}`);
                for (const kind of ["groups", "users", "permissionSets", "groupMemberships", "accountAssignments"]) {
                    const err = await planFailure(stackWith("dev", { imports: () => keyed(kind, keyed(name, `${STORE}/${IMPORTED_ID}`)) }));
                    assert.match(err.message, new RegExp(`imports\\.${kind}\\.${name}: `), err.message);
                    assert.equal(err.registrations.length, 0);
                }
            });

            it("is no aws-nuke resource type: refused by path in sandbox.nuke.keep", async () => {
                const err = await planFailure(stackWith("dev", { sandbox: (s) => void (s.nuke.keep = keyed(name, ["x"])) }));
                assert.match(err.message, new RegExp(`sandbox\\.nuke\\.keep\\.${name}: not a resource type aws-nuke`));
            });
        });
    }

    it("takes constructor as an account key: created, its id in the outputs, and a target of access", async () => {
        const plan = await planStack(
            stackWith("dev", {
                accounts: (a) => ({ ...a, ...keyed("constructor", { name: "Constructor", email: "owner+ctor@example.org", ou: "Workloads" }) }),
                groups: (g) => void (g.DeveloperGroup.access.DeveloperUserAccess = ["constructor"]),
            }),
        );
        const account = one(plan, ACCOUNT, "constructor");
        assert.equal((plan.outputs.accountIds as Record<string, string>).constructor, account.outputs.id);
        assert.equal(one(plan, ASSIGNMENT, "DeveloperGroup/DeveloperUserAccess/constructor").inputs.targetId, account.outputs.id);
    });

    it("renders each such group's grants in the plan's markdown", async () => {
        const plan = await planStack(
            stackWith("dev", {
                groups: (g) => Object.assign({ ...g }, ...OBJECT_NAMES.map((n) => keyed(n, { access: { AdministratorAccess: ["dev"] } }))),
                users: (u) => void (u["bob.smith"].groups = [...OBJECT_NAMES]),
            }),
        );
        const markdown = renderPlanMarkdown("dev", plan);
        for (const name of OBJECT_NAMES) {
            assert.ok(markdown.split("\n").some((l) => l.includes("bob.smith") && l.includes("AdministratorAccess") && l.includes(name)), `a row via ${name}`);
        }
    });

    it("adopts a group toString, a permission set constructor and a user hasOwnProperty, and plans them all imported", async () => {
        const estate = tutorialEstate();
        estate.groups[0].DisplayName = "toString";
        estate.permissionSets[0].Name = "constructor";
        estate.users[0].UserName = "hasOwnProperty";
        let text = "";
        const code = await withFake(estate, () => adopt(["--stack", "odd", "--out", "-"], (out) => (text += out), () => undefined, ROOT));
        assert.equal(code, 0);
        const plan = await planStack(parseStackFile(text).config, { instances: [{ arn: estate.instance!.InstanceArn, identityStoreId: estate.instance!.IdentityStoreId }] });
        assert.equal(one(plan, GROUP, "toString").importId, `${estate.instance!.IdentityStoreId}/${estate.groups[0].GroupId}`);
        assert.ok(one(plan, PERMISSION_SET, "constructor").importId?.startsWith(estate.permissionSets[0].Arn));
        assert.ok(one(plan, USER, "hasOwnProperty").importId?.endsWith(estate.users[0].UserId));
        assert.ok(one(plan, MEMBERSHIP, "hasOwnProperty/toString").importId);
        assert.ok(one(plan, ASSIGNMENT, "toString/constructor/sandbox").importId);
        assert.deepEqual(plan.registrations.filter((r) => r.custom && !r.importId && r.type.startsWith("aws:identitystore")), [], "no identity created");
    });

    describe("__proto__ as a key", () => {
        const refused = async (edits: Parameters<typeof stackWith>[1], path: string) => {
            const err = await planFailure(stackWith("dev", edits));
            assert.ok(
                err.message.includes(`${path}: "__proto__" cannot be a key: JavaScript reads it as an object's prototype`),
                `expected ${path} in:\n${err.message}`,
            );
            assert.equal(err.registrations.length, 0, "nothing is registered");
            assert.doesNotMatch(err.message, /unknown key/, "one mistake, one error");
        };
        it("is refused in accounts", () => refused({ accounts: (a) => ({ ...a, ...keyed("__proto__", { name: "P", email: "p@example.org" }) }) }, "accounts.__proto__"));
        it("is refused in permissionSets", () => refused({ permissionSets: (p) => ({ ...p, ...keyed("__proto__", {}) }) }, "permissionSets.__proto__"));
        it("is refused in groups", () => refused({ groups: (g) => ({ ...g, ...keyed("__proto__", {}) }) }, "groups.__proto__"));
        it("is refused in users", () => refused({ users: (u) => ({ ...u, ...keyed("__proto__", { external: true }) }) }, "users.__proto__"));
        it("is refused in an access map", () => refused({ groups: (g) => void (g.DeveloperGroup.access = keyed("__proto__", ["dev"])) }, "groups.DeveloperGroup.access.__proto__"));
        it("is refused in tags", () => refused({ accounts: (a) => void (a.dev.tags = keyed("__proto__", "x")) }, "accounts.dev.tags.__proto__"));
        it("is refused in imports", () => refused({ imports: () => ({ groups: keyed("__proto__", `${STORE}/${IMPORTED_ID}`) }) }, "imports.groups.__proto__"));
        it("is refused in sandbox.nuke.keep", () => refused({ sandbox: (s) => void (s.nuke.keep = keyed("__proto__", ["x"])) }, "sandbox.nuke.keep.__proto__"));
        it("is refused in an object of the config (an account's own fields)", () => refused({ accounts: (a) => void put(a.dev, "__proto__", "x") }, "accounts.dev.__proto__"));
        it("is refused inside an inline policy", () =>
            refused(
                {
                    permissionSets: (p) =>
                        void (p.AdministratorAccess.inlinePolicy = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*", ...keyed("__proto__", { x: 1 }) }] }),
                },
                "permissionSets.AdministratorAccess.inlinePolicy.Statement[0].__proto__",
            ));

        it("is refused as an account key read from a stack file's YAML, where it used to vanish", async () => {
            const text = [
                "config:",
                "  aws:region: eu-central-1",
                "  landing-zone:accounts:",
                "    root: {name: Root, email: owner@example.org, management: true}",
                "    __proto__: {name: Hidden, email: hidden@example.org}",
            ].join("\n");
            const err = await planFailure(parseStackFile(text).config);
            assert.match(err.message, /accounts\.__proto__: "__proto__" cannot be a key/);
        });

        it("is refused as a top-level key of the namespace", async () => {
            const config = { ...stackFile("dev"), "landing-zone:__proto__": '{"x":1}' };
            const err = await planFailure(config);
            assert.match(err.message, /landing-zone:__proto__: "__proto__" cannot be a key/);
        });
    });
});

/**
 * What the offline plan assumes and says so: a new organisation's first `up` creates no Identity
 * Center resource, and `all` leaves the management account out.
 */
import { strict as assert } from "assert";
import { accessNotes, planAssumptions, planJson, renderPlanMarkdown, renderPlanText } from "../plan/report";
import { planStack, stackFile, stackWith } from "./harness";

const FIRST_UP = /^This stack creates a new organisation, which has no IAM Identity Center until someone enables it in the console once the organisation exists: the first pulumi up creates none of the (\d+) Identity Center resources shown/;

describe("what the offline plan assumes", () => {
    describe("a new organisation's first pulumi up", () => {
        it("says that it creates none of the Identity Center resources shown, and counts them", async () => {
            const plan = await planStack(stackFile("dev"));
            const [note, management] = planAssumptions(plan);
            const shown = plan.registrations.filter((r) => r.custom && /^aws:(ssoadmin|identitystore)\//.test(r.type)).length;
            assert.ok(shown > 10);
            assert.equal(Number(FIRST_UP.exec(note)?.[1]), shown);
            assert.ok(renderPlanText("dev", plan).split("\n").slice(0, 4).includes(note), "under the label, at the top");
            assert.ok(renderPlanMarkdown("dev", plan).includes(`> **${note.replace(/\|/g, "\\|")}**`));
            assert.deepEqual(planJson("dev", plan).assumptions, [note, management]);
        });

        it("says nothing of the kind for an adopted organisation, or one whose instance the config pins", async () => {
            assert.deepEqual(planAssumptions(await planStack(stackFile("prod"))), []);
            const pinned = await planStack(stackWith("dev", { identityCenter: () => ({ instanceArn: "arn:aws:sso:::instance/ssoins-7223a1b2c3d4e5f6", identityStoreId: "d-9067a1b2c3" }) }));
            assert.deepEqual(planAssumptions(pinned).filter((n) => FIRST_UP.test(n)), []);
        });
    });

    describe("the management account's id", () => {
        const withoutSandbox = (config: Record<string, string>) => (delete config["landing-zone:sandbox"], config);
        const PLACEHOLDER = "The management account's id shown (111111111111) is a placeholder: the stack file does not give accounts.root.id. Give it (aws sts get-caller-identity with the management account's credentials) to see the real one here; every pulumi preview and up then also checks that the credentials are that account's.";

        it("says the id shown is a placeholder where the plan shows it (a sandbox's blocklist, a grant on it) and the config does not give it", async () => {
            const dev = await planStack(stackFile("dev"));
            assert.deepEqual(planAssumptions(dev).slice(1), [PLACEHOLDER]);
            assert.ok(renderPlanText("dev", dev).includes(PLACEHOLDER));
            // Without a sandbox, Administrators' AdministratorAccess on root shows it.
            const granted = await planStack(withoutSandbox(stackWith("dev", {})));
            assert.deepEqual(planAssumptions(granted).slice(1), [PLACEHOLDER]);
        });

        it("says nothing when the config gives it, or when the plan shows it nowhere", async () => {
            assert.deepEqual(planAssumptions(await planStack(stackFile("prod"))), []);
            const given = await planStack(stackWith("dev", { accounts: (a) => ((a.root.id = "123456789012"), a) }));
            assert.deepEqual(planAssumptions(given).filter((n) => n.includes("placeholder")), []);
            const nowhere = await planStack(withoutSandbox(stackWith("dev", { groups: (g) => ((g.Administrators.access.AdministratorAccess = ["dev", "sandbox"]), g) })));
            assert.ok(!renderPlanText("dev", nowhere).split("\n").some((l) => /\broot\b.*111111111111/.test(l)), "the matrix has no row on root");
            assert.deepEqual(planAssumptions(nowhere).filter((n) => n.includes("placeholder")), []);
        });
    });

    describe("all, which leaves the management account out", () => {
        it("says so under the matrix for each access list with all and without the management account's key, with the list that includes it", async () => {
            const plan = await planStack(
                stackWith("dev", {
                    groups: (g) => ((g.DeveloperGroup.access = { DeveloperUserAccess: ["all"] }), g),
                    users: (u) => ((u["bob.smith"].access = { AdministratorAccess: ["all", "root"] }), u),
                }),
            );
            const note = "groups.DeveloperGroup.access.DeveloperUserAccess has all: every member account; management account excluded: add its key to include it ([all,root])";
            assert.deepEqual(accessNotes(plan), [note]);
            assert.match(renderPlanText("dev", plan), new RegExp(`\\n${`note: ${note}`.replace(/[[\]().]/g, "\\$&")}\\n`));
            // In markdown, the path and the list are code spans: neither a name nor the brackets are rendered.
            assert.ok(
                renderPlanMarkdown("dev", plan).includes(
                    "- `groups.DeveloperGroup.access.DeveloperUserAccess` has all: every member account; management account excluded: add its key to include it (`[all,root]`)\n",
                ),
            );
            assert.deepEqual(planJson("dev", plan).accessNotes, [note]);
            // The matrix itself: the management account is not among DeveloperGroup's rows.
            assert.ok(!renderPlanText("dev", plan).split("\n").some((l) => /^bob\.smith +root .*DeveloperUserAccess/.test(l)));
        });

        it("says nothing when no list has all, or when the management account is named with it", async () => {
            assert.deepEqual(accessNotes(await planStack(stackFile("dev"))), []);
            assert.deepEqual(accessNotes(await planStack(stackFile("prod"))), []);
        });
    });
});

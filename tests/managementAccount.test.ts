/**
 * The management account named by id (`accounts.<key>.id` with `management: true`): never a
 * resource, it names the account the stack is for. The offline plan shows that id wherever the
 * management account appears, and every preview and up checks, before anything is registered,
 * that the credentials are that account's (sts:GetCallerIdentity, which needs no permission).
 */
import { strict as assert } from "assert";
import { parse } from "yaml";
import { managementAccount, wrongAccountProblem } from "../config/organizationsRules";
import { loadStackConfig } from "../config/load";
import { renderPlanMarkdown, renderPlanText } from "../plan/report";
import { planFailure, planStack, stackFile, stackWith } from "./harness";

const REAL = "123456789012";
const CALLER = "aws:index/getCallerIdentity:getCallerIdentity";
/** The prod example with its management account's id changed to one no placeholder has. */
const prodWithManagement = (id: string) => stackWith("prod", { accounts: (a) => ((a.management.id = id), a) });

describe("the management account named by id", () => {
    it("is valid config, and is no Account resource and no import", async () => {
        const config = loadStackConfig(prodWithManagement(REAL));
        assert.deepEqual(managementAccount(config.accounts), { key: "management", id: REAL });
        const plan = await planStack(prodWithManagement(REAL));
        const accounts = plan.registrations.filter((r) => r.type === "aws:organizations/account:Account");
        assert.ok(!accounts.some((r) => r.name === "management"));
        assert.ok(!accounts.some((r) => r.importId === REAL));
    });

    describe("in the offline plan", () => {
        it("is the id the plan shows: the accountIds output, the access matrix, the nuke's blocklist, the runner's trust", async () => {
            const plan = await planStack(prodWithManagement(REAL));
            assert.equal((plan.outputs.accountIds as Record<string, string>).management, REAL);
            const text = renderPlanText("prod", plan);
            assert.match(text, new RegExp(`alex\\.admin +management \\(${REAL}\\) +AdministratorAccess`));
            assert.ok(!text.includes("111111111111"), "no placeholder left anywhere in the plan");
            assert.ok(renderPlanMarkdown("prod", plan).includes(`(\`${REAL}\`)`));
            const nuke = parse(plan.outputs.nukeConfig as string) as { blocklist: string[] };
            assert.ok(nuke.blocklist.includes(REAL));
            const roles = plan.registrations.filter((r) => r.type === "aws:iam/role:Role").map((r) => JSON.parse(String(r.inputs.assumeRolePolicy)));
            assert.ok(roles.length > 0);
            for (const trust of roles) assert.equal(trust.Statement[0].Condition.StringEquals["aws:SourceAccount"], REAL);
        });

        it("asks who the credentials are exactly once, and only when the config names the management account's id", async () => {
            const named = await planStack(prodWithManagement(REAL));
            assert.deepEqual(named.invocations.filter((i) => i.token === CALLER).map((i) => i.outputs?.accountId), [REAL]);
            const unnamed = await planStack(stackFile("dev"));
            assert.deepEqual(unnamed.invocations.filter((i) => i.token === CALLER), []);
        });
    });

    describe("at preview and up, with credentials of another account", () => {
        const MESSAGE =
            `accounts.management.id: the stack file's management account is ${REAL}, but the credentials are of account 999999999999 (aws sts get-caller-identity): ` +
            `run with the management account's credentials (export AWS_PROFILE=...), or, if ${REAL} is a mistake, correct accounts.management.id. Nothing was changed.`;

        it("stops before anything is registered, naming the path, both accounts and both fixes", async () => {
            const err = await planFailure(prodWithManagement(REAL), { managementAccountId: "999999999999" });
            assert.equal(err.message, MESSAGE);
            assert.deepEqual(err.registrations, []);
        });

        it("stops a new organisation's stack the same way (the account that would become its management account)", async () => {
            const err = await planFailure(stackWith("dev", { accounts: (a) => ((a.root.id = REAL), a) }), { managementAccountId: "999999999999" });
            assert.equal(err.message, MESSAGE.replace(/accounts\.management\.id/g, "accounts.root.id"));
            assert.deepEqual(err.registrations, []);
        });

        it("is told apart from the right account for every pair of ids (an id is a string of 12 digits, compared whole)", () => {
            const ids = ["000000000000", "012345678901", "123456789012", "12345678901 ", "999999999999"];
            for (const a of ids) for (const b of ids) assert.equal(wrongAccountProblem({ key: "m", id: a }, b) === undefined, a === b, `${a} vs ${b}`);
        });
    });

    it("refuses an id that is another account's, by path", () => {
        assert.throws(() => loadStackConfig(stackWith("prod", { accounts: (a) => ((a.management.id = a.dev.id), a) })), /accounts\.dev\.id: "222222222222" is also the id of accounts\.management/);
    });
});

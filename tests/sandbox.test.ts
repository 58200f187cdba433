/**
 * The Sandbox (components/sandbox.ts) composes the sandbox's four components and registers nothing
 * itself: their URNs are those they had when index.ts built them one by one, so nothing is replaced.
 */
import { strict as assert } from "assert";
import { ofType, one, planStack, stackFile, stackWith } from "./harness";

const PARTS = ["landing-zone:index:SandboxNuke", "landing-zone:index:SandboxBudget", "landing-zone:index:SandboxGuardrails", "landing-zone:index:ScheduledNuke"];

describe("Sandbox", () => {
    it("keeps its four parts as children of the stack, under the URNs they always had", async () => {
        const prod = await planStack(stackFile("prod"));
        for (const type of PARTS) {
            const part = one(prod, type, "sandbox");
            assert.equal(part.urn, `urn:pulumi:dev::landing-zone::${type}::sandbox`);
            assert.equal(part.parent, undefined, `${type} has no parent but the stack`);
        }
        assert.deepEqual(prod.registrations.filter((r) => /index:Sandbox[$:]/.test(r.urn)), []);
    });

    it("builds only what the config asks for: no budget, guardrails or schedule without them", async () => {
        const bare = await planStack(
            stackWith("prod", {
                sandbox: (s) => {
                    delete s.budget;
                    delete s.nuke.schedule;
                    delete s.nuke.notify;
                    s.guardrails = false;
                    return s;
                },
            }),
        );
        assert.deepEqual(PARTS.map((type) => ofType(bare, type).length), [1, 0, 0, 0]);
        assert.equal(bare.outputs.sandboxBudget, undefined);
        assert.equal(bare.outputs.nukeRunnerProject, undefined);
    });

    it("exports the sandbox's outputs after the others, in the order the stack always had", async () => {
        const prod = await planStack(stackFile("prod"));
        const keys = Object.keys(prod.outputs);
        assert.deepEqual(keys.slice(keys.indexOf("sandboxAccountId")), [
            "sandboxAccountId", "sandboxAlias", "nukeConfig", "nukeCommand", "nukeOutcome", "nukeTriggers", "nukeDryRuns",
            "sandboxBudget", "sandboxGuardrailsPolicyId", "nukeRunnerProject", "nukeRunsTopicArn", "nukeRegistration",
        ]);
    });
});

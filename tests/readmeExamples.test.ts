/**
 * The README's stack-file examples are what a newcomer copies: every whole one (a `yaml` block
 * starting with `config:`) must validate, and every fragment of the sandbox block must too when put
 * into the dev stack.
 */
import { strict as assert } from "assert";
import { existsSync, readFileSync } from "fs";
import { join } from "path";
import { parse } from "yaml";
import { parseStackFile } from "../config/stackFile";
import { ROOT, configProblems, stackWith } from "./harness";

const blocks = [...readFileSync(join(ROOT, "README.md"), "utf8").matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]);

describe("README stack-file examples", () => {
    const whole = blocks.filter((b) => b.startsWith("config:"));
    it("has a whole stack file among them", () => assert.ok(whole.length >= 1));
    whole.forEach((block, i) => {
        it(`whole example ${i + 1} validates`, () => {
            const config = parseStackFile(block, "README.md").config;
            assert.deepEqual(configProblems(config), []);
        });
    });

    const sandboxFragments = blocks.filter((b) => b.startsWith("  landing-zone:sandbox:"));
    it("has sandbox fragments among them", () => assert.ok(sandboxFragments.length >= 2));
    sandboxFragments.forEach((block, i) => {
        it(`sandbox fragment ${i + 1} validates in the dev stack`, () => {
            const fragment = (parse(block) as Record<string, Record<string, unknown>>)["landing-zone:sandbox"];
            const config = stackWith("dev", {
                sandbox: (s) => ({ ...s, ...fragment, nuke: { ...s.nuke, ...(fragment.nuke as object) } }),
            });
            assert.deepEqual(configProblems(config), []);
        });
    });
});

describe("README commands", () => {
    const readme = readFileSync(join(ROOT, "README.md"), "utf8");
    const adoptions = [...readme.matchAll(/npm run --silent adopt -- (.*)/g)].map((m) => m[1]);

    it("has adopt commands, the built-in example first", () => {
        assert.ok(adoptions.length >= 2);
        const section = readme.slice(readme.indexOf("### Adopting what exists"));
        assert.match(section.slice(0, section.indexOf("```sh") + 200), /```sh\nnpm run --silent adopt -- --example/);
    });

    it("never adopts into a stack file the project ships (adopt would refuse to overwrite it)", () => {
        for (const args of adoptions) {
            const stack = /--stack (\S+)/.exec(args)?.[1];
            if (!stack || stack === "NAME" || /--out /.test(args)) continue;
            assert.ok(!existsSync(join(ROOT, `Pulumi.${stack}.yaml`)), `README: adopt -- ${args} would write the shipped Pulumi.${stack}.yaml`);
        }
    });
});

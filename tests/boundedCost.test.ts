/**
 * Bounded cost on any input: a stack file or a value cannot make the program run for minutes or
 * fill the memory. Each worst input is timed against a budget that is a multiple of planning an
 * ordinary stack file on this machine, so the test holds on a slow or busy machine too; absolute
 * targets are `npm run bench`'s.
 */
import { strict as assert } from "assert";
import { readFileSync } from "fs";
import { join } from "path";
import { ConfigError, loadStackConfig } from "../config/load";
import { EXPANSION_ALLOWANCE, MAX_DEPTH, parseStackFile } from "../config/stackFile";
import { aliasBomb } from "../scripts/hostileInputs";
import { ROOT, planStack, stackFile } from "./harness";

/**
 * The worst inputs each take at most this many times planning Pulumi.prod.yaml (measured below):
 * room for a busy machine and for 15 MB of hostile values (a linear check of them takes 2 to 5
 * plans' time), far below what a quadratic pattern (the old email pattern: over 200 plans) or an
 * alias bomb (out of memory) takes.
 */
const RATIO = 10;

/** Milliseconds that `run` takes: the fastest of `times` runs. */
function timed(run: () => unknown, times = 1): number {
    let best = Infinity;
    for (let i = 0; i < times; i++) {
        const start = process.hrtime.bigint();
        run();
        best = Math.min(best, Number(process.hrtime.bigint() - start) / 1e6);
    }
    return best;
}

/** The config a problem list comes from, or the problems themselves. */
function problemsOf(config: Record<string, string>): readonly string[] {
    try {
        loadStackConfig(config);
        return [];
    } catch (err) {
        if (err instanceof ConfigError) return err.problems;
        throw err;
    }
}

/**
 * Every string of a stack's values, and every key of its maps, replaced by `hostile` (keys made
 * distinct by a suffix): each pattern and check of the schema meets it.
 */
function everywhere(value: unknown, hostile: string): unknown {
    if (typeof value === "string") return hostile;
    if (Array.isArray(value)) return value.map((v) => everywhere(v, hostile));
    if (typeof value === "object" && value !== null) {
        return Object.fromEntries(Object.entries(value).map(([k, v], i) => [i % 2 ? `${hostile}${i}` : k, everywhere(v, hostile)]));
    }
    return value;
}

describe("bounded cost on any input", function () {
    this.timeout(120_000);
    let budget = 0;

    before(async () => {
        const config = stackFile("prod");
        await planStack(config); // warm up: module loading and JIT are not the plan's cost
        let best = Infinity;
        for (let i = 0; i < 2; i++) {
            const start = process.hrtime.bigint();
            await planStack(config);
            best = Math.min(best, Number(process.hrtime.bigint() - start) / 1e6);
        }
        budget = RATIO * best;
    });

    it("refuses a 665-byte YAML alias bomb, naming aliases, within ten ordinary plans' time", () => {
        const bomb = aliasBomb();
        assert.ok(bomb.length < 700, `${bomb.length} bytes`);
        let message = "";
        const ms = timed(() => {
            try {
                parseStackFile(bomb, "Pulumi.bomb.yaml");
            } catch (err) {
                message = (err as Error).message;
            }
        });
        assert.match(message, /^Pulumi\.bomb\.yaml: its YAML aliases \(\*name\) expand to more than/);
        assert.ok(ms < budget, `${ms.toFixed(0)} ms, budget ${budget.toFixed(0)} ms`);
    });

    it("keeps the aliases an ordinary stack file uses: a tag map shared by accounts", () => {
        const text = [
            "config:",
            "  aws:region: eu-central-1",
            "  landing-zone:accounts:",
            "    dev: {name: Dev, email: a+dev@example.org, tags: &tags {CostCenter: rnd, Team: platform}}",
            "    test: {name: Test, email: a+test@example.org, tags: *tags}",
        ].join("\n");
        const accounts = JSON.parse(parseStackFile(text).config["landing-zone:accounts"]);
        assert.deepEqual(accounts.test.tags, { CostCenter: "rnd", Team: "platform" });
    });

    it("refuses an alias that repeats one long string beyond the budget, though the file is short", () => {
        const long = "x".repeat(200_000);
        const text = `config:\n  landing-zone:a: &s ${long}\n  landing-zone:b: [${Array(30).fill("*s").join(", ")}]\n`;
        assert.ok(30 * long.length > 10 * text.length + EXPANSION_ALLOWANCE);
        assert.throws(() => parseStackFile(text, "f.yaml"), /^Error: f\.yaml: its YAML aliases \(\*name\) expand to more than/);
    });

    it("refuses a YAML merge key (<<) with one error naming where, not as an unknown key plus a missing one; an alias of a whole value still works", () => {
        const text = "config:\n  landing-zone:accounts:\n    base: &b { name: Root, email: owner@example.org }\n    root: {<<: *b, management: true}\n";
        assert.throws(
            () => parseStackFile(text, "f.yaml"),
            (e: Error) => e.message === 'f.yaml: config.landing-zone:accounts.root: "<<" is a YAML merge key, which this program\'s reader does not expand (the YAML 1.2 core schema has none): write the keys it would merge in place (an alias of a whole value, key: *name, works)',
        );
        const list = "config:\n  landing-zone:x:\n    - a: 1\n    - {<<: {b: 2}}\n";
        assert.throws(() => parseStackFile(list, "f.yaml"), /^Error: f\.yaml: config\.landing-zone:x\[1\]: "<<" is a YAML merge key/);
        const whole = "config:\n  landing-zone:tags: &t { Team: a }\n  landing-zone:other: *t\n";
        assert.equal(parseStackFile(whole, "f.yaml").config["landing-zone:other"], '{"Team":"a"}');
    });

    it("refuses an alias inside its own value (an infinite value) and nesting deeper than the limit", () => {
        assert.throws(() => parseStackFile("config:\n  landing-zone:accounts: &a\n    x: [*a]\n", "f.yaml"), /f\.yaml: a YAML alias \(\*name\) refers to a value that contains it/);
        const deep = `config:\n  landing-zone:x: ${"[".repeat(MAX_DEPTH + 5)}${"]".repeat(MAX_DEPTH + 5)}\n`;
        assert.throws(() => parseStackFile(deep, "f.yaml"), /f\.yaml: values nest deeper than 64 levels/);
    });

    it("checks an account email of 100,000 dots within ten ordinary plans' time, and refuses it by path", () => {
        const config = { ...stackFile("dev") };
        const accounts = JSON.parse(config["landing-zone:accounts"]);
        accounts.dev.email = `a@${".".repeat(100_000)} `;
        config["landing-zone:accounts"] = JSON.stringify(accounts);
        let problems: readonly string[] = [];
        const ms = timed(() => (problems = problemsOf(config)), 3);
        assert.ok(problems.some((p) => p.startsWith('accounts.dev.email: "a@.....')), problems.join("\n"));
        assert.ok(ms < budget, `${ms.toFixed(0)} ms, budget ${budget.toFixed(0)} ms`);
    });

    for (const [what, unit] of [
        ["dots", "."],
        ["letters and dots", "a."],
        ["letters and hyphens", "a-"],
        ["slashes", "a/"],
        ["colons", "a:"],
        ["at signs", "a@"],
        ["backslashes", "\\"],
        ["stars", "a*"],
        ["digits", "1"],
        ["spaces", "a "],
    ] as const) {
        it(`checks every value and key of a stack file made of 100,000 ${what} within ten ordinary plans' time`, () => {
            const hostile = unit.repeat(100_000 / unit.length) + "!\u0000";
            const config = stackFile("prod");
            const edited = Object.fromEntries(
                Object.entries(config).map(([k, v]) => [k, k.startsWith("landing-zone:") ? JSON.stringify(everywhere(JSON.parse(v), hostile)) : v]),
            );
            let problems: readonly string[] = [];
            const ms = timed(() => (problems = problemsOf(edited)), 3);
            assert.ok(problems.length > 0);
            assert.ok(ms < budget, `${ms.toFixed(0)} ms, budget ${budget.toFixed(0)} ms`);
        });
    }

    it("plans the example stack files from their text, alias check included, as before", () => {
        for (const stack of ["dev", "prod"]) {
            const text = readFileSync(join(ROOT, `Pulumi.${stack}.yaml`), "utf8");
            assert.deepEqual(parseStackFile(text).config, stackFile(stack as "dev" | "prod"));
        }
    });
});

/**
 * Generated inputs (fast-check): random stack configs built from the schema's own pieces (keys
 * that are JavaScript's own property names, hostile strings, valid and invalid values). Each either
 * fails with a ConfigError whose every problem names a config path, or plans on the mock engine;
 * nothing else is ever thrown. A fixed seed and number of runs keep it the same in CI.
 */
import { strict as assert } from "assert";
import fc from "fast-check";
import { ConfigError, loadStackConfig } from "../config/load";
import { PlanError } from "../plan/engine";
import { accessMatrix, renderPlanMarkdown } from "../plan/report";
import MarkdownIt = require("markdown-it");
import { planStack, stackFile } from "./harness";

const OBJECT_NAMES = ["toString", "constructor", "hasOwnProperty", "valueOf", "__proto__"];
const HOSTILE = ["", " ", "a\u200Bb", "x\u202Ey", "<!--", "a|b", "`x`", "a\nb", "::", "a/b", "%2F", "Administrator", "\u0000", "ou:", "all", "é", "ＡＢ"];
const key = fc.oneof(fc.constantFrom(...OBJECT_NAMES, ...HOSTILE, "dev", "sandbox", "root", "DeveloperGroup", "AdministratorAccess", "jane.doe"), fc.string({ maxLength: 12 }));
const value = fc.oneof(
    fc.constantFrom(...HOSTILE, ...OBJECT_NAMES, "dev", "ou:Workloads", "all", "PT8H", "PowerUserAccess", "jane@example.org"),
    fc.string({ maxLength: 20 }),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
);
const targets = fc.array(fc.constantFrom("dev", "sandbox", "root", "all", "ou:Workloads", "ou:Nope", "toString", "constructor"), { maxLength: 3 });
const access = fc.dictionary(fc.constantFrom("AdministratorAccess", "DeveloperUserAccess", "toString", "constructor", "__proto__"), targets, { maxKeys: 3 });
const group = fc.record({ access, description: fc.option(value, { nil: undefined }) }, { requiredKeys: ["access"] });
const user = fc.record(
    { givenName: value, familyName: value, email: fc.constantFrom("a@example.org", "b@example.org", "x\u200B@example.org", "bad"), groups: fc.array(key, { maxLength: 3 }), access },
    { requiredKeys: ["givenName", "familyName", "email"] },
);
const permissionSet = fc.record({ managedPolicies: fc.array(fc.constantFrom("ReadOnlyAccess", "PowerUserAccess", "toString", "x y"), { maxLength: 2 }), sessionDuration: fc.constantFrom("PT1H", "PT8H", "PT0H", "P1D") }, { requiredKeys: [] });
const account = fc.record({ name: value, email: fc.constantFrom("o+1@example.org", "o+2@example.org", `a@${".".repeat(200)} `), ou: fc.constantFrom("Workloads", "Sandbox", "toString"), tags: fc.dictionary(key, fc.constantFrom("x", ""), { maxKeys: 2 }) }, { requiredKeys: ["name", "email"] });

/** A section's map, built with own keys (`__proto__` included, as a YAML or JSON parser makes it). */
function withOwnKeys(entries: [string, unknown][]): Record<string, unknown> {
    const record: Record<string, unknown> = {};
    for (const [k, v] of entries) Object.defineProperty(record, k, { value: v, enumerable: true, writable: true, configurable: true });
    return record;
}
const section = <T>(arb: fc.Arbitrary<T>) => fc.array(fc.tuple(key, arb), { maxLength: 3 }).map(withOwnKeys);

/** The dev stack with some sections replaced or extended by generated ones. */
const config = fc.record({ groups: section(group), users: section(user), permissionSets: section(permissionSet), accounts: section(account), extend: fc.boolean() }).map((g) => {
    const base = stackFile("dev");
    const out: Record<string, string> = { ...base };
    for (const name of ["groups", "users", "permissionSets", "accounts"] as const) {
        const current = JSON.parse(base[`landing-zone:${name}`]) as Record<string, unknown>;
        out[`landing-zone:${name}`] = JSON.stringify(g.extend ? Object.assign(withOwnKeys(Object.entries(current)), g[name]) : withOwnKeys([...Object.entries(current), ...Object.entries(g[name])]));
    }
    return out;
});

/** Mostly valid pieces, keyed by JavaScript's own names among others: configs that plan. */
const okKey = fc.constantFrom("toString", "constructor", "hasOwnProperty", "valueOf", "Ops", "team-a");
const okAccess = fc.dictionary(fc.constantFrom("AdministratorAccess", "DeveloperUserAccess"), fc.array(fc.constantFrom("dev", "sandbox", "root", "all", "ou:Workloads"), { minLength: 1, maxLength: 3 }), { maxKeys: 2 });
const planning = fc
    .record({
        groups: fc.dictionary(okKey, fc.record({ access: okAccess, description: fc.constantFrom("Team", "a <b> | `c`") }), { maxKeys: 3 }),
        users: fc.dictionary(okKey, fc.record({ groups: fc.array(fc.constantFrom("DeveloperGroup", "Administrators"), { maxLength: 2 }), access: okAccess }), { maxKeys: 3 }),
    })
    .map((g) => {
        const base = stackFile("dev");
        const groups = { ...JSON.parse(base["landing-zone:groups"]), ...g.groups };
        const users = { ...JSON.parse(base["landing-zone:users"]) };
        Object.entries(g.users).forEach(([name, u], i) => (users[name] = { givenName: "Gen", familyName: name, email: `gen${i}@example.org`, ...u }));
        return { ...base, "landing-zone:groups": JSON.stringify(groups), "landing-zone:users": JSON.stringify(users) };
    });

/** Every problem line of a ConfigError starts with a config path (a key, or `aws:`/`landing-zone:` one). */
function assertNamesPaths(err: ConfigError): void {
    for (const problem of err.problems) {
        assert.match(problem, /^(aws:region|landing-zone:|organization|organizationalUnits|accounts|permissionSets|groups|users|sandbox|identityCenter|imports)[.[:]/u, problem);
    }
}

describe("generated stack configs", function () {
    this.timeout(120_000);

    it("each validates to a config or a ConfigError naming paths, never another exception (2,000 configs)", () => {
        fc.assert(
            fc.property(config, (values) => {
                try {
                    loadStackConfig(values);
                } catch (err) {
                    if (!(err instanceof ConfigError)) throw err;
                    assertNamesPaths(err);
                }
            }),
            { numRuns: 2000, seed: 20261204 },
        );
    });

    it("each valid one plans on the mock engine with every group's grants, and each invalid one fails before anything registers (150 configs)", async () => {
        await fc.assert(
            fc.asyncProperty(fc.oneof(config, planning), async (values) => {
                try {
                    const plan = await planStack(values);
                    // The pull-request comment, rendered as GitHub would (markdown-it, raw HTML on): one
                    // table row per grant of the access matrix, and no HTML a name could open.
                    const tokens = new MarkdownIt({ html: true }).parse(renderPlanMarkdown("gen", plan), {});
                    assert.deepEqual(tokens.filter((t) => t.type === "html_block" || (t.children ?? []).some((c) => c.type === "html_inline")), []);
                    const rows = tokens.filter((t) => t.type === "tr_open").length;
                    assert.ok(rows >= accessMatrix(plan).length, `${rows} table rows for ${accessMatrix(plan).length} grants`);
                    // Every group's grants are registered: none is dropped, whatever its name.
                    const config = loadStackConfig(values);
                    for (const [name, g] of Object.entries(config.groups)) {
                        for (const ps of Object.keys(g.access)) {
                            if (g.access[ps].length === 0) continue;
                            assert.ok(plan.registrations.some((r) => r.type === "aws:ssoadmin/accountAssignment:AccountAssignment" && r.name.startsWith(`${name}/${ps}/`)), `${name}/${ps}`);
                        }
                    }
                } catch (err) {
                    if (!(err instanceof PlanError)) throw err;
                    assert.ok(err.message.startsWith("The stack config has"), `not a config problem: ${err.message}`);
                    assert.equal(err.registrations.length, 0);
                }
            }),
            { numRuns: 150, seed: 20261204 },
        );
    });
});

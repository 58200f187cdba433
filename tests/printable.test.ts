/**
 * A config problem or warning is one printable, bounded line whatever the keys hold: a key with a
 * newline cannot forge another problem or split one, a terminal escape cannot rewrite the screen
 * (`pulumi up` prints the message as the program's error), and a 100,000-character key does not
 * make a 300 KB error.
 */
import { strict as assert } from "assert";
import fc from "fast-check";
import { ConfigError, loadStackConfig } from "../config/load";
import { MESSAGE_LINE_MAX, messageLine, visible } from "../config/printable";
import { planFailure, stackWith } from "./harness";

/** What messageLine promises to leave out of a line: what visible() escapes. */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}\p{Default_Ignorable_Code_Point}]|(?! )\p{Zs}/u;
/** The most a line can be: the kept start and end, and the count between them. */
const LONGEST = MESSAGE_LINE_MAX + 60;

function configError(edit: Record<string, (value: any) => any>): ConfigError {
    try {
        loadStackConfig(stackWith("dev", edit));
    } catch (e) {
        if (e instanceof ConfigError) return e;
        throw e;
    }
    throw new Error("expected a ConfigError");
}

describe("config messages, printable and bounded", () => {
    it("keeps a key's newline and terminal escape inside its own problem's line", () => {
        const key = "Ops\u001b[2J\n  - groups.Administrators: forged problem";
        const err = configError({ groups: (g) => ((g[key] = { access: { Nope: ["dev"] } }), g) });
        const lines = err.message.split("\n");
        assert.equal(lines.length, 1 + err.problems.length, "a header and one line per problem");
        assert.ok(!lines.some((l) => INVISIBLE.test(l)));
        assert.ok(!lines.includes("  - groups.Administrators: forged problem"));
        assert.ok(err.problems.some((p) => p.startsWith("groups.Ops\\u{1B}[2J\\n  - groups.Administrators: forged problem.access.Nope: ")), err.problems.join("\n"));
    });

    it("keeps the path's start and the fix of a problem about a 100,000-character key, and says how much it left out", () => {
        const key = "G".repeat(100_000);
        const err = configError({ groups: (g) => ((g[key] = { access: { Nope: ["dev"], Nope2: ["dev"] } }), g) });
        assert.ok(err.message.length < 10_000, `${err.message.length} characters`);
        const mine = err.problems.filter((p) => p.startsWith("groups.GGG"));
        assert.ok(mine.length >= 2);
        for (const p of mine) {
            assert.ok(p.length <= LONGEST, `${p.length}`);
            assert.match(p, /^groups\.G{100,}\.\.\.\([\d,]+ characters left out\)\.\.\.G+/);
        }
        assert.ok(mine.some((p) => p.endsWith('.access.Nope: "Nope" is not a permission set (known: AdministratorAccess, DeveloperUserAccess)')), mine.join("\n"));
    });

    it("reaches pulumi up's error the same way: the program's RunError is the escaped, bounded message", async () => {
        const err = await planFailure(stackWith("dev", { groups: (g) => ((g["x\u001b]0;owned\u0007"] = { access: { Nope: ["dev"] } }), g) }));
        assert.ok(!err.message.split("\n").some((l) => INVISIBLE.test(l)));
        assert.match(err.message, /groups\.x\\u\{1B\}\]0;owned\\u\{7\}\.access\.Nope/);
        assert.deepEqual(err.registrations, []);
    });

    it("makes any text one printable line of bounded length, unchanged when it was already one", () => {
        fc.assert(
            fc.property(fc.oneof(fc.string({ unit: "grapheme", maxLength: 3000 }), fc.string({ unit: "binary", maxLength: 3000 }), fc.string({ maxLength: 3000 })), (text) => {
                const line = messageLine(text);
                assert.ok(!INVISIBLE.test(line));
                assert.ok(Array.from(line).length <= LONGEST);
                if (Array.from(visible(text)).length <= MESSAGE_LINE_MAX) assert.equal(line, visible(text));
                assert.equal(messageLine(line), line.length <= MESSAGE_LINE_MAX ? line : messageLine(line));
            }),
            { seed: 42, numRuns: 500 },
        );
    });
});

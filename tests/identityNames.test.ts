/**
 * Names the identity store refuses are refused offline, by path, naming the character: its API
 * model's character classes (UserName, GroupDisplayName, SensitiveStringType in
 * aws-sdk-js-v3 codegen/sdk-codegen/aws-models/identitystore.json).
 */
import { strict as assert } from "assert";
import { configProblems, stackWith } from "./harness";

const ZWSP = "\u200B";
const RLO = "\u202E";

describe("identity-store names as its API model allows them", () => {
    it("refuses a user name with a zero-width space, naming it, by path", () => {
        const problems = configProblems(stackWith("dev", { users: (u) => ({ ...u, [`jane.doe${ZWSP}`]: { ...u["jane.doe"], email: "j2@example.org" } }) }));
        assert.ok(problems.some((p) => p.startsWith("users.") && p.includes("contains U+200B (a format character), which the identity store refuses in a user name")), problems.join("\n"));
    });

    it("refuses a group name with a bidi override, and one with a control character", () => {
        for (const [bad, code] of [[RLO, "U+202E (a format character)"], ["\u0007", "U+0007 (a control character)"]]) {
            const problems = configProblems(stackWith("dev", { groups: (g) => ({ ...g, [`Auditors${bad}`]: {} }) }));
            assert.ok(problems.some((p) => p.startsWith("groups") && p.includes(`contains ${code}, which the identity store refuses in a group's display name`)), problems.join("\n"));
        }
    });

    it("refuses a bad group name once, where the group is declared, not again where a user names it; an undeclared one where it is named", () => {
        const bad = `Auditors${RLO}`;
        const problems = configProblems(
            stackWith("dev", {
                groups: (g) => ({ ...g, [bad]: {} }),
                users: (u) => ({ ...u, "jane.doe": { ...u["jane.doe"], groups: [bad] }, "bob.smith": { ...u["bob.smith"], groups: [{ group: bad, until: "2099-01-01" }] } }),
            }),
        );
        assert.equal(problems.length, 1, problems.join("\n"));
        assert.ok(problems[0].startsWith("groups.Auditors\\u{202E}: "), problems[0]);
        const undeclared = configProblems(stackWith("dev", { users: (u) => ({ ...u, "jane.doe": { ...u["jane.doe"], groups: [bad] } }) }));
        assert.ok(undeclared.some((p) => p.startsWith("users.jane.doe.groups[0]: ") && p.includes("contains U+202E")), undeclared.join("\n"));
    });

    it("accepts what AWS accepts in a group name: newlines, <, |, no-break spaces", () => {
        assert.deepEqual(configProblems(stackWith("dev", { groups: (g) => ({ ...g, "Auditors\n\n<!-- | x\u00A0y": {} }) })), []);
    });

    it("refuses format characters in given, family and display names, emails and group descriptions, by path", () => {
        const problems = configProblems(
            stackWith("dev", {
                users: (u) => {
                    Object.assign(u["jane.doe"], { givenName: `Ja${ZWSP}ne`, familyName: `D${RLO}oe`, displayName: `Jane${ZWSP}`, email: `jane${ZWSP}@example.org` });
                },
                groups: (g) => void (g.DeveloperGroup.description = `Dev${RLO}`),
            }),
        );
        for (const path of ["users.jane.doe.givenName", "users.jane.doe.familyName", "users.jane.doe.displayName", "users.jane.doe.email", "groups.DeveloperGroup.description"]) {
            assert.ok(problems.some((p) => p.startsWith(`${path}: `) && /contains U\+(200B|202E) \(a format character\)/.test(p)), `${path} in:\n${problems.join("\n")}`);
        }
    });

    it("accepts letters of any script, marks and the ideographic space in a display name", () => {
        assert.deepEqual(configProblems(stackWith("dev", { users: (u) => void (u["jane.doe"].displayName = "山田\u3000太郎 Zoë") })), []);
    });
});

describe("look-alike names", () => {
    it("warns of a group name that differs from another only by case, spaces or Unicode normalisation, naming both", async () => {
        const { loadStackConfig } = await import("../config/load");
        const config = loadStackConfig(stackWith("dev", { groups: (g) => ({ ...g, developergroup: {}, "Developer Group": {}, "\uFF24eveloperGroup": {} }) }));
        const about = config.warnings.filter((w) => w.includes('looks like group "'));
        assert.equal(about.length, 3, config.warnings.join("\n"));
        assert.ok(about.every((w) => w.includes('looks like group "Developer Group"') || w.includes('looks like group "DeveloperGroup"')), about.join("\n"));
        assert.ok(about.some((w) => w.startsWith("groups.\uFF24eveloperGroup: ")));
    });

    it("warns of a group name that prints like another, a tab in one where the other has the two characters \\t, both ways round", async () => {
        const { loadStackConfig } = await import("../config/load");
        for (const names of [["Ops\tTeam", "Ops\\tTeam"], ["Ops\\tTeam", "Ops\tTeam"]]) {
            const config = loadStackConfig(stackWith("dev", { groups: (g) => ({ ...g, [names[0]]: {}, [names[1]]: {} }) }));
            const about = config.warnings.filter((w) => w.includes("they print alike"));
            assert.equal(about.length, 1, config.warnings.join("\n"));
            // The tab sorts first, so the name with \t is the one warned about.
            assert.equal(about[0], 'groups.Ops\\tTeam: looks like group "Ops\\tTeam" (they print alike: one holds U+0009 where the other has the characters of its escape): AWS keeps them apart, but people reading a plan or signing in will not; rename one');
        }
    });

    it("warns of nothing for names that merely share letters", async () => {
        const { loadStackConfig } = await import("../config/load");
        const config = loadStackConfig(stackWith("dev", { groups: (g) => ({ ...g, Developers: {}, DeveloperGroup2: {} }) }));
        assert.deepEqual(config.warnings.filter((w) => w.includes("looks like")), []);
    });
});

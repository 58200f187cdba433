/**
 * Names are printed, never interpreted (plan/escape.ts): the markdown of plans with hostile names,
 * rendered by a real CommonMark renderer with GFM tables (markdown-it, with raw HTML on as GitHub
 * allows comments and tags), shows every grant and every resource as text with the name intact;
 * the text output holds no control or format character.
 */
import { strict as assert } from "assert";
import MarkdownIt = require("markdown-it");
import { parse as parseYaml } from "yaml";
import { renderText } from "../estate/audit";
import { renderStackFile } from "../estate/render";
import type { Adoption } from "../estate/toConfig";
import type { Plan } from "../plan/engine";
import { mdCode, mdCodeCell, mdFence, mdText, visible, visibleLines } from "../plan/escape";
import {
    AccessRow,
    AccessWay,
    accessMatrix,
    brief,
    changeLines,
    clipChange,
    diffPlans,
    isEmpty,
    planJson,
    renderDiffMarkdown,
    renderDiffText,
    renderPlanMarkdown,
    renderPlanText,
    summaryFromJson,
    wayText,
} from "../plan/report";
import { planStack, stackFile, stackWith } from "./harness";

type Token = MarkdownIt.Token;

const markdown = new MarkdownIt({ html: true, linkify: true });

/** What a reader sees of inline content: text, code and entities as text; raw HTML is not text. */
function seen(inline: Token): string {
    return (inline.children ?? [])
        .map((t) => {
            if (t.type === "text" || t.type === "code_inline") return t.content;
            if (t.type === "softbreak" || t.type === "hardbreak") return "\n";
            if (t.type === "html_inline") return `<<html ${t.content}>>`;
            if (t.type === "image") return `<<image ${t.content}>>`;
            return "";
        })
        .join("");
}

/** The tables of a markdown document: each a list of rows, each row its cells as seen. */
function tables(tokens: Token[]): string[][][] {
    const found: string[][][] = [];
    let row: string[] = [];
    for (let i = 0; i < tokens.length; i++) {
        const t = tokens[i];
        if (t.type === "table_open") found.push([]);
        else if (t.type === "tr_open") row = [];
        else if (t.type === "tr_close") found[found.length - 1].push(row);
        else if ((t.type === "td_open" || t.type === "th_open") && tokens[i + 1].type === "inline") row.push(seen(tokens[i + 1]));
        else if (t.type === "td_open" || t.type === "th_open") row.push("");
    }
    return found;
}

/** Raw HTML anywhere in a document: what GitHub would interpret instead of showing. */
const htmlIn = (tokens: Token[]): string[] =>
    tokens.flatMap((t) => (t.type === "html_block" ? [t.content] : (t.children ?? []).filter((c) => c.type === "html_inline").map((c) => c.content)));

/** A small deterministic generator (mulberry32), so a failure names a reproducible case. */
function random(seed: number): () => number {
    return () => {
        seed = (seed + 0x6d2b79f5) | 0;
        let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
        t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

/** Pieces a hostile name is made of: markdown, HTML, GitHub's extensions, terminal escapes, invisible characters. */
const PIECES = [
    "a", "Z", "0", " ", "  ", ".", "-", "<", ">", "&", "&amp;", "&#60;", "|", "`", "``", "*", "**", "_", "[", "]", "](", "(", ")", "!", "![x](y)",
    "\\", "\\|", "#", "~", "~~", "$", "$$", ":", "@", "@team", ":x:", "http://evil.example", "www.example.com", "<!--", "-->", "<script>",
    "</td>", "\n", "\n\n", "\r", "\t", "\u0000", "\u001b[2J", "\u001b]8;;http://x\u0007", "\u0085", "\u009b", "\u200b", "\u200d", "\u202e",
    "\u2066", "\u2028", "\u00a0", "\u00ad", "\ufeff", "\ud800", "é", "日本", "👩‍💻",
];

function hostileName(next: () => number): string {
    const n = 1 + Math.floor(next() * 6);
    return Array.from({ length: n }, () => PIECES[Math.floor(next() * PIECES.length)]).join("");
}

/** Every way the escapes are checked below, over names a generator makes of PIECES. */
const NAMES = (() => {
    const next = random(16);
    return [
        "Auditors\n\n<!--",
        "x | y",
        "`rm -rf`",
        "<script>alert(1)</script>",
        "a](https://evil.example)",
        "jane.doe\u200b",
        "\u001b[31mred\u001b[0m",
        " leading and trailing ",
        "`",
        "a\\|b",
        ...Array.from({ length: 1500 }, () => hostileName(next)),
    ];
})();

const INVISIBLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}\p{Default_Ignorable_Code_Point}]|(?! )\p{Zs}/u;

describe("escaping names", () => {
    describe("for a terminal", () => {
        it("escapes control, format and invisible characters and nothing else", () => {
            assert.equal(visible("jane.doe\u200b"), "jane.doe\\u{200B}");
            assert.equal(visible("\u001b[2J\u009b\u202eevil\u2066"), "\\u{1B}[2J\\u{9B}\\u{202E}evil\\u{2066}");
            assert.equal(visible("Auditors\n\n<!--\r\t"), "Auditors\\n\\n<!--\\r\\t");
            assert.equal(visible("jane\u00a0doe\u00ad\ufeff\u2028"), "jane\\u{A0}doe\\u{AD}\\u{FEFF}\\u{2028}");
            assert.equal(visible("\ud800x"), "\\u{D800}x");
            assert.equal(visible("Ops & Dev | <b>*Ünïcödé* 日本 \\ é</b>"), "Ops & Dev | <b>*Ünïcödé* 日本 \\ é</b>");
        });

        it("leaves no invisible character and no line break in any name, and is idempotent", () => {
            for (const name of NAMES) {
                const shown = visible(name);
                assert.ok(!INVISIBLE.test(shown), JSON.stringify(name));
                assert.equal(visible(shown), shown);
            }
        });

        it("keeps an error message's own lines and escapes what is in them", () => {
            assert.equal(visibleLines("2 problems:\n  - groups.a\u001b[2J: bad\n  - b"), "2 problems:\n  - groups.a\\u{1B}[2J: bad\n  - b");
        });
    });

    describe("for markdown, as a CommonMark renderer with GFM tables shows it", () => {
        it("shows a name in a code span exactly as visible() gives it, whatever it holds", () => {
            for (const name of NAMES) {
                const tokens = markdown.parse(`Name: ${mdCode(name)} end`, {});
                assert.deepEqual(htmlIn(tokens), [], JSON.stringify(name));
                const inline = tokens.find((t) => t.type === "inline")!;
                assert.deepEqual(
                    inline.children!.filter((c) => c.type === "code_inline").map((c) => c.content),
                    [visible(name)],
                    JSON.stringify(name),
                );
                assert.equal(seen(inline), `Name: ${visible(name)} end`);
            }
        });

        it("shows a name in a table cell as one cell, exactly", () => {
            for (const name of NAMES) {
                const tokens = markdown.parse(`| a | b | c |\n|---|---|---|\n| x | ${mdCodeCell(name)} (${mdCodeCell(name)}) | y |\n`, {});
                assert.deepEqual(htmlIn(tokens), [], JSON.stringify(name));
                assert.deepEqual(tables(tokens), [[["a", "b", "c"], ["x", `${visible(name)} (${visible(name)})`, "y"]]], JSON.stringify(name));
            }
        });

        it("shows escaped prose as its text, in a paragraph and in a table cell (but for spaces at its ends)", () => {
            for (const name of NAMES) {
                const paragraph = markdown.parse(`- note: ${mdText(name)} end`, {});
                assert.deepEqual(htmlIn(paragraph), [], JSON.stringify(name));
                assert.equal(seen(paragraph.find((t) => t.type === "inline")!), `note: ${visible(name)} end`, JSON.stringify(name));
                const table = markdown.parse(`| a | b |\n|---|---|\n| ${mdText(name)} | y |\n`, {});
                assert.deepEqual(tables(table), [[["a", "b"], [visible(name).trim(), "y"]]], JSON.stringify(name));
            }
        });

        it("keeps every line inside a fenced code block", () => {
            const lines = ["```", "  ````x", "~~~", "a\n```\n<!--"];
            const tokens = markdown.parse([...mdFence(lines), "after"].join("\n"), {});
            assert.deepEqual(
                tokens.filter((t) => t.type === "fence").map((t) => t.content),
                [`${lines.map(visible).join("\n")}\n`],
            );
            assert.equal(tokens.find((t) => t.type === "inline")?.content, "after");
        });
    });
});

describe("a plan with hostile names", () => {
    /**
     * The dev stack's plan with its groups, users, permission sets, accounts and resources renamed
     * to hostile names: the renderer must be safe on its own, whatever the config lets through.
     */
    let plan: Plan;
    const GROUPS = ["Auditors\n\n<!--", "Ops | `rm -rf` <script>alert(1)</script>"];
    const USERS = ["eve](https://evil.example) *bold* _it_ &amp;", "jane.doe\u200b", "\u001b[2J\u001b[31mroot\u001b[0m"];
    const PERMISSION_SETS = ["Admin\u202eSSECCA", "<img src=x onerror=alert(1)>", "ps:x: @org/admins"];
    const ACCOUNTS = ["dev\n| spoof | row |", "sand`box`", "<!-- -->"];

    before(async () => {
        const real = await planStack(stackFile("dev"));
        plan = structuredClone({ ...real, config: undefined }) as Plan;
        const pick = (names: string[], i: number) => names[i % names.length];
        const counts = new Map<string, number>();
        const nth = (type: string) => {
            const n = counts.get(type) ?? 0;
            counts.set(type, n + 1);
            return n;
        };
        for (const r of plan.registrations as { type: string; name: string; inputs: Record<string, unknown> }[]) {
            if (r.type === "aws:identitystore/group:Group") r.inputs.displayName = pick(GROUPS, nth(r.type));
            if (r.type === "aws:identitystore/user:User") r.inputs.userName = pick(USERS, nth(r.type));
            if (r.type === "aws:ssoadmin/permissionSet:PermissionSet") r.inputs.name = pick(PERMISSION_SETS, nth(r.type));
            r.name = `${r.name}${pick([...GROUPS, ...USERS, ...ACCOUNTS], nth("name"))}`;
        }
        const ids = plan.outputs.accountIds as Record<string, string>;
        plan.outputs.accountIds = Object.fromEntries(Object.entries(ids).map(([, id], i) => [pick(ACCOUNTS, i), id]));
    });

    /** The access matrix as a reader should see it: each name visible, nothing else changed. */
    const shownWay = (w: AccessWay) => `${w.kind === "group" ? `group ${visible(w.group)}` : "direct"}${w.targets.length ? ` through ${w.targets.map(visible).join(", ")}` : ""}`;
    const shownRow = (r: AccessRow) => [visible(r.user), `${visible(r.account)} (${visible(r.accountId)})`, visible(r.permissionSet), shownWay(r)];

    it("has hostile names in every column of its access matrix (the test's own premise)", () => {
        const rows = accessMatrix(plan);
        assert.ok(rows.length >= 4);
        for (const r of rows) {
            assert.ok(USERS.includes(r.user), r.user);
            assert.ok(ACCOUNTS.includes(r.account), r.account);
            assert.ok(PERMISSION_SETS.includes(r.permissionSet), r.permissionSet);
            assert.ok(r.kind === "group" && GROUPS.includes(r.group), JSON.stringify(r));
        }
    });

    it("shows every grant of the matrix in the rendered comment, each name intact, and no HTML", () => {
        const tokens = markdown.parse(renderPlanMarkdown("dev", plan), {});
        assert.deepEqual(htmlIn(tokens), []);
        const matrix = tables(tokens).find((t) => t[0].join("|") === "user|account|permission set|via");
        assert.ok(matrix, "no access table");
        assert.deepEqual(matrix.slice(1), accessMatrix(plan).map(shownRow));
        const html = markdown.render(renderPlanMarkdown("dev", plan));
        assert.doesNotMatch(html, /<!--|<script|<img/);
    });

    it("shows every resource and every access change of a diff, each name intact", () => {
        const empty: Plan = { registrations: [], invocations: [], outputs: {}, warnings: [] };
        const diff = diffPlans(empty, plan);
        const tokens = markdown.parse(renderDiffMarkdown("dev", "origin/main <!--", diff), {});
        assert.deepEqual(htmlIn(tokens), []);
        const [resources] = tables(tokens);
        assert.deepEqual(
            resources.slice(1).map((row) => row.slice(0, 3)),
            diff.added.map((r) => ["+", r.type, visible(r.name)]),
        );
        const items = tokens.filter((t, i) => t.type === "inline" && tokens[i - 2]?.type === "list_item_open").map(seen);
        assert.deepEqual(
            items,
            diff.accessGained.map((c) => `🟢 ${visible(c.user)} gains ${visible(c.permissionSet)} on ${visible(c.account)} (${c.accountId}, via ${c.ways.map(shownWay).join("; ")})`),
        );
        assert.equal(seen(tokens.find((t) => t.type === "inline")!), "landing-zone plan: dev against origin/main <!--");
    });

    it("shows a changed value in the what-changes cell as text", () => {
        const head = structuredClone(plan);
        const group = head.registrations.find((r) => r.type === "aws:identitystore/group:Group")!;
        const before = group.inputs.description;
        (group.inputs as Record<string, unknown>).description = "<!-- | `x` **y**";
        const diff = diffPlans(plan, head);
        const [resources] = tables(markdown.parse(renderDiffMarkdown("dev", "base", diff), {}));
        assert.deepEqual(resources.slice(1), [["~", group.type, visible(group.name), `description: ${brief(before, 40)} → ${brief("<!-- | `x` **y**", 40)}`]]);
    });

    it("prints text with no control or format character, one line per grant", () => {
        const text = renderPlanText("dev", plan);
        assert.ok(!INVISIBLE.test(text.replace(/\n/g, "")), "an invisible character reached the text");
        const lines = text.split("\n");
        const start = lines.findIndex((l) => l.startsWith("Access ("));
        const end = lines.indexOf("", start);
        const rows = accessMatrix(plan);
        assert.equal(end - start - 2, rows.length, "the access table has one line per grant, and a header");
        for (const [i, r] of rows.entries()) assert.ok(lines[start + 2 + i].startsWith(visible(r.user)), lines[start + 2 + i]);
        const empty: Plan = { registrations: [], invocations: [], outputs: {}, warnings: [] };
        const diffText = renderDiffText("dev", "base\u001b[2J", diffPlans(empty, plan));
        assert.ok(!INVISIBLE.test(diffText.replace(/\n/g, "")));
        assert.equal(diffText.split("\n").filter((l) => l.startsWith("  + ") && l.includes(" gains ")).length, rows.length > 0 ? diffPlans(empty, plan).accessGained.length : 0);
    });
});

describe("other outputs with names from AWS", () => {
    it("prints one audit line per difference, with no control character", () => {
        const text = renderText({
            stack: "prod",
            organizationId: "o-a1b2c3d4e5",
            region: "eu-central-1",
            differences: [
                { kind: "group", object: "group Auditors\n\n<!--", problem: "in AWS, not in the config", settle: "add it" },
                { kind: "user", object: "user \u001b[2Jeve\u202e", problem: "in AWS, not in the config", settle: "add it" },
            ],
        });
        assert.equal(
            text,
            [
                "audit: stack prod differs from the estate (organisation o-a1b2c3d4e5, Identity Center in eu-central-1) in 2 places:",
                "group Auditors\\n\\n<!--: in AWS, not in the config; add it",
                "user \\u{1B}[2Jeve\\u{202E}: in AWS, not in the config; add it",
                "",
            ].join("\n"),
        );
    });

    it("keeps an adopt warning about a hostile name inside its comment in the stack file", () => {
        const adoption: Adoption = {
            region: "eu-central-1",
            config: { organization: { id: "o-a1b2c3d4e5" }, organizationalUnits: [], accounts: {}, permissionSets: {}, groups: {}, users: {} } as unknown as Adoption["config"],
            warnings: ["account Old\nencryptionsalt: injected\n  (999999999999) is SUSPENDED: left out"],
            accountKeys: {},
        };
        const text = renderStackFile(adoption, "crowd");
        assert.deepEqual(Object.keys(parseYaml(text)), ["config"]);
        assert.match(text, /^# {3}- account Old\\nencryptionsalt: injected\\n {2}\(999999999999\) is SUSPENDED: left out$/m);
    });
});

describe("names that pass for the plan's own words", () => {
    /**
     * Groups named like the words the plan uses for a way (`direct`, `<group>, <target>`), a user
     * and a group named like GitHub teams, and a reason with links and a mention: jane is in both
     * groups and has her own grant on dev, as the group `direct` gives her.
     */
    const NOW = "2026-12-04T12:00:00Z";
    const FORGED = "Readers, ou:Workloads";
    const TEAM_USER = "@acme/admins";
    const TEAM_GROUP = "@acme/security-team";
    const REASON = "see http://e and www.example.com, ask @acme/admins or ops@example.com";
    const stack = (reason: string) =>
        stackWith("dev", {
            groups: (g) => ({
                ...g,
                direct: { access: { AdministratorAccess: ["dev"] } },
                [FORGED]: { access: { AdministratorAccess: ["sandbox"] } },
                [TEAM_GROUP]: { access: { DeveloperUserAccess: ["all"] } },
            }),
            users: (u) => ({
                ...u,
                jane: { givenName: "Jane", familyName: "Roe", email: "jane.roe@example.org", groups: ["direct", FORGED, TEAM_GROUP], access: { AdministratorAccess: ["dev"] } },
                [TEAM_USER]: { givenName: "A", familyName: "Team", email: "team@example.org", access: { AdministratorAccess: [{ target: "dev", until: "2026-12-20T00:00:00Z", reason }] } },
            }),
        });
    let savedNow: string | undefined;
    let base: Plan;
    let head: Plan;
    before(async () => {
        savedNow = process.env.LANDING_ZONE_NOW;
        process.env.LANDING_ZONE_NOW = NOW;
        [base, head] = [await planStack(stack("incident 4711")), await planStack(stack(REASON))];
    });
    after(() => {
        if (savedNow === undefined) delete process.env.LANDING_ZONE_NOW;
        else process.env.LANDING_ZONE_NOW = savedNow;
    });
    const janes = (p: Plan) => accessMatrix(p).filter((r) => r.user === "jane" && r.permissionSet === "AdministratorAccess");

    describe("a group named direct, or with a target in its name", () => {
        it("keeps jane's own grant and the group direct's as two ways, and the group's whole name apart from its targets", () => {
            assert.deepEqual(
                janes(head).map(({ account, kind, targets, ...r }) => ({ account, kind, ...("group" in r && { group: r.group }), targets })),
                [
                    { account: "dev", kind: "direct", targets: [] },
                    { account: "dev", kind: "group", group: "direct", targets: [] },
                    { account: "sandbox", kind: "group", group: FORGED, targets: [] },
                ],
            );
        });

        it("says which is which in the text: the user's own as direct, a group as group and its name, quoted when it is not a plain word", () => {
            const lines = renderPlanText("dev", head).split("\n").filter((l) => /^jane +\S+ \(\d+\) +AdministratorAccess/.test(l));
            assert.deepEqual(
                lines.map((l) => l.replace(/^jane +\S+ \(\d+\) +AdministratorAccess +/, "")),
                ["direct", "group direct", `group "Readers, ou:Workloads"`],
            );
            const through = renderPlanText("dev", head).split("\n").find((l) => /^jane +dev .*DeveloperUserAccess/.test(l));
            assert.match(through ?? "", / group @acme\/security-team through all$/);
        });

        it("writes every way unambiguously, whatever the names: no two ways are written alike", () => {
            const next = random(7);
            const words = ["direct", "group", "through", ", ", "; ", "ou:", "all", "\"", " ", "(", ")", "\\", "a", "b"];
            const name = () => Array.from({ length: 1 + Math.floor(next() * 4) }, () => words[Math.floor(next() * words.length)]).join("");
            const written = new Map<string, string>();
            for (let i = 0; i < 5000; i++) {
                const targets = Array.from({ length: Math.floor(next() * 3) }, name);
                const way: AccessWay = next() < 0.3 ? { kind: "direct", targets } : { kind: "group", group: name(), targets };
                const key = JSON.stringify(way);
                for (const text of [wayText(way), visible(wayText(way))]) {
                    const other = written.get(text);
                    assert.ok(other === undefined || other === key, `${text}: ${other} and ${key}`);
                    written.set(text, key);
                }
            }
        });

        it("shows the group's name and each target in code spans of their own in markdown, the words outside", () => {
            const tokens = markdown.parse(renderPlanMarkdown("dev", head), {});
            const matrix = tables(tokens).find((t) => t[0].join("|") === "user|account|permission set|via")!;
            assert.deepEqual(
                matrix.filter((row) => row[0] === "jane" && row[2] === "AdministratorAccess").map((row) => row[3]),
                ["direct", "group direct", "group Readers, ou:Workloads"],
            );
            const cells = markdown
                .parseInline(renderPlanMarkdown("dev", head).split("\n").find((l) => l.startsWith("| `jane` | `sandbox`") && l.includes("AdministratorAccess"))!, {})[0]
                .children!.filter((t) => t.type === "code_inline")
                .map((t) => t.content);
            assert.deepEqual(cells, ["jane", "sandbox", head.outputs.accountIds && (head.outputs.accountIds as Record<string, string>).sandbox, "AdministratorAccess", FORGED]);
            const items = renderDiffMarkdown("dev", "base", diffPlans({ registrations: [], invocations: [], outputs: {}, warnings: [] }, head));
            assert.match(items, /- 🟢 \*\*`jane`\*\* gains \*\*`AdministratorAccess`\*\* on \*\*`dev`\*\* \(`\d{12}`, via direct; group `direct`\)/);
            assert.match(items, /gains \*\*`DeveloperUserAccess`\*\* on \*\*`sandbox`\*\* \(`\d{12}`, via group `@acme\/security-team` through `all`\)/);
        });

        it("gives machines the way's kind, group and targets apart, keeps via, and reads them back", () => {
            const json = JSON.parse(JSON.stringify(planJson("dev", head))) as { access: Record<string, unknown>[] };
            const rows = json.access.filter((r) => r.user === "jane" && r.permissionSet === "AdministratorAccess");
            assert.deepEqual(
                rows.map((r) => [r.kind, r.group, r.targets, r.via]),
                [
                    ["direct", undefined, [], "direct"],
                    ["group", "direct", [], "direct"],
                    ["group", FORGED, [], FORGED],
                ],
            );
            assert.deepEqual(summaryFromJson(json).access, accessMatrix(head));
            assert.ok(isEmpty(diffPlans(summaryFromJson(json), head)));
        });

        it("says in a diff how access comes, each way apart", () => {
            const empty: Plan = { registrations: [], invocations: [], outputs: {}, warnings: [] };
            const text = renderDiffText("dev", "base", diffPlans(empty, head));
            assert.match(text, /\n {2}\+ jane gains AdministratorAccess on dev \(via direct; group direct\)\n/);
            assert.match(text, /\n {2}\+ jane gains AdministratorAccess on sandbox \(via group "Readers, ou:Workloads"\)\n/);
        });
    });

    describe("names and reasons in markdown", () => {
        /** Every text a reader sees outside code in a rendered document, and its links. */
        function outsideCode(md: string): { text: string[]; links: string[] } {
            const text: string[] = [];
            const links: string[] = [];
            const walk = (tokens: Token[]) => {
                for (const t of tokens) {
                    if (t.type === "text") text.push(t.content);
                    if (t.type === "link_open") links.push(String(t.attrGet("href")));
                    if (t.children) walk(t.children);
                }
            };
            walk(markdown.parse(md, {}));
            return { text, links };
        }
        const documents = () => [
            ["plan", renderPlanMarkdown("dev", head)],
            ["diff", renderDiffMarkdown("dev", "base", diffPlans(base, head))],
            ["diff from nothing", renderDiffMarkdown("dev", "base", diffPlans({ registrations: [], invocations: [], outputs: {}, warnings: [] }, head))],
        ];

        it("shows a retimed end and a changed reason with the user, the permission set and the reason as code", () => {
            const md = renderDiffMarkdown("dev", "base", diffPlans(base, head));
            assert.ok(
                md.includes(
                    "- 🕒 `@acme/admins` keeps `AdministratorAccess` on `dev`, until 2026-12-20 00:00 UTC (in 16 days), " +
                        "`see http://e and www.example.com, ask @acme/admins or ops@example.com` (was: until 2026-12-20 00:00 UTC (in 16 days), `incident 4711`)\n",
                ),
                md,
            );
        });

        it("renders no link and no @ outside code, as markdown-it with linkify renders it (GitHub mentions and autolinks the same text)", () => {
            for (const [what, md] of documents()) {
                const { text, links } = outsideCode(md);
                assert.deepEqual(links, [], what);
                assert.deepEqual(
                    text.filter((t) => t.includes("@")),
                    [],
                    what,
                );
            }
        });

        it("writes every name and reason inside backticks on every line of prose", () => {
            const NAMES = [TEAM_USER, TEAM_GROUP, FORGED, REASON, "incident 4711", "jane.roe@example.org", "owner+sandbox@example.org", "groups.@acme/security-team.access.DeveloperUserAccess"];
            for (const [what, md] of documents()) {
                let fenced = false;
                for (const line of md.split("\n")) {
                    if (/^`{3,}/.test(line)) fenced = !fenced;
                    if (fenced) continue;
                    const prose = line.replace(/(`+)(?:(?!\1).)*?\1/g, "");
                    for (const name of NAMES) assert.ok(!prose.includes(name), `${what}: ${name} outside a code span in ${line}`);
                    assert.ok(!prose.includes("@"), `${what}: an @ outside a code span in ${line}`);
                }
            }
        });
    });
});

describe("a changed value", () => {
    it("shows the changed leaves of a policy, not two beginnings that look alike", async () => {
        const actions = ["iam:CreateUser", "iam:DeleteUser", "iam:CreateAccessKey", "iam:AttachUserPolicy", "iam:PutUserPolicy"];
        const withEffect = (Effect: string) =>
            stackWith("dev", {
                permissionSets: (p) => ({ ...p, Guarded: { inlinePolicy: { Version: "2012-10-17", Statement: [{ Effect, Action: actions, Resource: "*" }] } } }),
            });
        const diff = diffPlans(await planStack(withEffect("Deny")), await planStack(withEffect("Allow")));
        assert.deepEqual(
            diff.changed.map((c) => [c.type, c.changes.map((ch) => ch.key)]),
            [["aws:ssoadmin/permissionSetInlinePolicy:PermissionSetInlinePolicy", ["inlinePolicy"]]],
        );
        assert.ok(renderDiffText("dev", "base", diff).includes('\n      inlinePolicy: Statement[0].Effect: "Deny" → "Allow"\n'));
        const [resources] = tables(markdown.parse(renderDiffMarkdown("dev", "base", diff), {}));
        assert.equal(resources[1][3], 'inlinePolicy: Statement[0].Effect: "Deny" → "Allow"');
    });

    it("lists at most five changed leaves and counts the rest", () => {
        const before = { Statement: Array.from({ length: 8 }, (_, i) => ({ Sid: `S${i}`, Effect: "Deny" })) };
        const after = { Statement: before.Statement.map((s) => ({ ...s, Effect: "Allow" })) };
        assert.deepEqual(changeLines({ key: "policy", before: JSON.stringify(before), after: JSON.stringify(after) }), [
            ...[0, 1, 2, 3, 4].map((i) => `policy: Statement[${i}].Effect: "Deny" → "Allow"`),
            "policy: and 3 more changes",
        ]);
        assert.deepEqual(changeLines({ key: "tags", before: { "cost center": "a", Owner: "x" }, after: { "cost center": "b", Owner: "x" } }), ['tags: ["cost center"]: "a" → "b"']);
    });

    it("cuts two long values around their first difference, so the sides always differ, each within the limit", () => {
        const next = random(3);
        const alphabet = ["a", "b", "\"", "日", "👩‍💻", " "];
        for (let i = 0; i < 3000; i++) {
            const common = Array.from({ length: Math.floor(next() * 150) }, () => alphabet[Math.floor(next() * alphabet.length)]).join("");
            const tail = () => Array.from({ length: Math.floor(next() * 80) }, () => alphabet[Math.floor(next() * alphabet.length)]).join("");
            const [a, b] = [common + tail(), common + tail()];
            if (a === b) continue;
            for (const max of [40, 60]) {
                const shown = clipChange(a, b, max);
                assert.notEqual(shown.before, shown.after, JSON.stringify([a, b, max]));
                for (const side of [shown.before, shown.after]) assert.ok([...side].length <= max, JSON.stringify([side, max]));
            }
        }
        assert.deepEqual(clipChange("x".repeat(100) + "Deny", "x".repeat(100) + "Allow", 40), { before: `...${"x".repeat(13)}Deny"`, after: `...${"x".repeat(13)}Allow"` });
    });
});

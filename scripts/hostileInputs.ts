/**
 * Stack files a hostile or careless user could hand the plan, for `npm run bench` (absolute
 * targets) and tests/boundedCost.test.ts (budgets relative to an ordinary plan).
 */
import { spawnSync } from "child_process";
import { writeFileSync } from "fs";
import { join } from "path";

/** A YAML alias bomb: each level an alias list of nine of the level before (9^10 values in 665 bytes). */
export function aliasBomb(levels = 10): string {
    const lines = ["config:", "  aws:region: eu-central-1", "  landing-zone:accounts:", "    l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"];
    for (let i = 1; i < levels; i++) lines.push(`    l${i}: &l${i} [${Array(9).fill(`*l${i - 1}`).join(", ")}]`);
    return lines.join("\n") + "\n";
}

/** A stack file whose member account's email is `a@` and 100,000 dots and a space. */
export function dottedEmailStack(): string {
    return [
        "config:",
        "  aws:region: eu-central-1",
        "  landing-zone:accounts:",
        "    root: {name: Root, email: owner@example.org, management: true}",
        `    dev: {name: Dev, email: "a@${".".repeat(100_000)} "}`,
    ].join("\n") + "\n";
}

/** Each hostile stack file planned end to end (`node bin/plan/main.js FILE`): refused, and how fast. */
export function benchHostile(dir: string, nodeFlags: readonly string[], out: (text: string) => void): void {
    const cli = join(__dirname, "..", "plan", "main.js");
    out("\nhostile inputs, `node bin/plan/main.js FILE` end to end (refused with a message):\n");
    for (const [name, text] of [
        ["one-line invalid file (the start-up cost)", "config:\n  aws:region: 1\n"],
        ["alias bomb (665 bytes)", aliasBomb()],
        ["account email of 100,000 dots", dottedEmailStack()],
    ]) {
        const file = join(dir, `Pulumi.hostile-${name.replace(/\W+/g, "-")}.yaml`);
        writeFileSync(file, text);
        const start = process.hrtime.bigint();
        const res = spawnSync(process.execPath, [...nodeFlags, cli, file], { encoding: "utf8", maxBuffer: 1 << 26 });
        const ms = Number(process.hrtime.bigint() - start) / 1e6;
        const first = (res.stderr || res.stdout).split("\n").find((l) => l.trim()) ?? "";
        out(`  ${name}: exit ${res.status}, ${ms.toFixed(0)} ms: ${first.slice(0, 110)}${first.length > 110 ? "..." : ""}\n`);
    }
    out("targets: each refused (exit 1) within 1000 ms of the one-line file\n");
}

#!/usr/bin/env node
// Which stacks does a pull request change? Reads the changed paths (newline- or NUL-separated, as
// `git diff --name-only [-z]` prints them) on stdin and prints a JSON array of stack names, for a
// workflow matrix. Run from the repository root: the stacks are the Pulumi.<stack>.yaml files there.
//
// - A change to the program (or to what it is built with) can change every stack: all of them.
// - Otherwise only the stacks whose Pulumi.<stack>.yaml changed.
// - A stack whose file the pull request deletes has nothing left to plan, and is left out.
//
// Keep PROGRAM in step with the `paths:` filter of .github/workflows/preview.yml (the tests check).
import { existsSync, readdirSync, readFileSync } from "node:fs";

/** Paths whose change affects every stack. */
const PROGRAM = [
    /^index\.ts$/,
    /^components\//,
    /^config\//,
    /^plan\//,
    // The guard script's text is packed into the scheduled runner (config/sandbox/runner.ts).
    /^scripts\/nuke-sandbox\.sh$/,
    /^tsconfig(\.[\w-]+)?\.json$/,
    /^Pulumi\.yaml$/,
    /^package(-lock)?\.json$/,
];

const STACK_FILE = /^Pulumi\.([^/]+)\.yaml$/;
/** The stack names `npm run plan` and the Pulumi CLI accept; anything else is not passed on. */
const STACK_NAME = /^[\w.-]+$/;

const changed = readFileSync(0, "utf8").split(/[\0\n]/).map((line) => line.trim()).filter(Boolean);

const present = readdirSync(".")
    .map((file) => STACK_FILE.exec(file)?.[1])
    .filter((stack) => stack !== undefined);

const programChanges = changed.filter((path) => PROGRAM.some((pattern) => pattern.test(path)));
const wanted = programChanges.length > 0
    ? present
    : changed.map((path) => STACK_FILE.exec(path)?.[1]).filter((stack) => stack !== undefined);

const stacks = [];
for (const stack of new Set(wanted)) {
    if (!STACK_NAME.test(stack)) {
        console.error(`Pulumi.${stack}.yaml: "${stack}" is not a valid stack name; skipped`);
    } else if (!existsSync(`Pulumi.${stack}.yaml`)) {
        console.error(`Pulumi.${stack}.yaml was deleted: nothing to plan`);
    } else {
        stacks.push(stack);
    }
}
stacks.sort();

if (programChanges.length > 0) {
    console.error(`program files changed (${programChanges.slice(0, 5).join(", ")}${programChanges.length > 5 ? ", …" : ""}): every stack`);
}
console.error(`stacks to plan: ${stacks.length > 0 ? stacks.join(", ") : "none"}`);
process.stdout.write(`${JSON.stringify(stacks)}\n`);

/**
 * Regenerates config/awsNukeResourceTypes.ts, the resource type names aws-nuke v3 knows, from an
 * aws-nuke checkout (a clone of github.com/ekristen/aws-nuke, bare or not). Only names are copied,
 * never aws-nuke's code:
 *
 *   git clone https://github.com/ekristen/aws-nuke /tmp/aws-nuke
 *   npx ts-node --transpile-only scripts/awsNukeResourceTypes.ts /tmp/aws-nuke [revision, default HEAD]
 *
 * A name is every `Name:` of a `registry.Register(&registry.Registration{...})` in resources/*.go,
 * resolved through its `const XResource = "Name"`, plus the Cloud Control types resources/cloudcontrol.go
 * registers in its init (`RegisterCloudControl("AWS::...")`).
 */
import { execFileSync } from "child_process";
import { writeFileSync } from "fs";
import { join } from "path";

const [checkout, revision = "HEAD"] = process.argv.slice(2);
if (!checkout) {
    console.error("usage: ts-node scripts/awsNukeResourceTypes.ts <aws-nuke checkout> [revision]");
    process.exit(2);
}
const git = (...args: string[]) => execFileSync("git", ["-C", checkout, ...args], { encoding: "utf8", maxBuffer: 1 << 28 });

const commit = git("rev-parse", revision).trim();
const version = git("describe", "--tags", "--always", commit).trim();
const files = git("ls-tree", "-r", "--name-only", commit, "--", "resources/")
    .split("\n")
    .filter((f) => /^resources\/[^/]+\.go$/.test(f) && !f.endsWith("_test.go") && !f.endsWith("_mock_test.go"));

const constants = new Map<string, string>();
const registered: string[] = [];
const cloudControl: string[] = [];
for (const file of files) {
    const text = git("show", `${commit}:${file}`);
    for (const m of text.matchAll(/^\s*(?:const\s+)?(\w+)\s*=\s*"([A-Za-z0-9:]+)"\s*(?:\/\/.*)?$/gm)) constants.set(m[1], m[2]);
    for (const block of text.matchAll(/registry\.Register\(&registry\.Registration\{([\s\S]*?)\n\t\}\)/g)) {
        const name = /\n\s*Name:\s*([\w"]+),/.exec(block[1])?.[1];
        if (name && name !== "typeName") registered.push(name);
    }
    if (file === "resources/cloudcontrol.go") {
        for (const m of text.matchAll(/^\s*RegisterCloudControl\("([^"]+)"\)/gm)) cloudControl.push(m[1]);
    }
}
const names = registered.map((n) => {
    const value = n.startsWith('"') ? n.slice(1, -1) : constants.get(n);
    if (value === undefined) throw new Error(`cannot resolve the resource type name ${n}`);
    return value;
});
const resourceTypes = [...new Set([...names, ...cloudControl])].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
const out = join(__dirname, "..", "config", "awsNukeResourceTypes.ts");
const text = [
    "/**",
    ` * The resource types aws-nuke ${version} knows (https://github.com/ekristen/aws-nuke, commit ${commit}):`,
    " * names only, read from its resources/*.go registrations. Generated: do not edit. Regenerate from an",
    " * aws-nuke checkout with `npx ts-node --transpile-only scripts/awsNukeResourceTypes.ts <checkout> [revision]`.",
    " */",
    `export const AWS_NUKE_VERSION = ${JSON.stringify(version)};`,
    `export const AWS_NUKE_COMMIT = ${JSON.stringify(commit)};`,
    "export const AWS_NUKE_RESOURCE_TYPES: readonly string[] = [",
    ...resourceTypes.map((t) => `    ${JSON.stringify(t)},`),
    "];",
    "",
].join("\n");
writeFileSync(out, text);
console.log(`wrote ${out}: ${resourceTypes.length} resource types of aws-nuke ${version} (${commit})`);

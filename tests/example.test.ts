/**
 * `npm run adopt -- --example` and `npm run audit -- --example`: the same commands against the
 * built-in example estate, served by the shipped fake (estate/fakeAws.ts) on the loopback
 * interface, whatever the machine's AWS settings say.
 */
import { strict as assert } from "assert";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { parse, stringify } from "yaml";
import { main as adopt } from "../estate/adopt";
import { main as audit } from "../estate/audit";
import { parseStackFile } from "../config/stackFile";
import { ROOT, planStack } from "./harness";

interface Run {
    code: number;
    out: string;
    err: string;
}

async function run(command: typeof adopt, argv: string[], root = ROOT): Promise<Run> {
    let out = "";
    let err = "";
    const code = await command(argv, (s) => (out += s), (s) => (err += s), root);
    return { code, out, err };
}

/**
 * Run `body` with the environment a careless machine has: a profile that does not exist, an
 * endpoint that goes nowhere (TEST-NET-1, RFC 5737), credentials that would be wrong anywhere. The
 * example must use none of them.
 */
async function withHostileEnvironment<T>(body: () => Promise<T>): Promise<T> {
    const settings: Record<string, string> = {
        AWS_PROFILE: "no-such-profile",
        AWS_ENDPOINT_URL: "http://192.0.2.1:9",
        AWS_ACCESS_KEY_ID: "AKIAWRONGWRONGWRONG0",
        AWS_SECRET_ACCESS_KEY: "wrong",
        AWS_REGION: "ap-southeast-2",
        AWS_USE_FIPS_ENDPOINT: "true",
        AWS_CONFIG_FILE: "/nonexistent/aws-config",
        AWS_SHARED_CREDENTIALS_FILE: "/nonexistent/aws-credentials",
    };
    const saved = Object.fromEntries(Object.keys(settings).map((k) => [k, process.env[k]]));
    Object.assign(process.env, settings);
    try {
        return await body();
    } finally {
        for (const [k, v] of Object.entries(saved)) {
            if (v === undefined) delete process.env[k];
            else process.env[k] = v;
        }
    }
}

describe("the built-in example estate", () => {
    let dir: string;
    beforeEach(() => (dir = mkdtempSync(join(tmpdir(), "example-"))));
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    describe("npm run adopt -- --example", () => {
        it("prints the example's stack file with --out -, read from a fake on the loopback interface, with none of the machine's AWS settings", async () => {
            const r = await withHostileEnvironment(() => run(adopt, ["--example", "--out", "-"], dir));
            assert.equal(r.code, 0, r.err);
            assert.match(r.err, /^example: reading the built-in example estate .* at http:\/\/127\.0\.0\.1:\d+ \(estate\/fakeAws\.ts\), through the real AWS SDK clients: no credentials, no network/);
            const config = parseStackFile(r.out).config;
            assert.equal(config["aws:region"], "eu-central-1");
            assert.deepEqual(JSON.parse(config["landing-zone:organization"]), { id: "o-a1b2c3d4e5", enabledPolicyTypes: [] });
            assert.deepEqual(Object.keys(JSON.parse(config["landing-zone:users"])), ["bob.smith", "jane.doe"]);
            assert.match(r.out, /^# The built-in example estate \(npm run adopt -- --example\), served by a local fake: not an organisation of yours\.$/m);
            assert.ok(!existsSync(join(dir, "Pulumi.example.yaml")), "--out - writes no file");
        });

        it("writes Pulumi.example.yaml by default, whose plan imports everything and creates nothing", async () => {
            const r = await run(adopt, ["--example"], dir);
            assert.equal(r.code, 0, r.err);
            assert.match(r.err, /wrote .*Pulumi\.example\.yaml: 2 accounts, 0 OUs, 1 permission sets, 1 groups, 2 users\.\nNext: read it, `npm run plan -- .*Pulumi\.example\.yaml` .*then `npm run --silent audit -- --example` /);
            const plan = await planStack(parseStackFile(readFileSync(join(dir, "Pulumi.example.yaml"), "utf8")).config);
            assert.deepEqual(plan.registrations.filter((p) => p.custom && !p.importId).map((p) => `${p.type}::${p.name}`), []);
        });

        it("never overwrites a stack file, as adopt never does", async () => {
            writeFileSync(join(dir, "Pulumi.example.yaml"), "config: {}\n");
            const r = await run(adopt, ["--example"], dir);
            assert.equal(r.code, 1);
            assert.match(r.err, /Pulumi\.example\.yaml exists: adopt never overwrites a stack file without --force/);
            assert.equal(readFileSync(join(dir, "Pulumi.example.yaml"), "utf8"), "config: {}\n");
        });

        it("refuses --region, which the example does not read", async () => {
            const r = await run(adopt, ["--example", "--region", "us-east-1"], dir);
            assert.equal(r.code, 2);
            assert.match(r.err, /^--region is not for --example: the example estate's Identity Center is in eu-central-1\n/);
        });

        it("suggests the example when no stack is named", async () => {
            const r = await run(adopt, [], dir);
            assert.equal(r.code, 2);
            assert.match(r.err, /^name the stack: --stack NAME \(or try the built-in example estate: --example\)/);
        });
    });

    describe("npm run audit -- --example", () => {
        const DRIFT = [
            "audit: stack example differs from the estate (organisation o-a1b2c3d4e5, Identity Center in eu-central-1) in 3 places:",
            "policy AdministratorAccess on permission set DeveloperUserAccess: attached in AWS, not in the config; add it to permissionSets.DeveloperUserAccess.managedPolicies, or detach it (the next pulumi up does)",
            "user eve.hand: in AWS, not in the config; add it to landing-zone:users, or delete the user in AWS",
            "user eve.hand in group DeveloperGroup: in AWS, not in the config; add DeveloperGroup to users.eve.hand.groups, or remove the membership in AWS",
            "",
        ].join("\n");

        it("finds the example's hand-made changes against what adopt --example writes, with none of the machine's AWS settings (exit 1)", async () => {
            const r = await withHostileEnvironment(() => run(audit, ["--example"], dir));
            assert.equal(r.code, 1, r.err);
            assert.equal(r.out, DRIFT);
            assert.match(r.err, /example: no \S*Pulumi\.example\.yaml: comparing with the stack file `npm run --silent adopt -- --example` writes/);
        });

        it("compares with Pulumi.example.yaml once adopt wrote it, and is clean once the file settles the changes (exit 0)", async () => {
            assert.equal((await run(adopt, ["--example"], dir)).code, 0);
            const file = join(dir, "Pulumi.example.yaml");
            const before = await run(audit, ["--example"], dir);
            assert.equal(before.code, 1);
            assert.equal(before.out, DRIFT);
            assert.doesNotMatch(before.err, /no Pulumi\.example\.yaml/);

            const doc = parse(readFileSync(file, "utf8"));
            doc.config["landing-zone:permissionSets"].DeveloperUserAccess.managedPolicies.push("AdministratorAccess");
            doc.config["landing-zone:users"]["eve.hand"] = { givenName: "Eve", familyName: "Hand", email: "eve@example.com", groups: ["DeveloperGroup"] };
            writeFileSync(file, stringify(doc));
            const after = await run(audit, ["--example", "--json"], dir);
            assert.equal(after.code, 0, after.err);
            assert.deepEqual(JSON.parse(after.out).differences, []);
        });
    });
});

/**
 * The plan engine and the offline tools' start-up: what they change in the SDK, and that the
 * changes hold.
 */
import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "fs";
import { join } from "path";
import * as pulumi from "@pulumi/pulumi";
import * as debuggableModule from "@pulumi/pulumi/runtime/debuggable";
import * as ts from "typescript";
import * as aws from "@pulumi/aws";
import { plan } from "../plan/engine";
import { ROOT, encode, planStack, stackFile } from "./harness";

/** A resource of a type the fake cloud has never heard of. */
class Bucket extends pulumi.CustomResource {
    constructor(name: string) {
        super("aws:s3/bucket:Bucket", name, {});
    }
}

describe("plan engine", () => {
    it("skips the SDK's source-position capture while planning, and restores it after", async () => {
        const sdk = pulumi.Resource as unknown as { callsites: () => unknown[] };
        const original = sdk.callsites;
        assert.equal(typeof original, "function", "the SDK still has the private static Resource.callsites");
        let during: unknown[] | undefined;
        await plan({
            config: {},
            program: () => {
                during = sdk.callsites();
                return {};
            },
        });
        assert.deepEqual(during, []);
        assert.equal(sdk.callsites, original);
        assert.ok(original().length > 0, "outside a plan, callsites are captured as usual");
    });

    it("skips the SDK's promise-leak bookkeeping while planning, and restores it after", async () => {
        const debuggable = debuggableModule as unknown as { debuggablePromise: (p: Promise<unknown>, ctx: string) => Promise<unknown> };
        const original = debuggable.debuggablePromise;
        let wrapped: boolean | undefined;
        await plan({
            config: {},
            program: () => {
                const p = Promise.resolve(1);
                wrapped = debuggable.debuggablePromise(p, "test") !== p;
                return {};
            },
        });
        assert.equal(wrapped, false);
        assert.equal(debuggable.debuggablePromise, original);
        const p = Promise.resolve(2);
        assert.notEqual(original(p, "test"), p, "outside a plan, promises are wrapped as usual");
    });

    it("records pulumi.log.warn messages as the plan's warnings, still prints them, and gives console.warn back after", async () => {
        const original = console.warn;
        const printed: string[] = [];
        const capture = (...args: unknown[]) => void printed.push(args.join(" "));
        console.warn = capture;
        try {
            const planned = await plan({
                config: {},
                program: async () => {
                    await pulumi.log.warn("enable Identity Center first");
                    return {};
                },
            });
            assert.deepEqual(planned.warnings, ["enable Identity Center first"]);
            assert.deepEqual(printed, ["warning: [runtime] enable Identity Center first"]);
            assert.equal(console.warn, capture);
        } finally {
            console.warn = original;
        }
    });

    it("fails the plan on a resource type the fake cloud does not know", async () => {
        await assert.rejects(
            plan({ config: {}, program: () => ({ x: new Bucket("b").urn }) }),
            /the fake cloud does not know resource type aws:s3\/bucket:Bucket \(b\)/,
        );
    });

    it("fails the plan on an invoke the fake cloud does not answer", async () => {
        await assert.rejects(
            plan({ config: {}, program: async () => ({ x: await pulumi.runtime.invoke("aws:index/getRegion:getRegion", {}) }) }),
            /the fake cloud does not answer invoke aws:index\/getRegion:getRegion/,
        );
    });

    it("gives the same ids to the same resources in two plans", async () => {
        const a = await planStack(stackFile("dev"));
        const b = await planStack({ ...stackFile("dev"), ...encode({ "landing-zone:organizationalUnits": ["Workloads", "Sandbox", "Extra"] }) });
        const ids = (p: typeof a) => new Map(p.registrations.filter((r) => r.custom).map((r) => [r.urn, r.id]));
        const [ia, ib] = [ids(a), ids(b)];
        for (const [urn, id] of ia) assert.equal(ib.get(urn), id, urn);
    });
});

describe("offline tools' fast start", () => {
    /** Run a snippet after plan/fastStart (transpiled as it is built) in a fresh Node. */
    function afterFastStart(snippet: string): string {
        // Inside the project, so that the SDK resolves from there as it does from bin/plan/.
        mkdirSync(join(ROOT, "node_modules", ".cache"), { recursive: true });
        const dir = mkdtempSync(join(ROOT, "node_modules", ".cache", "landing-zone-faststart-"));
        const source = readFileSync(join(ROOT, "plan", "fastStart.ts"), "utf8");
        const js = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true } }).outputText;
        writeFileSync(join(dir, "fastStart.js"), js);
        const script = `const fastStart = require(${JSON.stringify(join(dir, "fastStart.js"))});\n${snippet}`;
        const res = spawnSync(process.execPath, ["-e", script], { cwd: ROOT, encoding: "utf8" });
        assert.equal(res.status, 0, res.stderr);
        return res.stdout.trim();
    }

    it("loads the SDK without the TypeScript compiler or npm's arborist", () => {
        const out = afterFastStart(`
            require("@pulumi/pulumi");
            const loaded = Object.keys(require.cache);
            const arboristFiles = loaded.filter((k) => /@npmcli[\\\\/]arborist[\\\\/]lib[\\\\/]arborist[\\\\/]/.test(k)).length;
            console.log(JSON.stringify([[...fastStart.loadedSince], arboristFiles]));
        `);
        assert.equal(out, "[[],0]");
    });

    it("still hands over the real modules the moment they are used", () => {
        const out = afterFastStart(`
            const ts = require("typescript");
            const { Arborist } = require("@npmcli/arborist");
            console.log(typeof ts.createSourceFile, typeof Arborist, typeof ts.version, [...fastStart.loadedSince].sort().join(","));
        `);
        assert.equal(out, "function function string @npmcli/arborist,typescript");
    });

    describe("identity store lookups, as the provider's data sources answer them", () => {
        const STORE = "d-1234567890";
        const byName = (path: string, value: string) => ({ uniqueAttribute: { attributePath: path, attributeValue: value } });
        /** The error a program fails the plan with. */
        const failure = (cloud: Parameters<typeof plan>[0]["cloud"], program: () => Promise<unknown>) =>
            plan({ config: {}, cloud, program: async () => (await program(), {}) }).then(
                () => assert.fail("expected the lookup to fail"),
                (e: Error) => e,
            );

        it("finds a synced group by display name: its id, the group's attributes, and an id equal to the group id", async () => {
            let found: aws.identitystore.GetGroupResult | undefined;
            const p = await plan({
                config: {},
                cloud: { externalGroups: ["Engineering"] },
                program: async () => {
                    found = await aws.identitystore.getGroup({ identityStoreId: STORE, alternateIdentifier: byName("displayName", "Engineering") });
                    return {};
                },
            });
            assert.match(found!.groupId, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
            assert.equal(found!.id, found!.groupId);
            assert.deepEqual([found!.displayName, found!.identityStoreId], ["Engineering", STORE]);
            assert.equal(p.invocations[0].outputs?.groupId, found!.groupId, "the plan records what the lookup answered");
        });

        it("finds a synced user by user name", async () => {
            let found: aws.identitystore.GetUserResult | undefined;
            await plan({
                config: {},
                cloud: { externalUsers: ["jane@corp.example"] },
                program: async () => {
                    found = await aws.identitystore.getUser({ identityStoreId: STORE, alternateIdentifier: byName("userName", "jane@corp.example") });
                    return {};
                },
            });
            assert.deepEqual([found!.userName, found!.id], ["jane@corp.example", found!.userId]);
        });

        it("fails a name the store does not have as a real preview does: ResourceNotFoundException, wrapped by the provider and the engine", async () => {
            const error = await failure({ externalGroups: ["Sales"] }, () =>
                aws.identitystore.getGroup({ identityStoreId: STORE, alternateIdentifier: byName("displayName", "Engineering") }),
            );
            assert.match(
                error.message,
                /^invocation of aws:identitystore\/getGroup:getGroup returned an error: invoking aws:identitystore\/getGroup:getGroup: 1 error occurred:\n\t\* reading IdentityStore Group \(d-1234567890\): operation error identitystore: GetGroupId, .*ResourceNotFoundException/,
            );
        });

        it("refuses a lookup by an attribute the API does not allow", async () => {
            const error = await failure({ externalUsers: ["jane"] }, () =>
                aws.identitystore.getUser({ identityStoreId: STORE, alternateIdentifier: byName("displayName", "jane") }),
            );
            assert.match(error.message, /ValidationException/);
        });
    });
});

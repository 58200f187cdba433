/**
 * Every command line tool writes its whole output through a pipe, and says nothing when the reader
 * goes away early (plan/output.ts): the built tools, spawned by a shell whose `|` is a real pipe.
 */
import { strict as assert } from "assert";
import { spawn, spawnSync } from "child_process";
import { EventEmitter } from "events";
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { main as adoptMain } from "../estate/adopt";
import { main as planMain } from "../plan/cli";
import { READER_GONE, StreamWriter, finish } from "../plan/output";
import { syntheticStack } from "../scripts/bench";
import { FakeAws, FakeEstate, useEndpoint } from "./fakeAws";
import { tutorialEstate } from "./estates";
import { ROOT } from "./harness";

/** What a shell pipeline left: the first command's exit status and stderr, and what the reader kept. */
interface Piped {
    status: number;
    stderr: string;
    read: string;
}

describe("output through a pipe", function () {
    // Builds the tools once and plans a 300-user stack a few times, in fresh processes.
    this.timeout(180_000);
    const dir = mkdtempSync(join(tmpdir(), "landing-zone-output-"));
    const stack = join(dir, "Pulumi.people300.yaml");

    before(() => {
        const build = spawnSync(process.execPath, [join(ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", join(ROOT, "tsconfig.build.json")], { cwd: ROOT, encoding: "utf8" });
        assert.equal(build.status, 0, build.stdout + build.stderr);
        writeFileSync(stack, syntheticStack({ users: 300, accounts: 5 }));
    });
    after(() => rmSync(dir, { recursive: true, force: true }));

    /**
     * `{ node <tool> ARGS 2>err; echo $? >status; } | READER`, run by /bin/sh without blocking this
     * process (the fake AWS endpoint answers from it). `reader` is a shell command.
     */
    function pipeline(tool: string, args: string[], reader: string, env: NodeJS.ProcessEnv = process.env): Promise<Piped> {
        const q = (s: string) => `'${s.replace(/'/g, "'\\''")}'`;
        const run = mkdtempSync(join(dir, "run-"));
        const command = [process.execPath, "--stack-trace-limit=0", join(ROOT, "bin", tool), ...args].map(q).join(" ");
        const script = `{ ${command} 2>${q(join(run, "err"))}; echo $? >${q(join(run, "status"))}; } | ${reader} >${q(join(run, "read"))}`;
        return new Promise((resolve, reject) => {
            const sh = spawn("/bin/sh", ["-c", script], { cwd: ROOT, env, stdio: "inherit" });
            sh.on("error", reject);
            sh.on("exit", () => {
                const text = (f: string) => readFileSync(join(run, f), "utf8");
                resolve({ status: Number(text("status")), stderr: text("err"), read: text("read") });
            });
        });
    }

    /** Reads nothing for a second (the pipe fills and the writer must wait), then everything. */
    const SLOW_READER = "{ sleep 1; cat; }";
    /** Takes 100 bytes and goes away. */
    const EARLY_CLOSER = "head -c 100";

    it("gives a slow reader the whole JSON plan of a 300-user stack, far over a pipe's 64 KiB, exit 0", async () => {
        const r = await pipeline("plan/main.js", [stack, "--json"], SLOW_READER);
        assert.equal(r.stderr, "");
        assert.equal(r.status, 0);
        assert.ok(r.read.length > 500_000, `only ${r.read.length} bytes`);
        const plan = JSON.parse(r.read) as { resources: { type: string }[]; access: { user: string }[] };
        assert.equal(plan.resources.filter((x) => x.type === "aws:identitystore/user:User").length, 300);
        assert.equal(new Set(plan.access.map((a) => a.user)).size, 300);
    });

    it("gives a slow reader the whole text plan, as the plan prints it in this process", async () => {
        const r = await pipeline("plan/main.js", [stack], SLOW_READER);
        assert.equal(r.status, 0, r.stderr);
        assert.ok(r.read.length > 65_536, `only ${r.read.length} bytes`);
        let printed = "";
        assert.equal(await planMain([stack], (s) => void (printed += s)), 0);
        assert.equal(r.read, printed);
    });

    it("exits 141 with nothing on stderr when the reader takes 100 bytes and goes away", async () => {
        const r = await pipeline("plan/main.js", [stack, "--json"], EARLY_CLOSER);
        assert.deepEqual({ status: r.status, stderr: r.stderr, read: r.read.length }, { status: READER_GONE, stderr: "", read: 100 });
    });

    describe("npm run adopt --out -, against the fake AWS endpoint", () => {
        let fake: FakeAws;
        let restore: () => void;
        let endpoint: string;

        /** The tutorial estate with `n` more people, each in the developers' group. */
        function crowdedEstate(n: number): FakeEstate {
            const estate = tutorialEstate();
            const group = estate.groups[0].GroupId;
            for (let i = 0; i < n; i++) {
                const id = `c4e8f4a8-9001-70c6-2f41-${String(i).padStart(12, "0")}`;
                estate.users.push({ UserId: id, UserName: `person${i}`, Name: { GivenName: "Person", FamilyName: `Number ${i}` }, Emails: [{ Value: `person${i}@example.com`, Primary: true }] });
                estate.memberships.push({ MembershipId: `a1b2c3d4-9001-70c6-2f41-${String(i).padStart(12, "0")}`, GroupId: group, UserId: id });
            }
            return estate;
        }

        beforeEach(async () => {
            fake = new FakeAws(crowdedEstate(500));
            endpoint = await fake.start();
            restore = useEndpoint(endpoint);
        });
        afterEach(async () => {
            restore();
            await fake.stop();
            assert.deepEqual(fake.writes(), [], "the fake saw a write");
        });

        it("gives a slow reader the whole stack file of an estate of five hundred people", async () => {
            const r = await pipeline("estate/adoptMain.js", ["--stack", "crowd", "--out", "-"], SLOW_READER, process.env);
            assert.equal(r.status, 0, r.stderr);
            assert.ok(r.read.length > 65_536, `only ${r.read.length} bytes`);
            assert.match(r.read, /person499:/);
            let printed = "";
            assert.equal(await adoptMain(["--stack", "crowd", "--out", "-"], (s) => void (printed += s), () => undefined), 0);
            assert.equal(r.read, printed);
        });

        it("exits 141 with nothing on stderr when the reader goes away", async () => {
            const r = await pipeline("estate/adoptMain.js", ["--stack", "crowd", "--out", "-"], EARLY_CLOSER, process.env);
            assert.deepEqual({ status: r.status, stderr: r.stderr }, { status: READER_GONE, stderr: "" });
        });
    });
});

describe("the shared writer", () => {
    /** A stream that takes writes into `taken` and completes them when told, or fails them. */
    class FakeStream extends EventEmitter {
        readonly taken: string[] = [];
        private readonly pending: ((e?: Error | null) => void)[] = [];
        write(chunk: string, callback: (error?: Error | null) => void): boolean {
            this.taken.push(chunk);
            this.pending.push(callback);
            return false;
        }
        complete(): void {
            for (const cb of this.pending.splice(0)) cb();
        }
        fail(code: string): void {
            const e = Object.assign(new Error(`write ${code}`), { code });
            for (const cb of this.pending.splice(0)) cb(e);
            this.emit("error", e);
        }
    }

    it("returns the command's code only once everything written has been taken", async () => {
        const stdout = new FakeStream();
        const stderr = new FakeStream();
        let settled = false;
        const done = finish(async (_, out) => (out("plan\n"), 3), [], new StreamWriter(stdout), new StreamWriter(stderr)).then((code) => ((settled = true), code));
        await new Promise((r) => setImmediate(r));
        assert.equal(settled, false, "finished while stdout still held the plan");
        stdout.complete();
        await new Promise((r) => setImmediate(r));
        assert.equal(settled, false, "finished before the flush was confirmed");
        stdout.complete();
        stderr.complete();
        assert.equal(await done, 3);
        assert.deepEqual(stdout.taken, ["plan\n", ""]);
    });

    it("stops writing and exits 141 when the reader goes away, with nothing on stderr", async () => {
        const stdout = new FakeStream();
        const stderr = new FakeStream();
        const done = finish(
            async (_, out) => {
                out("first");
                stdout.fail("EPIPE");
                out("second");
                return 0;
            },
            [],
            new StreamWriter(stdout),
            new StreamWriter(stderr),
        );
        await new Promise((r) => setImmediate(r));
        stderr.complete();
        assert.equal(await done, READER_GONE);
        assert.deepEqual(stdout.taken, ["first"]);
        assert.deepEqual(stderr.taken, [""]);
    });

    it("exits 1 and says why on stderr when stdout fails otherwise", async () => {
        const stdout = new FakeStream();
        const stderr = new FakeStream();
        const stderrWriter = new StreamWriter(stderr);
        const done = finish(async (_, out) => (out("x"), stdout.fail("ENOSPC"), 0), [], new StreamWriter(stdout), stderrWriter);
        for (let i = 0; i < 3; i++) {
            await new Promise((r) => setImmediate(r));
            stderr.complete();
        }
        assert.equal(await done, 1);
        assert.deepEqual(stderr.taken.filter(Boolean), ["could not write the output: write ENOSPC\n"]);
    });

    it("shows a command that throws as a failure, exit 1", async () => {
        const stdout = new FakeStream();
        const stderr = new FakeStream();
        const done = finish(
            async () => {
                throw new Error("a bug");
            },
            [],
            new StreamWriter(stdout),
            new StreamWriter(stderr),
        );
        await new Promise((r) => setImmediate(r));
        stdout.complete();
        stderr.complete();
        assert.equal(await done, 1);
        assert.match(stderr.taken[0], /^Error: a bug\n/);
    });

    it("is how every command line tool runs, and none exits by itself", () => {
        const sources = ["plan", "estate", "scripts"].flatMap((folder) => readdirSync(join(ROOT, folder)).filter((f) => f.endsWith(".ts")).map((f) => `${folder}/${f}`));
        const text = (f: string) => readFileSync(join(ROOT, f), "utf8");
        // The catalogue generators, run by hand with ts-node, print a line per file they write.
        const generators = ["scripts/refreshCatalogues.ts", "scripts/awsNukeResourceTypes.ts", "scripts/schema.ts", "scripts/serviceEndpoints.ts"];
        const entries = sources.filter((f) => !generators.includes(f) && (/Main\.ts$|^plan\/main\.ts$/.test(f) || text(f).includes("require.main === module")));
        assert.deepEqual(entries.sort(), ["estate/adoptMain.ts", "estate/auditMain.ts", "plan/main.ts", "scripts/awsConfigMain.ts", "scripts/bench.ts"]);
        for (const f of entries) assert.match(text(f), /runCommand\(/, `${f} does not run through plan/output.ts`);
        assert.deepEqual(
            sources.filter((f) => f !== "plan/output.ts" && !generators.includes(f) && text(f).includes("process.exit(")),
            [],
        );
    });
});

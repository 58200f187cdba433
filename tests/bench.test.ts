/**
 * `npm run bench` as a tool: BENCH_SIZES takes the labels the README shows, each size's row is
 * printed as it finishes, and the temporary folders are removed, interrupted or not.
 */
import { strict as assert } from "assert";
import { spawn, spawnSync } from "child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { SIZES, selectSizes, sizeLabel } from "../scripts/bench";
import { ROOT } from "./harness";

describe("npm run bench", () => {
    describe("BENCH_SIZES", () => {
        const readme = readFileSync(join(ROOT, "README.md"), "utf8");

        it("takes every BENCH_SIZES value the README shows", () => {
            const values = [...readme.matchAll(/BENCH_SIZES="([^"]*)"/g)].map((m) => m[1]);
            assert.ok(values.length >= 2);
            for (const value of values) assert.ok(selectSizes(value).length >= 1, value);
            assert.deepEqual(selectSizes("5000 ext/100/40").map(sizeLabel), ["5000 ext/100/40"]);
        });

        it("takes every size label of the README's tables, with or without the group count", () => {
            const rows = [...readme.matchAll(/^ +(\d+(?: ext)?\/\d+(?:\/\d+)?) +\d+ +\d+ /gm)].map((m) => m[1]);
            assert.ok(rows.length >= 7, rows.join(" "));
            for (const label of rows) assert.equal(selectSizes(label).length, 1, label);
            assert.deepEqual(selectSizes("10/5").map(sizeLabel), ["10/5/3"]);
            assert.deepEqual(selectSizes(" 500/50 ,  5000  ext/100/40 ").map(sizeLabel), ["500/50/10", "5000 ext/100/40"]);
        });

        it("is every size when unset or empty, in the bench's order", () => {
            assert.deepEqual(selectSizes(undefined), [...SIZES]);
            assert.deepEqual(selectSizes(" , "), [...SIZES]);
        });

        it("refuses a label that is no size, naming the sizes there are, instead of measuring nothing", () => {
            assert.throws(() => selectSizes("10/5,42/7"), /^Error: BENCH_SIZES: "42\/7" is not a size; the sizes are 10\/5\/3, 100\/20\/4, 500\/50\/10, 40\/100\/40, 5000\/100\/40, 5000 ext\/100\/40, 500 until\/50\/10 \(comma-separated\)$/);
            // A size with its own group count is named with it.
            assert.throws(() => selectSizes("40/100"), /"40\/100" is not a size/);
        });
    });

    describe("a run", function () {
        this.timeout(240_000);
        let build: string;
        let temp: string;
        before(() => {
            // The bench runs compiled JavaScript in child processes: build it inside the project, so
            // that its packages resolve, and remove it after.
            build = mkdtempSync(join(ROOT, ".bench-test-"));
            const tsc = spawnSync(process.execPath, [join(ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", join(ROOT, "tsconfig.build.json"), "--outDir", build], { encoding: "utf8" });
            assert.equal(tsc.status, 0, tsc.stdout + tsc.stderr);
        });
        beforeEach(() => (temp = mkdtempSync(join(tmpdir(), "bench-tmp-"))));
        afterEach(() => rmSync(temp, { recursive: true, force: true }));
        after(() => rmSync(build, { recursive: true, force: true }));

        /** The bench's own temporary folders (the compile cache of plan/fastStart.ts is meant to stay). */
        const benchFolders = () => readdirSync(temp).filter((f) => f.startsWith("landing-zone-bench-"));

        /** Start the bench on `sizes`, its temporary folders in `temp`; resolves with each stdout chunk's arrival. */
        function start(sizes: string, onLine: (line: string, stop: () => void) => void) {
            const child = spawn(process.execPath, [join(build, "scripts", "bench.js")], {
                env: { ...process.env, TMPDIR: temp, BENCH_SIZES: sizes, BENCH_REPEATS: "1" },
                detached: true,
            });
            let buffer = "";
            // SIGTERM to the whole group, as a terminal sends Ctrl-C's SIGINT (which a background test run may have ignored).
            const stop = () => process.kill(-child.pid!, "SIGTERM");
            child.stdout.on("data", (chunk) => {
                buffer += chunk;
                const lines = buffer.split("\n");
                buffer = lines.pop()!;
                for (const line of lines) onLine(line, stop);
            });
            let stderr = "";
            child.stderr.on("data", (chunk) => (stderr += chunk));
            return new Promise<{ code: number | null; signal: string | null; stderr: string }>((resolve) => child.on("close", (code, signal) => resolve({ code, signal, stderr })));
        }

        it("prints a size's row as soon as it is measured, and leaves no temporary folder when stopped in the next", async () => {
            const lines: string[] = [];
            let interrupted = false;
            const end = await start("10/5,100/20", (line, stop) => {
                lines.push(line);
                // The first size's row, while the second is being measured: interrupt, as a person would.
                if (/^ +10\/5\/3 +74 +74 /.test(line) && !interrupted) {
                    interrupted = true;
                    stop();
                }
            });
            assert.ok(interrupted, `the first row came out before the run ended:\n${lines.join("\n")}\n${end.stderr}`);
            assert.match(lines.join("\n"), /^people\/accounts\/groups +resources +minimum +program ms/m);
            assert.ok(!lines.some((l) => /100\/20\/4/.test(l)), `the second size was interrupted:\n${lines.join("\n")}\n${end.stderr}\n${end.code} ${end.signal}`);
            assert.notEqual(end.code, 0);
            assert.deepEqual(benchFolders(), [], "no temporary folder is left");
        });

        it("removes its temporary folder when it ends, after the targets line", async () => {
            const lines: string[] = [];
            const end = await start("10/5", (line) => lines.push(line));
            assert.equal(end.code, 0, end.stderr);
            assert.match(lines.join("\n"), /\n +10\/5\/3 +74 +74 +\d+ +\d+ +[\d.]+ .*\n\ntargets: /);
            assert.deepEqual(benchFolders(), []);
        });
    });
});

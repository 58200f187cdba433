/**
 * A fake `aws-nuke` v3 for tests/nukeScript.test.ts, rebuilt from the real tool's source: aws-nuke
 * v3.64.3 (github.com/ekristen/aws-nuke, commit fd1d702d) on libnuke v1.3.0 (github.com/ekristen/libnuke)
 * and urfave/cli v3.6.2. Each rule it enforces names where the real tool does it. What it does not
 * model: the AWS calls themselves. Each `run` plays a scenario: the resources its scan finds, with the
 * state a filter or the resource itself gives them and what happens when they are removed.
 *
 * It is written to a file and run by node (its path in the shebang), with FAKE_DIR naming a directory
 * holding `runs.json` (one Scenario a `run` call, in order) and receiving `calls.jsonl`.
 */

/** One resource the scan finds. */
export interface FakeResource {
    readonly region: string;
    readonly type: string;
    /** Its String(); absent for resources without one (logged as logrus text lines). */
    readonly name?: string;
    readonly props?: Readonly<Record<string, string>>;
    /** Filtered, with this reason: "filtered by config" (a filter) or the resource's own ("cannot delete SSO roles"). */
    readonly filtered?: string;
    /** Every removal fails with this error (an organisation trail in a member account, say). */
    readonly fails?: string;
    /** Removal is accepted but the resource never goes away. */
    readonly stuck?: boolean;
}

export interface FakeRun {
    readonly resources?: readonly FakeResource[];
    /** The account checks refuse (no alias, blocklisted, ...): this error, after the version line. */
    readonly refuse?: string;
}

export const FAKE_VERSION = "v3.64.3";
export const FAKE_COMMIT = "fd1d702d1f21252efe724393a7946d85d5298e9f";

/** The program of the fake, as JavaScript text (it runs outside the test process). */
export function fakeAwsNukeProgram(node: string): string {
    return `#!${node}
"use strict";
const fs = require("fs");
const path = require("path");
const dir = process.env.FAKE_DIR;
const argv = process.argv.slice(2);
const out = (line) => process.stdout.write(line + "\\n");
const record = (extra) => fs.appendFileSync(path.join(dir, "calls.jsonl"), JSON.stringify({ args: argv, env: pick(process.env), ...extra }) + "\\n");
function pick(env) {
    const keys = ["AWS_PROFILE", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "LOGLEVEL", "AWS_NUKE_LOG_LEVEL",
        "AWS_NUKE_LOG_FORMAT", "AWS_NUKE_LOG_FORMAT_JSON", "AWS_NUKE_RUN_SLEEP_DELAY", "AWS_ASSUME_ROLE_SESSION_NAME", "AWS_ASSUME_ROLE_EXTERNAL_ID"];
    return Object.fromEntries(keys.filter((k) => env[k] !== undefined).map((k) => [k, env[k]]));
}
// main.go: an error from the command is logrus.Fatal(err): a logrus text line, exit 1. Not a
// terminal, so no colours and a full timestamp (logrus TextFormatter); msg quoted when it has spaces.
function fatal(msg) {
    out('time="2026-11-23T10:00:00Z" level=fatal msg=' + (/^[\\w.\\/-]+$/.test(msg) ? msg : JSON.stringify(msg)));
    process.exit(1);
}

// pkg/commands/version/version.go: \`aws-nuke version <SUMMARY>\`; .goreleaser.yml sets SUMMARY to v{{.Version}}.
if (argv[0] === "version") { record({}); out("aws-nuke version ${FAKE_VERSION}"); process.exit(0); }
// pkg/commands/nuke/nuke.go registers "run" (alias "nuke"); main.go CommandNotFound is fatal.
if (argv[0] !== "run" && argv[0] !== "nuke") fatal("Command " + argv[0] + " not found.");

// The flags of pkg/commands/nuke/nuke.go and pkg/commands/global/global.go (aliases included).
const STRING = ["config", "c", "include", "target", "exclude", "exclude-resource", "cloud-control", "prompt-delay", "force-sleep",
    "max-wait-retries", "run-sleep-delay", "feature-flag", "default-region", "access-key-id", "secret-access-key", "session-token",
    "profile", "assume-role-arn", "assume-role-session-name", "assume-role-external-id", "parallel-queries", "max-queue-size",
    "log-level", "l", "log-format"];
const BOOL = ["quiet", "q", "no-dry-run", "no-prompt", "force", "no-alias-check", "log-caller", "log-disable-colors",
    "log-disable-color", "log-force-colors", "log-full-timestamp", "json"];
const ALIAS = { c: "config", target: "include", "exclude-resource": "exclude", "force-sleep": "prompt-delay", q: "quiet", force: "no-prompt", l: "log-level", "log-disable-color": "log-disable-colors" };
const flags = {};
for (let i = 1; i < argv.length; i++) {
    const name = argv[i].replace(/^--?/, "");
    const key = ALIAS[name] || name;
    if (STRING.includes(name)) {
        // urfave/cli v3.6.2 command_parse.go: "flag needs an argument: "
        if (i + 1 >= argv.length) { record({}); fatal("flag needs an argument: " + argv[i]); }
        flags[key] = argv[++i];
    } else if (BOOL.includes(name)) {
        flags[key] = "true";
    } else {
        // urfave/cli v3.6.2 command_parse.go: unknown flags are refused.
        record({});
        fatal("flag provided but not defined: -" + name);
    }
}
// A flag's value comes from the command line, else from the first of its EnvVars that is set.
const env = (...names) => names.map((n) => process.env[n]).find((v) => v !== undefined);
const value = (key, envs, dflt) => flags[key] !== undefined ? flags[key] : env(...envs) !== undefined ? env(...envs) : dflt;

// nuke.go --config (default config.yaml) has Action common.CheckFilePath: os.Stat.
const config = value("config", [], "config.yaml");
const read = fs.existsSync(config) && fs.statSync(config).isFile() ? fs.readFileSync(config, "utf8") : undefined;
const promptDelay = Number(value("prompt-delay", [], "10"));
const maxWait = Number(value("max-wait-retries", [], "0"));
const profile = value("profile", ["AWS_PROFILE"], "");
const keys = [value("access-key-id", ["AWS_ACCESS_KEY_ID"], ""), value("secret-access-key", ["AWS_SECRET_ACCESS_KEY"], ""), value("session-token", ["AWS_SESSION_TOKEN"], "")];
// global.go Before: --json (or AWS_NUKE_LOG_FORMAT_JSON) sets the format to json whatever --log-format says.
const json = value("json", ["AWS_NUKE_LOG_FORMAT_JSON"], "false") === "true";
const format = json ? "json" : value("log-format", ["AWS_NUKE_LOG_FORMAT"], "standard");
const level = value("log-level", ["LOGLEVEL", "AWS_NUKE_LOG_LEVEL"], "info");
const n = fs.readdirSync(dir).filter((f) => f.startsWith("run-")).length;
fs.writeFileSync(path.join(dir, "run-" + (n + 1)), "");
record({ config: read, promptDelay, maxWait, format, level });
if (read === undefined) fatal("stat " + config + ": no such file or directory");

// pkg/awsutil/session.go Credentials.Validate, first thing in nuke.go execute.
if (profile.trim() !== "" && keys.some((k) => k.trim() !== "")) {
    fatal("specify either the --profile flag or --access-key-id with --secret-access-key and optionally --session-token, but not both");
}
const scenario = (JSON.parse(fs.readFileSync(path.join(dir, "runs.json"), "utf8"))[n]) || {};
const quietInfo = ["warn", "warning", "error", "fatal", "panic"].includes(level);
// libnuke pkg/log/formatter.go: println lines are the bare message; resource lines
// "<owner> - <type> - <name> - [k: \\"v\\", ...] - <state message>"; json prints logrus JSON instead.
function info(msg) {
    if (quietInfo) return;
    out(format === "json" ? JSON.stringify({ level: "info", msg, time: "2026-11-23T10:00:00Z" }) : msg);
}
const MESSAGE = { new: "would remove", pending: "triggered remove", waiting: "waiting for removal", failed: "failed", finished: "removed" };
function print(item) {
    if (quietInfo) return;
    const msg = item.state === "filtered" ? "filtered: " + item.filtered : MESSAGE[item.state];
    const props = Object.entries(item.props || {}).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => k + ": " + JSON.stringify(v));
    if (format === "json") {
        out(JSON.stringify({ level: "info", msg, owner: item.region, type: item.type, name: item.name, state: item.state }));
    } else if (item.name === undefined) {
        // No String(): the CustomFormatter falls back to logrus' TextFormatter.
        out('time="2026-11-23T10:00:00Z" level=info msg=' + JSON.stringify(msg) + " owner=" + item.region + " state=" + item.state + " type=" + item.type);
    } else {
        out(item.region + " - " + item.type + " - " + item.name + " - [" + props.join(", ") + "] - " + msg);
    }
}

// libnuke pkg/nuke/nuke.go Run: the version line first, then Validate, Prompt, Scan.
info("aws-nuke - ${FAKE_VERSION} - ${FAKE_COMMIT}");
// nuke.go Validate: ForceSleep (--prompt-delay) below 3 is refused.
if (promptDelay < 3) fatal("value for --force-sleep cannot be less than 3 seconds. This is for your own protection");
if (scenario.refuse) fatal(scenario.refuse);
// pkg/nuke/prompt.go: with --no-prompt it logs and sleeps --prompt-delay (not slept here); without,
// it asks for the alias on stdin, and nothing answers here.
function prompt() {
    if (flags["no-prompt"] !== "true") fatal("aborted");
    info("no-prompt flag set, continuing without prompting user");
    info("waiting " + promptDelay + "s before continuing");
    fs.appendFileSync(path.join(dir, "sleeps"), promptDelay + "\\n");
}
prompt();
info("starting scan for resources");
const items = (scenario.resources || []).map((r) => ({ ...r, state: r.filtered ? "filtered" : "new" }));
items.forEach(print);
const count = (...states) => items.filter((i) => states.includes(i.state)).length;
info("Scan complete: " + items.length + " total, " + count("new") + " nukeable, " + count("filtered") + " filtered.");
if (count("new") === 0) { info("No resource to delete."); process.exit(0); }
if (flags["no-dry-run"] !== "true") {
    info("The above resources would be deleted with the supplied configuration. Provide --no-dry-run to actually destroy resources.");
    process.exit(0);
}
prompt();
// nuke.go run/HandleQueue/handleFailure/handleWaiting, one round a loop (without the sleep).
let failedRounds = 0;
let waitingRounds = 0;
let rounds = 0;
for (;;) {
    for (const item of items) {
        if (item.state === "new" || item.state === "failed") {
            item.state = item.fails ? "failed" : "pending";
        } else if (item.state === "pending") {
            item.state = "waiting"; // HandleQueue sets Waiting after HandleWait, whatever HandleWait found
        } else if (item.state === "waiting") {
            if (!item.stuck) item.state = "finished";
        } else {
            continue;
        }
        print(item);
    }
    info("Removal requested: " + count("waiting", "pending") + " waiting, " + count("failed") + " failed, " + count("filtered") + " skipped, " + count("finished") + " finished\\n");
    if (count("new", "pending", "waiting") === 0 && count("failed") > 0) {
        if (failedRounds >= 2) {
            info("There are resources in failed state, but none are ready for deletion, anymore.");
            for (const item of items.filter((i) => i.state === "failed")) { print(item); info(item.fails); }
            fatal("failed");
        }
        failedRounds++;
    } else {
        failedRounds = 0;
    }
    if (maxWait > 0) {
        if (count("pending", "waiting") > 0 && count("new") === 0) {
            if (waitingRounds >= maxWait) fatal("max wait retries of " + maxWait + " exceeded");
            waitingRounds++;
        } else {
            waitingRounds = 0;
        }
    }
    if (count("new", "pending", "failed", "waiting") === 0) break;
    // maxWait 0 waits forever: the fake stops after many rounds, so a test cannot hang.
    if (++rounds > 10000) fatal("fake: still waiting after 10000 rounds (aws-nuke would wait forever)");
}
info("Nuke complete: " + count("failed") + " failed, " + count("filtered") + " skipped, " + count("finished") + " finished.\\n");
`;
}

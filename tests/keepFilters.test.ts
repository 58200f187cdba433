/**
 * sandbox.nuke.keep checked against what aws-nuke prints (config/sandbox/keepFilters.ts), and the claims it
 * rests on tried on the libnuke-following filter engine (tests/awsNukeFilters.ts): what is refused as
 * keeping nothing keeps nothing there, what is refused as keeping everything keeps everything there,
 * and the forms the messages offer keep what was meant.
 */
import { strict as assert } from "assert";
import { AWS_NUKE_RESOURCES, AWS_NUKE_RESOURCES_SOURCE } from "../config/sandbox/awsNukeResources";
import { AWS_NUKE_COMMIT, AWS_NUKE_RESOURCE_TYPES, AWS_NUKE_VERSION } from "../config/sandbox/awsNukeResourceTypes";
import { ANALYSED_LENGTH, checkKeep } from "../config/sandbox/keepFilters";
import { ConfigError, parseConfig } from "../config/load";
import { generateNukeConfig } from "../config/sandbox/nuke";
import type { NukeFilter } from "../config/sandbox/nuke";
import { displayTemplate, readProperties, readStructs } from "../scripts/awsNukeResourceTypes";
import { Resource, accountFilters, kept, resourceOf } from "./awsNukeFilters";

const SANDBOX = "333333333333";
const STATE = "tf-state-123456789012";

/** The stack config of tests/config.test.ts, trimmed to what a sandbox needs. */
function stack(keep: unknown): Record<string, unknown> {
    return {
        organization: { id: "o-a1b2c3d4e5", enabledPolicyTypes: ["SERVICE_CONTROL_POLICY"] },
        organizationalUnits: ["Sandbox"],
        accounts: {
            root: { name: "Root", email: "owner@example.org", management: true },
            sandbox: { name: "Sandbox", email: "owner+sandbox@example.org", ou: "Sandbox", id: SANDBOX },
        },
        permissionSets: { AdministratorAccess: { description: "Admin", managedPolicies: ["AdministratorAccess"] } },
        groups: {},
        users: {},
        sandbox: { account: "sandbox", nuke: { regions: ["global", "eu-central-1"], keep } },
    };
}

/** The problems parseConfig refuses a keep map with (none: []). */
function refusals(keep: unknown): string[] {
    try {
        parseConfig(stack(keep), "eu-central-1");
        return [];
    } catch (err) {
        if (err instanceof ConfigError) return [...err.problems];
        throw err;
    }
}

/** The filters aws-nuke would read from the config generated for a keep map that validates. */
function generatedFilters(keep: unknown): Record<string, NukeFilter[]> {
    const config = parseConfig(stack(keep), "eu-central-1");
    const yaml = generateNukeConfig({
        sandbox: "sandbox",
        accountIds: { root: "111111111111", sandbox: SANDBOX },
        managementAccountId: "111111111111",
        regions: config.sandbox!.nuke.regions,
        cdkQualifier: config.sandbox!.nuke.cdkQualifier,
        keep: config.sandbox!.nuke.keep,
    });
    return accountFilters(yaml, SANDBOX) as Record<string, NukeFilter[]>;
}

const bucket = (name: string) => resourceOf("S3Bucket", { Name: name });
const role = (name: string) => resourceOf("IAMRole", { Name: name, Path: "/" });

describe("sandbox.nuke.keep against what aws-nuke prints", () => {
    describe("what the issue's bad forms become", () => {
        const cases: [string, unknown, string][] = [
            [
                "the bucket's name as the console shows it",
                STATE,
                `sandbox.nuke.keep.S3Bucket[0]: can never match: S3Bucket prints s3://<Name>, and {type: exact, value: "${STATE}"} matches none of them; write "s3://${STATE}", or {type: exact, property: Name, value: "${STATE}"}`,
            ],
            [
                "a glob on the plain name",
                { type: "glob", value: "tf-state-*" },
                `sandbox.nuke.keep.S3Bucket[0]: can never match: S3Bucket prints s3://<Name>, and {type: glob, value: "tf-state-*"} matches none of them; write {type: glob, value: "s3://tf-state-*"}, or {type: glob, property: Name, value: "tf-state-*"}`,
            ],
            [
                "a regex anchored on the plain name",
                { type: "regex", value: "^tf-state-" },
                `sandbox.nuke.keep.S3Bucket[0]: can never match: S3Bucket prints s3://<Name>, and {type: regex, value: "^tf-state-"} matches none of them; write {type: regex, property: Name, value: "^tf-state-"}`,
            ],
            [
                "a property in the wrong case",
                { type: "exact", property: "name", value: STATE },
                `sandbox.nuke.keep.S3Bucket[0].property: "name" is not a property of S3Bucket (aws-nuke reads it as "", which the filter never keeps: it keeps nothing): did you mean Name? S3Bucket has CreationDate, Name, ObjectLock, tag:*`,
            ],
            [
                "the API's name for the property, with no type (exact, as in libnuke)",
                { property: "BucketName", value: STATE },
                `sandbox.nuke.keep.S3Bucket[0].property: "BucketName" is not a property of S3Bucket (aws-nuke reads it as "", which the filter never keeps: it keeps nothing): did you mean Name?`,
            ],
            [
                "the API's name for the property",
                { type: "exact", property: "BucketName", value: STATE },
                `sandbox.nuke.keep.S3Bucket[0].property: "BucketName" is not a property of S3Bucket (aws-nuke reads it as "", which the filter never keeps: it keeps nothing): did you mean Name?`,
            ],
        ];
        for (const [what, filter, message] of cases) {
            it(`refuses ${what}, by path, with the form that works`, () => {
                const found = refusals({ S3Bucket: [filter] });
                assert.equal(found.length, 1, found.join("\n"));
                assert.ok(found[0].startsWith(message), `expected\n${message}\ngot\n${found[0]}`);
            });
            it(`is right to: aws-nuke's engine would delete the bucket under ${what}`, () => {
                assert.equal(kept({ S3Bucket: [filter as NukeFilter] }, bucket(STATE)), false);
            });
        }

        const right: [string, unknown][] = [
            ["the display string", `s3://${STATE}`],
            ["an exact Name", { type: "exact", property: "Name", value: STATE }],
            ["a Name with no type, which libnuke matches exactly", { property: "Name", value: STATE }],
            ["a glob on the display string", { type: "glob", value: "s3://tf-state-*" }],
            ["a glob on Name", { type: "glob", property: "Name", value: "tf-state-*" }],
            ["a regex on Name", { type: "regex", property: "Name", value: "^tf-state-" }],
            ["a regex on the display string", { type: "regex", value: "^s3://tf-state-" }],
        ];
        for (const [what, filter] of right) {
            it(`takes ${what}, and the generated config keeps the bucket and its objects but not a scratch bucket`, () => {
                const f = generatedFilters({ S3Bucket: [filter], S3Object: [{ type: "glob", property: "Bucket", value: "tf-state-*" }] });
                assert.equal(kept(f, bucket(STATE)), true);
                assert.equal(kept(f, resourceOf("S3Object", { Bucket: STATE, Key: "env/prod.tfstate" })), true);
                assert.equal(kept(f, bucket("scratch")), false);
            });
        }
    });

    describe("filters that would keep everything of their type", () => {
        const cases: [string, string, unknown, Resource[]][] = [
            ["a regex .*", "S3Bucket", { type: "regex", value: ".*" }, [bucket("a"), bucket(STATE)]],
            ["a regex ^.*$", "IAMRole", { type: "regex", value: "^.*$" }, [role("a"), role("app-role")]],
            ["a regex that matches the empty string", "IAMRole", { type: "regex", value: "x*" }, [role("a"), role("app-role")]],
            ["a glob *", "IAMRole", { type: "glob", value: "*" }, [role("a"), role("app-role")]],
            ["a glob **", "IAMRole", { type: "glob", value: "**" }, [role("a"), role("app-role")]],
            ["a glob s3://*", "S3Bucket", { type: "glob", value: "s3://*" }, [bucket("a"), bucket(STATE)]],
            ["a glob * -> * on attachments", "IAMRolePolicyAttachment", { type: "glob", value: "* -> *" }, [resourceOf("IAMRolePolicyAttachment", { RoleName: "r", PolicyName: "p" })]],
            ["a contains of the display string's fixed text", "S3Bucket", { type: "contains", value: "s3:/" }, [bucket("a"), bucket(STATE)]],
            ["an invert of a value that never matches", "S3Bucket", { type: "exact", value: "nothing", invert: true }, [bucket("a"), bucket("nothing")]],
            ["an invert of a property that does not exist", "IAMRole", { type: "exact", property: "Nmae", value: "x", invert: true }, [role("a"), role("x")]],
            ["a regex .* on a property that does not exist (it reads as \"\")", "IAMRole", { type: "regex", property: "RoleName", value: ".*" }, [role("a"), role("x")]],
            ["a glob * on a property", "S3Bucket", { type: "glob", property: "Name", value: "*" }, [bucket("a"), bucket(STATE)]],
            // Regexes are unanchored (Go's MatchString): a literal is a contains, ^literal a prefix.
            ["a regex of the display string's fixed text", "S3Bucket", { type: "regex", value: "s3:/" }, [bucket("a"), bucket(STATE)]],
            ["a regex ^ of the display string's prefix", "S3Bucket", { type: "regex", value: "^s3://" }, [bucket("a"), bucket(STATE)]],
            ["a regex . (any one character)", "IAMRole", { type: "regex", value: "." }, [role("a"), role("app-role"), role("Z")]],
            ["a regex \\w (any letter or digit)", "IAMRole", { type: "regex", value: "\\w" }, [role("a"), role("app-role"), role("0")]],
            ["a regex [\\s\\S]", "IAMRole", { type: "regex", value: "[\\s\\S]" }, [role("a"), role("app-role")]],
            ["a regex of the arrow", "IAMRolePolicyAttachment", { type: "regex", value: " -> " }, [resourceOf("IAMRolePolicyAttachment", { RoleName: "r", PolicyName: "p" })]],
            ["a regex ^ of the repository prefix", "ECRRepository", { type: "regex", value: "^Repository: " }, [resourceOf("ECRRepository", {}, ["app"]), resourceOf("ECRRepository", {}, ["x"])]],
            ["a regex on a tag that matches \"\" (an untagged role reads as \"\")", "IAMRole", { type: "regex", property: "tag:Owner", value: "^[a-z]*$" }, [role("a"), role("app-role")]],
        ];
        for (const [what, type, filter, resources] of cases) {
            it(`refuses ${what} (${type}), saying why and offering to list names`, () => {
                const found = refusals({ [type]: [filter] });
                assert.equal(found.length, 1, found.join("\n"));
                assert.match(found[0], new RegExp(`^sandbox\\.nuke\\.keep\\.${type}\\[0\\]`));
                assert.match(found[0], /keeps? every /);
                if (found[0].includes("keeps every ")) assert.match(found[0], /list the names to keep instead, one filter each/);
            });
            it(`is right to: aws-nuke's engine keeps every ${type} under ${what}`, () => {
                for (const r of resources) assert.equal(kept({ [type]: [filter as NukeFilter] }, r), true, JSON.stringify(r));
            });
        }

        it("takes the regexes that keep some of their type: a prefix of the name, a class not every name has", () => {
            const cases: [string, unknown, Resource, Resource][] = [
                ["S3Bucket", { type: "regex", value: "^s3://tf-state-" }, bucket(STATE), bucket("scratch")],
                ["S3Bucket", { type: "regex", property: "Name", value: "^tf-state-" }, bucket(STATE), bucket("scratch")],
                ["IAMRole", { type: "regex", value: "^app-" }, role("app-role"), role("scratch")],
                ["IAMRole", { type: "regex", value: "[A-Z]" }, role("AppRole"), role("scratch")],
                ["IAMRole", { type: "regex", property: "tag:Owner", value: "^[a-z]+$" }, resourceOf("IAMRole", { Name: "r", Path: "/", "tag:Owner": "platform" }), role("scratch")],
                ["IAMRolePolicyAttachment", { type: "regex", value: "^ci-role -> " }, resourceOf("IAMRolePolicyAttachment", { RoleName: "ci-role", PolicyName: "p" }), resourceOf("IAMRolePolicyAttachment", { RoleName: "r", PolicyName: "p" })],
            ];
            for (const [type, filter, keep, scratch] of cases) {
                assert.deepEqual(refusals({ [type]: [filter] }), [], JSON.stringify(filter));
                assert.equal(kept({ [type]: [filter as NukeFilter] }, keep), true, JSON.stringify(filter));
                assert.equal(kept({ [type]: [filter as NukeFilter] }, scratch), false, JSON.stringify(filter));
            }
        });

        it("bounds the cost of trying a regex: nested quantifiers and long patterns are not tried on samples", () => {
            const started = Date.now();
            for (const value of ["(a+)+$", "(a|a)*$", "(x*)*y", "(?:.*){1000}x", `${"a*".repeat(400)}b`, "(\\w+\\s?)+$"]) checkKeep({ IAMRole: [{ type: "regex", value }] });
            assert.ok(Date.now() - started < 1_000, `${Date.now() - started} ms`);
        });

        it("offers, for a glob * on S3Bucket (which matches nothing: * does not cross /), no form that keeps every bucket", () => {
            const [problem] = refusals({ S3Bucket: [{ type: "glob", value: "*" }] });
            assert.match(problem, /can never match: .*written for s3:\/\/<Name> it would keep every S3Bucket; list the names to keep instead, one filter each \(e\.g\. "s3:\/\/NAME"\)/);
            assert.equal(kept({ S3Bucket: [{ type: "glob", value: "*" }] }, bucket("a")), false);
        });
    });

    describe("other types", () => {
        it("refuses a plain name for ECRRepository (Repository: NAME) and its missing Name property", () => {
            const found = refusals({ ECRRepository: ["app", { type: "exact", property: "Name", value: "app" }] });
            assert.deepEqual(found.map((p) => p.slice(0, p.indexOf(":"))), ["sandbox.nuke.keep.ECRRepository[0]", "sandbox.nuke.keep.ECRRepository[1].property"]);
            assert.match(found[0], /write "Repository: app"/);
            assert.match(found[1], /ECRRepository has CreatedTime, tag:\*/);
        });

        it("refuses a role name for IAMRolePolicyAttachment (ROLE -> POLICY), offering the RoleName property", () => {
            const [problem] = refusals({ IAMRolePolicyAttachment: ["ci-role"] });
            assert.match(problem, /prints <RoleName> -> <PolicyName>.*write \{type: exact, property: RoleName, value: "ci-role"\}/);
            assert.deepEqual(refusals({ IAMRolePolicyAttachment: ["ci-role -> AdministratorAccess", { type: "exact", property: "RoleName", value: "ci-role" }] }), []);
        });

        it("refuses a filter without property on a type without String() (aws-nuke skips it), naming its properties", () => {
            assert.equal(AWS_NUKE_RESOURCES.get("RAMResourceShare")?.display, undefined);
            const [problem] = refusals({ RAMResourceShare: ["share"] });
            assert.match(problem, /^sandbox\.nuke\.keep\.RAMResourceShare\[0\]: RAMResourceShare has no display string .* keeps nothing; match a property instead \(.*Name.*\), e\.g\. \{type: exact, property: Name, value: "share"\}/);
        });

        it("takes a tag of a type that has tags, and any property of a type whose properties are computed", () => {
            assert.deepEqual(refusals({ S3Bucket: [{ type: "exact", property: "tag:Owner", value: "platform" }] }), []);
            assert.equal(AWS_NUKE_RESOURCES.get("AWS::AppFlow::Flow")?.open, true);
            assert.deepEqual(refusals({ "AWS::AppFlow::Flow": [{ type: "exact", property: "FlowName", value: "x" }] }), []);
        });

        it("leaves malformed filters to the schema: one mistake, one error", () => {
            const found = refusals({ S3Bucket: [{ type: "glob", value: "state-[0-9" }, { type: "exact", value: "x", propery: "Name" }] });
            assert.equal(found.length, 2, found.join("\n"));
        });
    });

    describe("the invariant, over generated filters", () => {
        // A seeded generator: the same cases every run.
        let state = 42;
        const random = () => ((state = (state * 1103515245 + 12345) % 2 ** 31), state / 2 ** 31);
        const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
        const word = (chars: string, max: number) => Array.from({ length: 1 + Math.floor(random() * max) }, () => pick([...chars])).join("");
        const TYPES = ["S3Bucket", "IAMRole", "IAMRolePolicyAttachment", "ECRRepository"];
        const sample = (type: string, name: string): Resource =>
            type === "S3Bucket" ? bucket(name) : type === "IAMRole" ? role(name) : type === "ECRRepository" ? resourceOf("ECRRepository", {}, [name]) : resourceOf("IAMRolePolicyAttachment", { RoleName: name, PolicyName: name.split("").reverse().join("") });

        it("refuses as keeping nothing only what the engine keeps none of, and as keeping everything only what it keeps all of", () => {
            let nothing = 0;
            let everything = 0;
            for (let n = 0; n < 400; n++) {
                const type = pick(TYPES);
                const filterType = pick(["exact", "glob", "contains", "regex"] as const);
                const value = filterType === "regex" ? pick(["^a", "a$", "^s3://a", "^Repository: ", ".*", "a*", "^.+$", "-> b", "^a.*b$"]) : word(filterType === "glob" ? "ab*?-/s3:> " : "ab-/s3:> ", 6);
                const filter = { type: filterType, value, ...(random() < 0.2 && { property: pick(["Name", "RoleName", "Nom"]) }), ...(random() < 0.2 && { invert: true }) } as NukeFilter & object;
                const [problem] = checkKeep({ [type]: [filter] }).problems;
                // Names from the filter's own text and from the alphabet; none with / (role and bucket names have none).
                const names = [value.replace(/[*?^$]/g, "").replace(/\//g, "") || "a", word("ab-s3:.", 5), word("ab-", 3), "a", "b-a"];
                const resources = names.filter((x) => x !== "").map((x) => sample(type, x));
                const keptBy = resources.map((r) => kept({ [type]: [filter] }, r));
                if (problem?.includes("can never match") || problem?.includes("keeps nothing")) {
                    nothing++;
                    assert.deepEqual(keptBy, keptBy.map(() => false), `${type} ${JSON.stringify(filter)}: ${problem}`);
                } else if (problem?.includes("keeps every")) {
                    everything++;
                    assert.deepEqual(keptBy, keptBy.map(() => true), `${type} ${JSON.stringify(filter)}: ${problem}`);
                }
            }
            assert.ok(nothing > 20 && everything > 5, `the generated cases reach both refusals (${nothing}, ${everything})`);
        });
    });

    describe("S3Bucket kept without its S3Objects", () => {
        it("is what aws-nuke does: a kept bucket's objects are S3Objects of their own, deleted unless kept", () => {
            const object = resourceOf("S3Object", { Bucket: STATE, Key: "terraform.tfstate" });
            assert.equal(kept({ S3Bucket: [`s3://${STATE}`] }, bucket(STATE)), true);
            assert.equal(kept({ S3Bucket: [`s3://${STATE}`] }, object), false);
            assert.equal(kept({ S3Object: [{ property: "Bucket", type: "exact", value: STATE }] }, object), true);
        });

        it("warns, by path, with the S3Object filter to add", () => {
            const config = parseConfig(stack({ S3Bucket: [`s3://${STATE}`] }), "eu-central-1");
            assert.deepEqual(config.warnings, [
                `sandbox.nuke.keep.S3Bucket[0]: keeps the bucket but not its objects: aws-nuke lists every object of every bucket as an S3Object and deletes it unless a filter keeps it, so the kept bucket is emptied; add to sandbox.nuke.keep.S3Object: {type: exact, property: Bucket, value: "${STATE}"}`,
            ]);
        });

        it("does not warn once the objects are kept, by the same filter or a glob over the name", () => {
            for (const objects of [[{ type: "exact", property: "Bucket", value: STATE }], [{ type: "glob", property: "Bucket", value: "tf-state-*" }]]) {
                assert.deepEqual(parseConfig(stack({ S3Bucket: [{ type: "exact", property: "Name", value: STATE }], S3Object: objects }), "eu-central-1").warnings, []);
            }
        });

        it("warns about a bucket kept by a regex, whose names it cannot name", () => {
            const { warnings } = parseConfig(stack({ S3Bucket: [{ type: "regex", value: "^s3://tf-state-[0-9]+$" }] }), "eu-central-1");
            assert.match(warnings[0], /add an S3Object filter on property Bucket that keeps the same buckets/);
        });
    });

    describe("hostile values", () => {
        it("are decided within a budget, or left alone when too long to analyse; never refused for it", () => {
            const stars = "*a".repeat(400);
            assert.deepEqual(checkKeep({ IAMRole: [{ type: "glob", value: stars }, { type: "glob", value: "[a-z]*".repeat(150) }] }).problems, []);
            assert.deepEqual(checkKeep({ IAMRole: [{ type: "glob", value: "*".repeat(ANALYSED_LENGTH + 1) }] }).problems, []);
            assert.deepEqual(checkKeep({ IAMRole: [{ type: "regex", value: `${"\\".repeat(5000)}$` }] }).problems, []);
            assert.match(checkKeep({ S3Bucket: ["x".repeat(ANALYSED_LENGTH)] }).problems[0], /can never match/);
        });

        it("reads type names as data: an inherited name is no resource type", () => {
            assert.deepEqual(checkKeep(JSON.parse('{"__proto__": ["x"], "toString": ["x"], "constructor": [{"type": "glob", "value": "*"}]}')), { problems: [], warnings: [] });
        });
    });

    describe("the program's own filters", () => {
        it("pass the same checks: each can match, none keeps everything, the CDK bucket keeps its objects", () => {
            assert.deepEqual(checkKeep(generatedFilters({})), { problems: [], warnings: [] });
        });
    });

    describe("the table read from aws-nuke's source (config/sandbox/awsNukeResources.ts)", () => {
        it("is pinned to the same aws-nuke as the type list and covers every type", () => {
            assert.deepEqual(AWS_NUKE_RESOURCES_SOURCE, { version: AWS_NUKE_VERSION, commit: AWS_NUKE_COMMIT });
            assert.deepEqual([...AWS_NUKE_RESOURCES.keys()], [...AWS_NUKE_RESOURCE_TYPES]);
        });

        it("holds the display strings and properties the reference names", () => {
            const get = (t: string) => AWS_NUKE_RESOURCES.get(t)!;
            assert.deepEqual(get("S3Bucket").display, ["s3://{Name}"]);
            assert.deepEqual(get("S3Object").display, ["s3://{Bucket}/{Key}#{VersionID}", "s3://{Bucket}/{Key}"]);
            assert.deepEqual(get("ECRRepository").display, ["Repository: {}"]);
            assert.deepEqual(get("IAMRolePolicyAttachment").display, ["{RoleName} -> {PolicyName}"]);
            assert.deepEqual(get("IAMRolePolicy").display, ["{role:RoleName} -> {PolicyName}"]);
            assert.deepEqual(get("CloudTrailTrail").display, ["{Name}"]);
            assert.ok(get("IAMRolePolicy").properties!.includes("role:RoleName"));
            assert.ok(get("S3Object").properties!.includes("Bucket"));
            assert.ok(!get("ECRRepository").properties!.includes("Name"));
        });

        it("reads a String() and Properties() the way the generator meets them in aws-nuke", () => {
            const go = [
                "type Thing struct {",
                "\tsvc      *s3.Client",
                "\tName     *string",
                "\tPath     *string `property:\"name=RolePath\"`",
                "\tSecret   *string `property:\"-\"`",
                "\tTags     []types.Tag",
                "\tname     *string",
                "}",
            ].join("\n");
            const structs = readStructs([go]);
            const props = readProperties(
                "\tproperties := types.NewPropertiesFromStruct(r).\n\t\tSet(\"Short\", r.name)\n\tproperties.SetTagWithPrefix(\"role\", t.Key, t.Value)\n\treturn properties\n",
                "r",
                structs.get("Thing"),
                structs,
            );
            assert.deepEqual(props.properties, ["Name", "RolePath", "Short", "tag:*", "tag:role:*"]);
            assert.equal(props.open, false);
            assert.equal(displayTemplate('fmt.Sprintf("s3://%s/%s", *r.Name, ptr.ToString(r.name))', "r", props.propertyOf), "s3://{Name}/{Short}");
            assert.equal(displayTemplate('fmt.Sprintf("Repository: %s", *r.repo)', "r", props.propertyOf), "Repository: {}");
            assert.equal(displayTemplate("strings.Join(r.parts, \"/\") + \"x\"", "r", props.propertyOf), undefined);
            assert.equal(readProperties("\treturn r.properties\n", "r", undefined, structs).open, true);
        });
    });
});

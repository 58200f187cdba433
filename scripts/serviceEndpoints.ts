/**
 * Regenerates config/catalogue/serviceEndpoints.ts: for every AWS service the SDK knows, whether it
 * has an endpoint per Region or one endpoint for the whole `aws` partition, and which Region its
 * requests are signed for. The sandbox guardrails (config/sandbox/guardrails.ts) exempt from their Region
 * deny exactly the IAM service prefixes whose every service is global.
 *
 * The source is botocore's data (github.com/boto/botocore, Apache-2.0, released several times a
 * week): each service's endpoint rule set (`botocore/data/<service>/<api version>/endpoint-rule-set-1.json`,
 * the rules every AWS SDK generates its endpoint resolver from) and its model's metadata
 * (`service-2.json`: `signingName`, else `endpointPrefix`, the name requests are signed and
 * authorised under, which IAM calls the service prefix). botocore's older `endpoints.json` is not
 * used: services launched since 2023 (billing, freetier, invoicing, bcm-*) are only in rule sets.
 * No npm package carries the rule sets of all services: each @aws-sdk/client-* carries its own, and
 * aws-sdk v2's hand-kept region_config_data.json stopped with v2's end of support.
 *
 * The rules are evaluated with the AWS SDK for JavaScript's own resolver (@smithy/core/endpoints,
 * with @aws-sdk/core's `aws.partition` functions and partition table), for every Region of the
 * `aws` partition (config/catalogue/regions.ts), without FIPS or dual-stack:
 * - the same URL and signing Region for every Region: **global**; its requests are signed for that
 *   one Region, which is what `aws:RequestedRegion` is for them (us-east-1 for IAM, us-west-2 for
 *   Network Manager); SigV4a (`*`) and bearer-token services have no one Region (`null`);
 * - otherwise **regional**; if its rules also give the pseudo-Region `aws-global` an endpoint of its
 *   own that is signed for a real Region (STS, S3, Health), that Region is kept, since requests to
 *   that endpoint are requests in it;
 * - rules that need a request's own parameters (a CloudFront KeyValueStore ARN) are **unresolved**,
 *   and the guardrails treat them as regional. Parameters that a model fixes per operation
 *   (`staticContextParams`, e.g. ACM's ServiceType) are tried with each value it gives.
 *
 *   git clone --depth 1 https://github.com/boto/botocore /tmp/botocore
 *   npm run service-endpoints -- /tmp/botocore [revision, default HEAD]
 *
 * Only service names, prefixes and Region names are written, never botocore's data itself.
 */
import { execFileSync } from "child_process";
import { writeFileSync } from "fs";
import { join } from "path";
import { awsEndpointFunctions } from "@aws-sdk/core/client";
import { customEndpointFunctions, resolveEndpoint } from "@smithy/core/endpoints";
import { PARTITIONS } from "../config/catalogue/regions";
import type { ServiceEndpoint } from "../config/catalogue/serviceEndpoints";

customEndpointFunctions.aws = awsEndpointFunctions;

/** What an endpoint rule set is, as far as this script reads it. */
interface RuleSet {
    readonly parameters: Record<string, { readonly required?: boolean; readonly default?: unknown; readonly builtIn?: string }>;
}
/** A service model's metadata and the operations' fixed endpoint parameters. */
interface Model {
    readonly metadata: { readonly signingName?: string; readonly endpointPrefix?: string };
    readonly operations?: Record<string, { readonly staticContextParams?: Record<string, { readonly value: unknown }> }>;
}

/** One resolution: the URL and the Region (or Region set) the request is signed for. */
interface Resolved {
    readonly url: string;
    readonly signingRegion: string | null;
}

/** The endpoint parameters to try for `region`: the model's static parameters in each combination of their values. */
function parameterSets(rules: RuleSet, model: Model, region: string): Record<string, unknown>[] {
    const operations = Object.values(model.operations ?? {});
    const statics = new Map<string, Set<unknown>>();
    for (const operation of operations) {
        for (const [name, { value }] of Object.entries(operation.staticContextParams ?? {})) {
            if (!statics.has(name)) statics.set(name, new Set());
            statics.get(name)!.add(value);
        }
    }
    let sets: Record<string, unknown>[] = [{ Region: region, UseFIPS: false, UseDualStack: false }];
    for (const [name, values] of statics) {
        if (!Object.hasOwn(rules.parameters, name)) continue;
        // An operation that does not fix the parameter leaves it unset (S3's UseS3ExpressControlEndpoint).
        const unset = operations.some((o) => !Object.hasOwn(o.staticContextParams ?? {}, name));
        sets = sets.flatMap((p) => [...(unset ? [p] : []), ...[...values].map((v) => ({ ...p, [name]: v }))]);
    }
    return sets;
}

/** Resolves `rules` with one set of parameters; throws what the resolver throws. */
function resolveOne(rules: RuleSet, endpointParams: Record<string, unknown>): Resolved {
    const endpoint = resolveEndpoint(rules as never, { endpointParams: endpointParams as never });
    const scheme = (endpoint.properties?.authSchemes as { signingRegion?: string; signingRegionSet?: string[] }[] | undefined)?.[0];
    const signingRegion = scheme?.signingRegion ?? scheme?.signingRegionSet?.join(",") ?? null;
    return { url: endpoint.url.href, signingRegion };
}

/** Resolves `rules` for `region` with each set of the model's static parameters; throws what the resolver throws. */
export function resolveFor(rules: RuleSet, model: Model, region: string): Resolved[] {
    return parameterSets(rules, model, region).map((params) => resolveOne(rules, params));
}

/**
 * Classifies one service from its rules and model over the partition's Regions. Each set of static
 * parameters is a group of operations (ARC Region switch: a control plane in us-east-1, a data plane
 * per Region): the service is global only if every group is; a regional service with a group, or an
 * `aws-global` endpoint, signed for one Region keeps that Region.
 */
export function classify(service: string, rules: RuleSet, model: Model, regions: readonly string[]): ServiceEndpoint {
    const prefix = (model.metadata.signingName ?? model.metadata.endpointPrefix ?? service).toLowerCase();
    const sets = parameterSets(rules, model, regions[0]).length;
    const byRegion = new Map<string, Resolved[]>();
    try {
        for (const region of regions) byRegion.set(region, resolveFor(rules, model, region));
    } catch {
        return { service, prefix, scope: "unresolved" };
    }
    const singleRegions: (string | null)[] = [];
    let regional = false;
    for (let i = 0; i < sets; i++) {
        const keys = new Set(regions.map((region) => byRegion.get(region)![i]).map((r) => `${r.url} ${r.signingRegion}`));
        if (keys.size === 1) {
            const { signingRegion } = byRegion.get(regions[0])![i];
            singleRegions.push(signingRegion !== null && regions.includes(signingRegion) ? signingRegion : null);
            continue;
        }
        regional = true;
        // A regional endpoint must be signed for its own Region (or for none named, which the SDK
        // fills with that Region, or for any, SigV4a's `*`): otherwise aws:RequestedRegion would not
        // be the Region the caller chose.
        for (const region of regions) {
            const r = byRegion.get(region)![i];
            if (r.signingRegion !== null && r.signingRegion !== "*" && r.signingRegion !== region) {
                throw new Error(`${service}: the endpoint for ${region} (${r.url}) is signed for ${r.signingRegion}: this script does not model that`);
            }
        }
    }
    const one = (list: (string | null)[]) => (new Set(list).size === 1 ? list[0] : null);
    if (!regional) return { service, prefix, scope: "global", region: one(singleRegions) };
    for (const params of parameterSets(rules, model, "aws-global")) {
        try {
            const global = resolveOne(rules, params);
            if (!global.url.includes("aws-global") && global.signingRegion !== null && regions.includes(global.signingRegion)) singleRegions.push(global.signingRegion);
        } catch {
            // No partition-wide endpoint for these parameters.
        }
    }
    const region = one(singleRegions.filter((r) => r !== null));
    if (singleRegions.some((r) => r !== null) && region === null) throw new Error(`${service}: partition-wide endpoints in several Regions: this script does not model that`);
    return region ? { service, prefix, scope: "regional", region } : { service, prefix, scope: "regional" };
}

function main(argv: string[]): void {
    const [checkout, revision = "HEAD"] = argv;
    if (!checkout) throw new Error("usage: npm run service-endpoints -- <botocore checkout> [revision]");
    const git = (...args: string[]) => execFileSync("git", ["-C", checkout, ...args], { encoding: "utf8", maxBuffer: 1 << 28 });
    const commit = git("rev-parse", revision).trim();
    const version = /__version__ = '([^']+)'/.exec(git("show", `${commit}:botocore/__init__.py`))?.[1] ?? "unknown";
    const aws = PARTITIONS.find((p) => p.id === "aws");
    if (!aws) throw new Error("config/catalogue/regions.ts has no aws partition");

    const files = git("ls-tree", "-r", "--name-only", commit, "--", "botocore/data/").split("\n");
    const latest = new Map<string, string>();
    for (const f of files) {
        const m = /^botocore\/data\/([^/]+)\/([^/]+)\/endpoint-rule-set-1\.json$/.exec(f);
        if (m && (!latest.has(m[1]) || latest.get(m[1])! < m[2])) latest.set(m[1], m[2]);
    }
    const services: ServiceEndpoint[] = [];
    for (const [service, apiVersion] of [...latest].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
        const dir = `${commit}:botocore/data/${service}/${apiVersion}`;
        const rules = JSON.parse(git("show", `${dir}/endpoint-rule-set-1.json`)) as RuleSet;
        const model = JSON.parse(git("show", `${dir}/service-2.json`)) as Model;
        services.push(classify(service, rules, model, aws.regions));
    }
    if (!services.some((s) => s.service === "iam" && s.scope === "global" && s.region === "us-east-1")) {
        throw new Error(`botocore ${version}: IAM is not global in us-east-1; the data or this script is wrong, catalogue left as it was`);
    }
    const source = `botocore ${version} (github.com/boto/botocore, commit ${commit})`;
    const text = [
        `// Generated by \`npm run service-endpoints -- <botocore checkout>\` (scripts/serviceEndpoints.ts) from ${source}`,
        `// on ${new Date().toISOString().slice(0, 10)}. Do not edit.`,
        "",
        "/** How one AWS service's endpoints answer across the Regions of the aws partition (scripts/serviceEndpoints.ts says how it is derived). */",
        "export interface ServiceEndpoint {",
        "    /** botocore's name of the service (the AWS SDK's). */",
        "    readonly service: string;",
        "    /** The name its requests are signed and authorised under: the IAM service prefix of its actions. */",
        "    readonly prefix: string;",
        "    /** One endpoint for the whole partition, one per Region, or rules that need a request's own parameters. */",
        '    readonly scope: "global" | "regional" | "unresolved";',
        "    /**",
        "     * Global: the Region its requests are signed for, which is aws:RequestedRegion for them (null: no one Region).",
        "     * Regional: the Region of its partition-wide endpoint besides the regional ones (STS, S3), if it has one.",
        "     */",
        "    readonly region?: string | null;",
        "}",
        "",
        `export const SERVICE_ENDPOINTS_SOURCE = ${JSON.stringify(source)};`,
        "",
        "export const SERVICE_ENDPOINTS: readonly ServiceEndpoint[] = [",
        ...services.map((s) => `    ${JSON.stringify(s).replace(/"(\w+)":/g, "$1: ").replace(/,(?=\w+: )/g, ", ")},`),
        "];",
        "",
    ].join("\n");
    const out = join(__dirname, "..", "config", "catalogue", "serviceEndpoints.ts");
    writeFileSync(out, text);
    const count = (scope: string) => services.filter((s) => s.scope === scope).length;
    console.log(`wrote ${out}: ${services.length} services (${count("global")} global, ${count("regional")} regional, ${count("unresolved")} unresolved) from ${source}`);
}

if (require.main === module) main(process.argv.slice(2));

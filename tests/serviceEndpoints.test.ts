/**
 * scripts/serviceEndpoints.ts's classification, on small endpoint rule sets written in the Smithy
 * rules language as botocore ships them (endpoint-rule-set-1.json: `parameters`, then `rules` of
 * type endpoint/error/tree with `conditions` such as `aws.partition` and `stringEquals`), resolved
 * by the same SDK resolver the script uses.
 */
import { strict as assert } from "assert";
import { classify } from "../scripts/serviceEndpoints";

const REGIONS = ["eu-west-1", "us-east-1", "us-west-2"];
const PARAMETERS = {
    Region: { type: "string", builtIn: "AWS::Region", required: false },
    UseFIPS: { type: "boolean", builtIn: "AWS::UseFIPS", required: true, default: false },
    UseDualStack: { type: "boolean", builtIn: "AWS::UseDualStack", required: true, default: false },
};
const sigv4 = (signingRegion: string) => ({ authSchemes: [{ name: "sigv4", signingName: "x", signingRegion }] });
const endpoint = (url: string, properties: object = {}, conditions: object[] = []) => ({ type: "endpoint", conditions, endpoint: { url, properties, headers: {} } });
const ruleSet = (rules: object[], parameters: object = PARAMETERS) => ({ version: "1.0", parameters, rules });
const model = (signingName?: string, operations: Record<string, { staticContextParams?: Record<string, { value: unknown }> }> = {}) => ({ metadata: { endpointPrefix: "svc", signingName }, operations });

describe("scripts/serviceEndpoints.ts: global or regional, from a service's endpoint rules", () => {
    it("calls a service global when every Region resolves to one endpoint, signed for one Region", () => {
        const rules = ruleSet([endpoint("https://svc.amazonaws.com", sigv4("us-east-1"))]);
        assert.deepEqual(classify("svc", rules as never, model("svc"), REGIONS), { service: "svc", prefix: "svc", scope: "global", region: "us-east-1" });
    });

    it("calls it regional when the endpoint follows the Region, and names its IAM prefix by the signing name", () => {
        const rules = ruleSet([endpoint("https://svc.{Region}.amazonaws.com")]);
        assert.deepEqual(classify("svc", rules as never, model("svcsign"), REGIONS), { service: "svc", prefix: "svcsign", scope: "regional" });
    });

    it("keeps the Region of a regional service's partition-wide endpoint (the aws-global pseudo-Region)", () => {
        const rules = ruleSet([
            endpoint("https://svc.amazonaws.com", sigv4("us-east-1"), [{ fn: "stringEquals", argv: [{ ref: "Region" }, "aws-global"] }]),
            endpoint("https://svc.{Region}.amazonaws.com"),
        ]);
        assert.deepEqual(classify("svc", rules as never, model(), REGIONS), { service: "svc", prefix: "svc", scope: "regional", region: "us-east-1" });
    });

    it("calls a service with a control plane in one Region and a data plane per Region regional, keeping that Region", () => {
        const parameters = { ...PARAMETERS, UseControlPlane: { type: "boolean", required: false } };
        const rules = ruleSet(
            [
                endpoint("https://svc-control.us-east-1.api.aws", sigv4("us-east-1"), [{ fn: "booleanEquals", argv: [{ ref: "UseControlPlane" }, true] }]),
                endpoint("https://svc.{Region}.api.aws"),
            ],
            parameters,
        );
        const operations = { CreatePlan: { staticContextParams: { UseControlPlane: { value: true } } }, Execute: {} };
        assert.deepEqual(classify("svc", rules as never, model(undefined, operations), REGIONS), { service: "svc", prefix: "svc", scope: "regional", region: "us-east-1" });
    });

    it("resolves a parameter every operation fixes (ACM's ServiceType) with the value the model gives", () => {
        const parameters = { ...PARAMETERS, ServiceType: { type: "string", required: true } };
        const rules = ruleSet([endpoint("https://svc.{Region}.amazonaws.com", {}, [{ fn: "stringEquals", argv: [{ ref: "ServiceType" }, "ACM"] }])], parameters);
        const operations = { RequestCertificate: { staticContextParams: { ServiceType: { value: "ACM" } } } };
        assert.equal(classify("acm", rules as never, model(undefined, operations), REGIONS).scope, "regional");
    });

    it("leaves a service whose rules need a request's own values unresolved, which the guardrails treat as regional", () => {
        const rules = ruleSet([{ type: "error", conditions: [], error: "KVS ARN must be provided to use this service" }]);
        assert.deepEqual(classify("kvs", rules as never, model(), REGIONS), { service: "kvs", prefix: "svc", scope: "unresolved" });
    });

    it("refuses a regional endpoint signed for another Region, which it cannot model as aws:RequestedRegion", () => {
        const rules = ruleSet([
            endpoint("https://svc.eu-central-1.amazonaws.com", sigv4("eu-central-1"), [{ fn: "stringEquals", argv: [{ ref: "Region" }, "eu-west-1"] }]),
            endpoint("https://svc.{Region}.amazonaws.com", { authSchemes: [{ name: "sigv4", signingRegion: "{Region}" }] }),
        ]);
        assert.throws(() => classify("odd", rules as never, model(), REGIONS), /^Error: odd: the endpoint for eu-west-1 \(https:\/\/svc\.eu-central-1\.amazonaws\.com\/\) is signed for eu-central-1/);
    });
});

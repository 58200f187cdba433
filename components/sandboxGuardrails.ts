import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { guardrailsPolicyName } from "../config/awsNames";
import { guardrailPolicyJson } from "../config/sandbox/guardrails";

export interface SandboxGuardrailsArgs {
    /** The sandbox's account key (`sandbox.account`): names the policy. */
    readonly account: string;
    /** The sandbox's account id: the only target the policy is attached to. */
    readonly accountId: pulumi.Input<string>;
    /** `sandbox.nuke.regions`: the Regions the sandbox may use (`global` is not one). */
    readonly regions: readonly string[];
    /**
     * What enables service control policies in the organisation (the Organization): the policy is
     * created and attached after it. A component's own `dependsOn` does not reach its children.
     */
    readonly policyTypesEnabledBy: pulumi.Resource;
}

/**
 * The sandbox's service control policy (config/sandbox/guardrails.ts says what it denies and why), attached
 * to the sandbox account alone. Service control policies must be enabled in the organisation first:
 * `policyTypesEnabledBy` is the Organization, which enables them (see index.ts).
 */
export class SandboxGuardrails extends pulumi.ComponentResource {
    /** The policy's id (`p-...`). */
    public readonly policyId: pulumi.Output<string>;

    constructor(name: string, args: SandboxGuardrailsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("landing-zone:index:SandboxGuardrails", name, {}, opts);
        const policy = new aws.organizations.Policy(
            `${name}-scp`,
            {
                name: guardrailsPolicyName(args.account),
                description: "landing-zone: keeps the sandbox in the nuked regions, in the organisation, and reachable",
                type: "SERVICE_CONTROL_POLICY",
                content: guardrailPolicyJson(args.regions),
            },
            { parent: this, dependsOn: [args.policyTypesEnabledBy] },
        );
        new aws.organizations.PolicyAttachment(
            `${name}-scp-attachment`,
            { policyId: policy.id, targetId: args.accountId },
            { parent: this, dependsOn: [args.policyTypesEnabledBy] },
        );
        this.policyId = policy.id;
        this.registerOutputs({ policyId: this.policyId });
    }
}

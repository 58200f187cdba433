import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { InstanceChoiceError, InstanceRef, chooseInstance } from "../config/identityCenter";

/**
 * Looks up the organisation's IAM Identity Center instance in the provider's region (`aws:region`),
 * before anything is registered, so the program can build without it when there is none.
 *
 * @returns the instance, or `undefined` when Identity Center is not enabled in that region
 * @throws pulumi.RunError (reported without a stack trace) when there are several instances
 */
export async function findIdentityCenterInstance(region: string): Promise<InstanceRef | undefined> {
    const found = await aws.ssoadmin.getInstances({});
    try {
        return chooseInstance(found, region);
    } catch (err) {
        if (err instanceof InstanceChoiceError) throw new pulumi.RunError(err.message);
        throw err;
    }
}

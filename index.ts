/**
 * landing-zone: the composition root. Reads and validates the stack config, then builds the
 * Organization with its accounts, the Identity Center sign-in, and the sandbox nuke.
 */
import * as pulumi from "@pulumi/pulumi";
import { Organization } from "./components/organization";
import { ConfigError, loadStackConfig } from "./config/load";
// [imports: identity center]
// [imports: sandbox]

export = async () => {
    const config = loadOrExit();

    const organization = new Organization("organization", {
        id: config.organization.id,
        serviceAccessPrincipals: config.organization.serviceAccessPrincipals,
        organizationalUnits: config.organizationalUnits,
        accounts: config.accounts,
    });

    // [program: identity center]

    // [program: sandbox]

    return {
        organizationId: organization.organizationId,
        accountIds: organization.accountIds,
        // [outputs: identity center]
        // [outputs: sandbox]
    };
};

/** Config problems end the program before any resource is registered, without a stack trace. */
function loadOrExit() {
    try {
        return loadStackConfig(pulumi.runtime.allConfig());
    } catch (err) {
        if (err instanceof ConfigError) throw new pulumi.RunError(err.message);
        throw err;
    }
}

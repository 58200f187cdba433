/**
 * AWS Organizations' own rules, as pure code: the policy types AWS knows, which of them need a
 * service's trusted access first, and what CreateAccount and PutAccountName accept as an account's
 * email and name. Every check here is linear in its input (no nested quantifiers).
 */
import { PolicyType } from "@aws-sdk/client-organizations";

/**
 * Every policy type AWS knows: the `PolicyType` enum of the Organizations API model, as
 * @aws-sdk/client-organizations ships it (the enum grows: updating that dependency updates this).
 */
export const POLICY_TYPES: readonly string[] = Object.values(PolicyType).sort();

/**
 * Policy types AWS enables only once the organisation trusts a service, with that service's
 * principal. Sources, each the type's "Getting started" page of the AWS Organizations User Guide
 * ("Before you begin: You must enable trusted access for ... in your organization"):
 * orgs_manage_policies_security_hub_getting_started (Security Hub, `securityhub.amazonaws.com`),
 * orgs_manage_policies_inspector_getting_started (Amazon Inspector, which registers its
 * administrator for `inspector2.amazonaws.com`), orgs_manage_policies_guardduty_getting_started
 * (GuardDuty, `guardduty.amazonaws.com`), orgs_manage_policies_network_security_director_getting_started
 * (AWS Shield Network Security Director, `network-director.amazonaws.com`). Backup, AI services
 * opt-out, tag, chat applications, S3, upgrade rollout and the authorization policies (SCP, RCP)
 * need none (orgs_manage_policies_backup_prereqs and the like: "all features enabled" only).
 * Security Hub CSPM policies are Security Hub's (the same guide's "Security Hub CSPM policies").
 *
 * Not listed, for want of a principal AWS documents: EC2 declarative policies
 * (DECLARATIVE_POLICY_EC2: "You must enable trusted access for Amazon EC2", which the console does
 * as part of enabling them) and Amazon Bedrock policies (one revision of the guide asks for trusted
 * access for Amazon Bedrock, another does not). Their `EnablePolicyType` is not ordered here.
 */
export const TRUSTED_ACCESS_FOR_POLICY_TYPE: Readonly<Record<string, { readonly service: string; readonly principal: string }>> = {
    GUARDDUTY_POLICY: { service: "Amazon GuardDuty", principal: "guardduty.amazonaws.com" },
    INSPECTOR_POLICY: { service: "Amazon Inspector", principal: "inspector2.amazonaws.com" },
    NETWORK_SECURITY_DIRECTOR_POLICY: { service: "AWS Shield Network Security Director", principal: "network-director.amazonaws.com" },
    SECURITYHUB_CSPM_POLICY: { service: "Security Hub", principal: "securityhub.amazonaws.com" },
    SECURITYHUB_POLICY: { service: "Security Hub", principal: "securityhub.amazonaws.com" },
};

/** The service principals `policyTypes` need trusted before they are enabled (sorted, once each). */
export function principalsNeededBy(policyTypes: readonly string[]): string[] {
    const needed = policyTypes.filter((t) => Object.hasOwn(TRUSTED_ACCESS_FOR_POLICY_TYPE, t)).map((t) => TRUSTED_ACCESS_FOR_POLICY_TYPE[t].principal);
    return [...new Set(needed)].sort();
}

// --- Accounts -----------------------------------------------------------------------------------

const show = (value: string) => JSON.stringify(value);

/**
 * The Organizations API model's shape of an account email (`Email`: 6-64 characters,
 * `[^\s@]+@[^\s@]+\.[^\s@]+`), which every account's address must have.
 * @returns what is wrong, or undefined when it has that shape
 */
export function emailShapeProblem(email: string): string | undefined {
    const parts = email.split("@");
    if (parts.length !== 2) return `has ${parts.length - 1} @ signs; an address has exactly one`;
    const [local, domain] = parts;
    if (local === "") return "has nothing before the @";
    const space = /\s/.exec(email);
    if (space) return `contains whitespace (${show(space[0])})`;
    const dot = domain.indexOf(".", 1);
    if (dot < 0 || dot === domain.length - 1) return `has no domain with a dot after the @ (such as example.com)`;
    return undefined;
}

/** The characters CreateAccount's documentation refuses in an email's local part (whitespace too). */
const LOCAL_PART_REFUSED = /[\s"'()<>[\]:;,\\|%&]/;
/** 7-bit ASCII without control characters, which no address can carry. */
const NOT_ASCII = /[^\x20-\x7E]/;
const DOMAIN_REFUSED = /[^A-Za-z0-9.-]/;

/**
 * CreateAccount's rules for a new account's email (its documentation, the `Email` member of
 * CreateAccountRequest in @aws-sdk/client-organizations): 7-bit ASCII; one @; a local part without
 * whitespace or `" ' ( ) < > [ ] : ; , \ | % &` that does not start with a dot; a domain of letters,
 * digits, hyphens and dots that neither starts nor ends with a hyphen or a dot and has a dot. The
 * model's pattern is looser, and an address it lets through fails later, asynchronously
 * (CreateAccountStatus INVALID_EMAIL), with nothing created to show for it.
 * @returns what is wrong, or undefined when CreateAccount takes it
 */
export function createAccountEmailProblem(email: string): string | undefined {
    const nonAscii = NOT_ASCII.exec(email);
    if (nonAscii) return `contains ${show(nonAscii[0])}: CreateAccount takes 7-bit ASCII letters, digits and punctuation only`;
    const shape = emailShapeProblem(email);
    if (shape) return shape;
    const [local, domain] = email.split("@");
    const refused = LOCAL_PART_REFUSED.exec(local);
    if (refused) return `has ${show(refused[0])} before the @, which CreateAccount refuses there (as it does whitespace and " ' ( ) < > [ ] : ; , \\ | % &)`;
    if (local.startsWith(".")) return "starts with a dot, which CreateAccount refuses";
    const domainRefused = DOMAIN_REFUSED.exec(domain);
    if (domainRefused) return `has ${show(domainRefused[0])} in its domain, which CreateAccount refuses (letters, digits, - and . only)`;
    if (/^[-.]/.test(domain) || /[-.]$/.test(domain)) return "has a domain that starts or ends with - or ., which CreateAccount refuses";
    return undefined;
}

/**
 * The Account API's `AccountName` (PutAccountName, GetAccountInformation) is 1-50 characters of
 * `[ -;=?-~]`: printable ASCII, which the schema checks, without `<` and `>`. CreateAccount itself
 * takes `<` and `>`, but a name is changed through PutAccountName, which refuses them.
 * @returns what PutAccountName would refuse in `name`, or undefined
 */
export function accountNameProblem(name: string): string | undefined {
    const refused = /[<>]/.exec(name);
    return refused ? `contains ${show(refused[0])}, which the Account API refuses in an account name (PutAccountName: printable ASCII without < and >)` : undefined;
}

/**
 * The management account the config names by id (`accounts.<key>.id` with `management: true`), or
 * none. Its id says which account the stack is meant for: the offline plan shows it, and every
 * `preview` and `up` checks it against the account the credentials belong to.
 */
export function managementAccount(accounts: Readonly<Record<string, { readonly id?: string; readonly management?: boolean }>>): { key: string; id: string } | undefined {
    for (const [key, account] of Object.entries(accounts)) {
        if (account.management === true && account.id !== undefined) return { key, id: account.id };
    }
    return undefined;
}

/**
 * Why the program must not run with credentials of `callerAccountId` when the config names its
 * management account `expected`: the organisation is managed from its management account only, so
 * another account's credentials mean the wrong profile (or the wrong id in the stack file).
 * Undefined when they agree.
 */
export function wrongAccountProblem(expected: { key: string; id: string }, callerAccountId: string): string | undefined {
    if (callerAccountId === expected.id) return undefined;
    return (
        `accounts.${expected.key}.id: the stack file's management account is ${expected.id}, but the credentials are of account ${callerAccountId} ` +
        `(aws sts get-caller-identity): run with the management account's credentials (export AWS_PROFILE=...), or, if ${expected.id} is a mistake, correct accounts.${expected.key}.id. Nothing was changed.`
    );
}

/**
 * The fake AWS endpoint for tests: the one the program ships (estate/fakeAws.ts), and a way to point
 * the AWS SDK's default resolution (environment, profiles) at it.
 */
export { FakeAws, PAGE } from "../estate/fakeAws";
export type { Call, FakeEstate, FakePermissionSet } from "../estate/fakeAws";

/**
 * Point the AWS SDK at `endpoint` with dummy credentials for the duration of a test, isolated from
 * the machine's own AWS config files and profile. Returns the function that restores the
 * environment.
 */
export function useEndpoint(endpoint: string, region = "eu-central-1"): () => void {
    const keys = ["AWS_ENDPOINT_URL", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_REGION", "AWS_PROFILE", "AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE", "AWS_DEFAULT_REGION"];
    const saved = Object.fromEntries(keys.map((k) => [k, process.env[k]]));
    for (const k of keys) delete process.env[k];
    Object.assign(process.env, {
        AWS_ENDPOINT_URL: endpoint,
        AWS_ACCESS_KEY_ID: "AKIAFAKEFAKEFAKEFAKE",
        AWS_SECRET_ACCESS_KEY: "fake-secret-for-tests",
        AWS_REGION: region,
        AWS_CONFIG_FILE: "/nonexistent/aws-config",
        AWS_SHARED_CREDENTIALS_FILE: "/nonexistent/aws-credentials",
    });
    return () => {
        for (const [k, v] of Object.entries(saved)) {
            if (v === undefined) delete process.env[k];
            else process.env[k] = v;
        }
    };
}

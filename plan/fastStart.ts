/**
 * Side effects for the offline tools' entry points, imported before anything else:
 *
 * - Node's on-disk compile cache (Node 22.1+): loading the SDKs compiles a lot of JavaScript;
 *   the cache takes most of that off every run but the first.
 * - The Pulumi SDK loads, at import time, what it needs to serialise functions into closures (the
 *   TypeScript compiler, npm's arborist and its registry client). A plan never serialises a
 *   function, so those modules are loaded on first use instead: each is a stand-in that loads the
 *   real module the moment anything reads from it.
 */
import * as nodeModule from "module";
import { tmpdir } from "os";
import { dirname, join } from "path";

(nodeModule as { enableCompileCache?: (dir: string) => unknown }).enableCompileCache?.(join(tmpdir(), "landing-zone-compile-cache"));

/** Modules the SDK requires eagerly but only uses to serialise closures. */
export const DEFERRED = ["typescript", "@npmcli/arborist"];

/** The deferred modules whose real module has been loaded since. */
export const loadedSince = new Set<string>();

const sdk = dirname(require.resolve("@pulumi/pulumi"));
for (const name of DEFERRED) {
    const path = require.resolve(name, { paths: [sdk] });
    if (require.cache[path]) continue;
    let real: Record<PropertyKey, unknown> | undefined;
    const load = () => {
        if (!real) {
            delete require.cache[path];
            // eslint-disable-next-line @typescript-eslint/no-require-imports -- a load by resolved path, on first use, is the point
            real = require(path) as Record<PropertyKey, unknown>;
            loadedSince.add(name);
        }
        return real;
    };
    const stand = new nodeModule.Module(path);
    stand.filename = path;
    stand.loaded = true;
    stand.exports = new Proxy(
        {},
        {
            // `__importStar` asks for __esModule first: answering it loads nothing, and `default`
            // then means the CommonJS module itself.
            get: (_, p) => (p === "__esModule" ? true : p === "default" ? (load().__esModule ? load().default : load()) : load()[p]),
            has: (_, p) => p in load(),
            ownKeys: () => Reflect.ownKeys(load()),
            getOwnPropertyDescriptor: (_, p) => {
                const d = Object.getOwnPropertyDescriptor(load(), p);
                return d && { ...d, configurable: true };
            },
        },
    );
    require.cache[path] = stand;
}

/**
 * Config keys are data, not object properties: a group called `toString`, a user `constructor` or a
 * tag `hasOwnProperty` is an ordinary name, never one of `Object.prototype`'s members. Every map
 * keyed by config keys (or by names read from AWS) is read with {@link own} and written with
 * {@link put}; `__proto__`, which JSON, YAML and JavaScript tools each treat differently, is
 * refused wherever it is a key ({@link reservedKeyProblems}).
 */

/** The one key that cannot be data: zod drops it, and `object[key] = ...` replaces the prototype. */
export const RESERVED_KEY = "__proto__";

/** `record[key]` when `key` is the record's own key; undefined otherwise (never an inherited member). */
export function own<V>(record: Readonly<Record<string, V>> | undefined, key: string): V | undefined {
    return record !== undefined && Object.hasOwn(record, key) ? record[key] : undefined;
}

/** `record[key] = value`, as an own key even for `__proto__` (as `JSON.parse` makes it), never a prototype. */
export function put<V>(record: Record<string, V>, key: string, value: V): V {
    Object.defineProperty(record, key, { value, writable: true, enumerable: true, configurable: true });
    return value;
}

/** `record[key]`, first set to `make()` when `key` is not yet the record's own. */
export function ownOrPut<V>(record: Record<string, V>, key: string, make: () => V): V {
    return Object.hasOwn(record, key) ? record[key] : put(record, key, make());
}

/**
 * A problem for every `__proto__` key in the raw values, by its config path: a map keyed by it
 * would lose that entry without a word.
 */
export function reservedKeyProblems(values: unknown, topLevel: (key: string) => string = (key) => key): string[] {
    const problems: string[] = [];
    const walk = (value: unknown, path: string, depth: number) => {
        // The stack file reader bounds nesting; this bound keeps a hand-made value from recursing forever.
        if (typeof value !== "object" || value === null || depth > 100) return;
        if (Array.isArray(value)) {
            value.forEach((item, i) => walk(item, `${path}[${i}]`, depth + 1));
            return;
        }
        for (const [key, item] of Object.entries(value)) {
            const at = path ? `${path}.${key}` : key;
            if (key === RESERVED_KEY) {
                problems.push(
                    `${path ? at : topLevel(key)}: "${RESERVED_KEY}" cannot be a key: JavaScript reads it as an object's prototype, so YAML and JSON tools ` +
                        "drop it or misread it; choose another name",
                );
            } else walk(item, at, depth + 1);
        }
    };
    walk(values, "", 0);
    return problems;
}

/** "Did you mean ...?": the valid value a typo most likely meant. */

/**
 * The valid value `key` most likely meant: the same letters ignoring case, or else the nearest
 * within `maxEdits` edits (ties go to the first listed).
 */
export function closest(key: string, valid: readonly string[], maxEdits = 2): string | undefined {
    const lower = key.toLowerCase();
    const exact = valid.find((v) => v.toLowerCase() === lower);
    if (exact) return exact;
    let best: string | undefined;
    let bestDistance = maxEdits + 1;
    for (const v of valid) {
        // The distance is at least the difference in length: skip what cannot come close.
        if (Math.abs(v.length - key.length) >= bestDistance) continue;
        const d = editDistance(lower, v.toLowerCase());
        if (d < bestDistance) [best, bestDistance] = [v, d];
    }
    return best;
}

/** Levenshtein distance: insertions, deletions and substitutions of one character each. */
export function editDistance(a: string, b: string): number {
    let row = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
        const next = [i];
        for (let j = 1; j <= b.length; j++) {
            next[j] = Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
        }
        row = next;
    }
    return row[b.length];
}

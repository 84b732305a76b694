/** "Did you mean" suggestions for misspelt keys and enum values. */

/** Levenshtein distance between two strings. */
export function distance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0] ?? 0;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j] ?? 0;
      prev[j] = Math.min(up + 1, (prev[j - 1] ?? 0) + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length] ?? 0;
}

/** The candidate closest to `word`, when it is close enough to be a likely typo. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  const lower = word.toLowerCase();
  const exact = candidates.find((c) => c.toLowerCase() === lower);
  if (exact) return exact;
  // A truncated name ("ALLOW_USER_SRP", "refresh") is the longer one it starts; a wordy one
  // ("authorization_code") names the value it contains.
  const starts = candidates.filter((c) => lower.length >= 3 && c.toLowerCase().startsWith(lower));
  const shortest = starts.sort((a, b) => a.length - b.length)[0];
  if (shortest) return shortest;
  const within = candidates.filter((c) => c.length >= 4 && lower.includes(c.toLowerCase()));
  const longest = within.sort((a, b) => b.length - a.length)[0];
  if (longest) return longest;
  let best: string | undefined;
  let bestScore = Number.POSITIVE_INFINITY;
  for (const c of candidates) {
    const score = distance(lower, c.toLowerCase());
    if (score < bestScore) {
      best = c;
      bestScore = score;
    }
  }
  const limit = Math.max(2, Math.floor(word.length / 3));
  return bestScore <= limit ? best : undefined;
}

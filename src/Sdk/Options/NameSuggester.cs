namespace LossBench.Sdk.Options;

/// <summary>Suggests the nearest known name for a misspelt one (Damerau-Levenshtein distance, optimal string alignment).</summary>
public static class NameSuggester
{
    /// <summary>The closest candidate within a distance that still looks like a typo (a third of the length, at least 2), or null.</summary>
    public static string? Nearest(string name, IEnumerable<string> candidates)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        var within = Math.Max(2, name.Length / 3);
        foreach (var candidate in candidates)
        {
            // The distance is at least the difference in length, so such a candidate could not be
            // suggested; and the table below costs the product of the lengths, which for two long
            // values (a mistyped label of a long formula) is no typo worth gigabytes.
            if (Math.Abs(candidate.Length - name.Length) > within || (long)candidate.Length * name.Length > MaxTableCells) continue;
            var distance = Distance(name.ToLowerInvariant(), candidate.ToLowerInvariant());
            if (distance < bestDistance || (distance == bestDistance && string.CompareOrdinal(candidate, best) < 0))
            {
                best = candidate;
                bestDistance = distance;
            }
        }
        return best is not null && bestDistance <= within ? best : null;
    }

    /// <summary>Names compared for a suggestion span at most this many table cells (1000 x 1000 characters).</summary>
    private const long MaxTableCells = 1_000_000;

    /// <summary>", did you mean 'x'?" or "".</summary>
    public static string DidYouMean(string name, IEnumerable<string> candidates) =>
        Nearest(name, candidates) is { } nearest ? $" (did you mean '{nearest}'?)" : "";

    public static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
            }
        }
        return d[a.Length, b.Length];
    }
}

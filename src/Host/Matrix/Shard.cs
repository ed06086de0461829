namespace LossBench.Host.Matrix;

/// <summary>
/// `--shard i/n`: shard i (1-based) of n takes the cells at positions p with p mod n = i - 1 in the
/// plan's order, so n shards run separately cover every cell exactly once; their result files
/// together are the full result.
/// </summary>
public sealed record Shard(int Index, int Count)
{
    public static Shard Whole { get; } = new(1, 1);

    public static Shard Parse(string text)
    {
        var parts = text.Split('/');
        if (parts.Length == 2 && int.TryParse(parts[0], out var index) && int.TryParse(parts[1], out var count) && count >= 1 && index >= 1 && index <= count)
            return new Shard(index, count);
        throw new ArgumentException($"--shard {text}: expected i/n with 1 <= i <= n, e.g. 2/4");
    }

    public IReadOnlyList<Cell> Take(IReadOnlyList<Cell> cells) =>
        cells.Where((_, position) => position % Count == Index - 1).ToArray();
}

namespace LossBench.Host.Results;

/// <summary>
/// The version of the results layout and of what ids and seeds mean. A record of another version
/// is never mixed in: its cell is rerun (with a message), since a fresh run would not give its numbers.
/// </summary>
public static class ResultFormat
{
    /// <summary>2: ids and every seed come from plugin identities (name, version, content hash, options after defaults).</summary>
    public const int Current = 2;
}

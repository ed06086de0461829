namespace LossBench.Host.Results;

/// <summary>
/// The version of the results layout and of what ids and seeds mean. A record of another version
/// is never mixed in: its cell is rerun (with a message), since a fresh run would not give its numbers.
/// </summary>
public static class ResultFormat
{
    /// <summary>
    /// 2: ids and every seed come from plugin identities (name, version, content hash, options after defaults).
    /// <c>training.weights-sha256</c> came later within 2: a record without it is read rightly (its
    /// numbers stand; only its weights cannot be verified, so they are never loaded), so it is no new format.
    /// </summary>
    public const int Current = 2;
}

namespace LossBench.Host.Search;

/// <summary>
/// The search's random number generator: xoshiro256** (Blackman and Vigna, 2018) seeded through
/// SplitMix64. Its whole state is four 64-bit words that <see cref="State"/> exposes and the
/// constructor restores, so a search saved after any evaluation continues with exactly the draws an
/// uninterrupted one would have made. Independent of .NET's System.Random, whose algorithm may change.
/// </summary>
public sealed class SearchRandom
{
    private ulong _s0, _s1, _s2, _s3;

    /// <summary>A generator seeded from <paramref name="seed"/> by four SplitMix64 outputs (never the all-zero state).</summary>
    public SearchRandom(ulong seed)
    {
        var x = seed;
        _s0 = SplitMix64(ref x);
        _s1 = SplitMix64(ref x);
        _s2 = SplitMix64(ref x);
        _s3 = SplitMix64(ref x);
    }

    /// <summary>A generator continuing from a saved <see cref="State"/>.</summary>
    public SearchRandom(IReadOnlyList<ulong> state)
    {
        if (state.Count != 4) throw new ArgumentException($"a xoshiro256** state is 4 words, got {state.Count}", nameof(state));
        if (state.All(w => w == 0)) throw new ArgumentException("the all-zero state is not a xoshiro256** state", nameof(state));
        (_s0, _s1, _s2, _s3) = (state[0], state[1], state[2], state[3]);
    }

    public ulong[] State => [_s0, _s1, _s2, _s3];

    public ulong NextUInt64()
    {
        var result = ulong.RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = ulong.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [0, <paramref name="count"/>), without modulo bias (rejection of the incomplete last block).</summary>
    public int NextInt(int count)
    {
        if (count <= 0) throw new ArgumentOutOfRangeException(nameof(count), count, "must be positive");
        var n = (ulong)count;
        var limit = ulong.MaxValue - ulong.MaxValue % n;
        ulong draw;
        do draw = NextUInt64();
        while (draw >= limit);
        return (int)(draw % n);
    }

    public T Pick<T>(IReadOnlyList<T> items) => items[NextInt(items.Count)];

    private static ulong SplitMix64(ref ulong x)
    {
        var z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}

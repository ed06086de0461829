using LossBench.Host.Search;

namespace LossBench.Host.Tests.Search;

public sealed class SearchRandomTests
{
    [Fact]
    public void Outputs_match_an_independent_xoshiro256_starstar_seeded_by_splitmix64()
    {
        // Reference values from a separate Python implementation of SplitMix64 seeding and
        // xoshiro256** (Blackman and Vigna's reference algorithm), seed 12345.
        var random = new SearchRandom(12345);
        Assert.Equal(13720838825685603483UL, random.NextUInt64());
        Assert.Equal(2398916695208396998UL, random.NextUInt64());
        Assert.Equal(17770384849984869256UL, random.NextUInt64());
    }

    [Fact]
    public void A_generator_restored_from_its_state_continues_with_the_same_draws()
    {
        var random = new SearchRandom(7);
        for (var i = 0; i < 10; i++) random.NextUInt64();
        var restored = new SearchRandom(random.State);
        for (var i = 0; i < 100; i++) Assert.Equal(random.NextUInt64(), restored.NextUInt64());
    }

    [Fact]
    public void NextInt_is_uniform_within_a_binomial_tolerance()
    {
        var random = new SearchRandom(3);
        const int draws = 60_000, faces = 6;
        var counts = new int[faces];
        for (var i = 0; i < draws; i++) counts[random.NextInt(faces)]++;
        // Each count is binomial(60000, 1/6): sd = sqrt(60000 * 1/6 * 5/6) = 91.3; allow 5 sd.
        foreach (var count in counts) Assert.InRange(count, 10_000 - 457, 10_000 + 457);
    }

    [Fact]
    public void The_all_zero_state_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new SearchRandom(new ulong[] { 0, 0, 0, 0 }));
    }
}

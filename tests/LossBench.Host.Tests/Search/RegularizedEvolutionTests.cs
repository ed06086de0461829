using LossBench.Host.Search;
using LossBench.Sdk.Options;

namespace LossBench.Host.Tests.Search;

public sealed class RegularizedEvolutionTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "lossbench-search-tests-" + Guid.NewGuid().ToString("N"));

    private static SearchOptions Options(ulong seed = 5, int evaluations = 30) => new()
    {
        Seed = seed,
        Population = 6,
        SampleSize = 3,
        Evaluations = evaluations,
        Surrogate = new SurrogateOptions { Augmentations = [new ConfigScalar("none"), new ConfigScalar("mixup")] },
    };

    private IReadOnlyList<SearchState> Run(string folder, ICandidateFitness fitness, SearchOptions? options = null) =>
        new SearchRunner(ExprSpace.Space, _ => fitness, TextWriter.Null).Run(options ?? Options(), Path.Combine(_root, folder), CancellationToken.None);

    [Fact]
    public void Two_searches_with_one_seed_have_the_same_history_and_another_seed_differs()
    {
        var first = Run("a", new HashFitness());
        var second = Run("b", new HashFitness());
        var other = Run("c", new HashFitness(), Options(seed: 6));
        for (var k = 0; k < 2; k++)
        {
            Assert.Equal(30, first[k].History.Count);
            Assert.Equal(first[k].History, second[k].History);
            Assert.Equal(first[k].Random, second[k].Random);
            Assert.NotEqual(first[k].History.Select(m => m.Formula), other[k].History.Select(m => m.Formula));
        }
        // One search per augmentation, each with its own draws.
        Assert.NotEqual(first[0].History.Select(m => m.Formula), first[1].History.Select(m => m.Formula));
    }

    [Fact]
    public void A_search_killed_mid_evaluation_resumes_to_the_same_final_state_and_leaderboard()
    {
        Run("whole", new HashFitness());
        // Calls: 2 references + 30 candidates for "none", then 2 + 30 for "mixup"; stop inside each.
        foreach (var kill in new[] { 20, 47 })
        {
            var folder = $"killed-{kill}";
            Assert.Throws<SimulatedKill>(() => Run(folder, new HashFitness(failOnCall: kill)));
            var resumed = new HashFitness();
            Run(folder, resumed);
            // Only what was not saved is evaluated again: the killed candidate and the rest.
            Assert.Equal(2 * (2 + 30) - (kill - 1), resumed.Calls);
            foreach (var augmentation in new[] { "none", "mixup" })
            {
                Assert.Equal(File.ReadAllText(StatePath("whole", augmentation)), File.ReadAllText(StatePath(folder, augmentation)));
            }
            Assert.Equal(File.ReadAllText(Path.Combine(_root, "whole", "search", SearchRunner.LeaderboardFile)),
                File.ReadAllText(Path.Combine(_root, folder, "search", SearchRunner.LeaderboardFile)));
        }
    }

    [Fact]
    public void The_population_ages_out_its_oldest_member_and_parents_come_from_the_population()
    {
        var state = Run("ages", new HashFitness())[0];
        Assert.Equal(Enumerable.Range(24, 6), state.Population);
        foreach (var member in state.History)
        {
            if (member.Index < 6)
            {
                Assert.Null(member.Parent);
                continue;
            }
            // When member i was made, the population held candidates i-6 .. i-1.
            Assert.InRange(member.Parent!.Value, member.Index - 6, member.Index - 1);
            Assert.NotNull(member.Mutation);
        }
    }

    [Fact]
    public void The_tournament_mutates_the_fittest_of_its_sample()
    {
        // With the sample as large as the population, the parent is always the population's fittest.
        var options = Options() with { SampleSize = 6 };
        var state = Run("greedy", new HashFitness(), options)[0];
        foreach (var member in state.History.Skip(6))
        {
            var population = state.History.Skip(member.Index - 6).Take(6);
            Assert.Equal(population.Max(m => m.Fitness), state.History[member.Parent!.Value].Fitness);
        }
    }

    [Fact]
    public void References_and_candidates_are_scored_with_seeds_from_the_search_seed_and_their_index()
    {
        var fitness = new HashFitness();
        Run("seeds", fitness, Options(evaluations: 8));
        var (firstLoss, _) = fitness.Seen[0];
        Assert.Equal("cross-entropy", firstLoss);
        Assert.Equal("baikal", fitness.Seen[1].Loss);
        Assert.StartsWith("{ expr: { formula: ", fitness.Seen[2].Loss);
        // The references are the yardstick: never stopped by the gate; every candidate is gated.
        Assert.Equal(fitness.Seen.Select(s => !s.Loss.StartsWith("{ expr:", StringComparison.Ordinal)), fitness.Gates.Select(g => g is null));
        // Every run gets its own seed, and the seeds do not depend on what is evaluated.
        Assert.Equal(fitness.Seen.Count, fitness.Seen.Select(s => s.Seed).Distinct().Count());
        var again = new HashFitness();
        Run("seeds-again", again, Options(evaluations: 8));
        Assert.Equal(fitness.Seen.Select(s => s.Seed), again.Seen.Select(s => s.Seed));
    }

    [Fact]
    public void Every_population_member_passed_the_integrity_check_and_no_two_members_are_duplicates()
    {
        var state = Run("integrity", new HashFitness())[0];
        foreach (var member in state.History)
        {
            var check = IntegrityCheck.Check(member.ToGraph(ExprSpace.Space));
            Assert.True(check.Accepted, check.Rejection);
            Assert.Equal(check.Sign, member.Sign);
            Assert.Equal(member.Sign < 0 ? $"neg({member.ToGraph(ExprSpace.Space).Formula()})" : member.ToGraph(ExprSpace.Space).Formula(), member.Formula);
        }
        var curves = state.Population.Select(i => IntegrityCheck.Check(state.History[i].ToGraph(ExprSpace.Space)).NormalizedCurve!).ToArray();
        for (var a = 0; a < curves.Length; a++)
            for (var b = a + 1; b < curves.Length; b++)
                Assert.True(curves[a].Zip(curves[b]).Max(pair => Math.Abs(pair.First - pair.Second)) >= IntegrityCheck.DuplicateDistance);
    }

    [Fact]
    public void Resuming_with_other_settings_is_refused_but_a_larger_budget_extends_the_search()
    {
        Run("extend", new HashFitness(), Options(evaluations: 10));
        var error = Assert.Throws<ArgumentException>(() => Run("extend", new HashFitness(), Options(evaluations: 10) with { Population = 7 }));
        Assert.Contains("other settings", error.Message);
        var extended = Run("extend", new HashFitness(), Options(evaluations: 30));
        var whole = Run("extend-whole", new HashFitness(), Options(evaluations: 30));
        Assert.Equal(whole[0].History, extended[0].History);
    }

    [Fact]
    public void A_relative_gate_is_the_fraction_of_cross_entropys_measured_accuracy_fixed_in_the_state_for_a_resume()
    {
        // The default gate is relative: 0.5 of cross-entropy's training accuracy, which the fixture reports as 0.8.
        var fitness = new HashFitness(gateAccuracy: 0.8);
        var states = Run("relative", fitness, Options(evaluations: 8));
        Assert.All(states, s => Assert.Equal(0.4, s.GateThreshold!.Value, 12));
        Assert.Equal(0.8, states[0].References.Single(r => r.Loss == "cross-entropy").GateAccuracy);
        Assert.All(fitness.Gates.Where(g => g is not null), g => Assert.Equal(0.4, g!.Value, 12));
        Assert.Equal(2 * 8, fitness.Gates.Count(g => g is not null));
        Assert.Contains("Gate: training accuracy 0.400 after the gate epochs (cross-entropy's there: 0.800).",
            File.ReadAllText(Path.Combine(_root, "relative", "search", SearchRunner.LeaderboardFile)));

        // Killed after the references and the threshold were saved (call 3 is the first candidate of "none"):
        // a resumed run whose reference would now measure 0.2 still gates with the saved 0.4.
        Assert.Throws<SimulatedKill>(() => Run("relative-resumed", new HashFitness(failOnCall: 3, gateAccuracy: 0.8), Options(evaluations: 8)));
        var resumed = new HashFitness(gateAccuracy: 0.2);
        var after = Run("relative-resumed", resumed, Options(evaluations: 8));
        Assert.Equal(0.4, after[0].GateThreshold!.Value, 12);
        Assert.Equal(0.1, after[1].GateThreshold!.Value, 12); // "mixup" started afresh with the new measurement
        Assert.All(resumed.Gates.Take(8), g => Assert.Equal(0.4, g!.Value, 12));
    }

    [Fact]
    public void An_absolute_gate_is_its_number_and_no_gate_gives_candidates_none()
    {
        var absolute = new HashFitness(gateAccuracy: 0.8);
        var options = Options(evaluations: 8);
        var states = Run("absolute", absolute, options with { Surrogate = options.Surrogate with { Gate = ConfigMapping.Of(("absolute", 0.3)) } });
        Assert.Equal(0.3, states[0].GateThreshold);
        Assert.All(absolute.Gates.Where(g => g is not null), g => Assert.Equal(0.3, g));
        var none = new HashFitness();
        states = Run("none", none, options with { Surrogate = options.Surrogate with { Gate = new ConfigScalar("0") } });
        Assert.Null(states[0].GateThreshold);
        Assert.All(none.Gates, g => Assert.Null(g));
    }

    private string StatePath(string folder, string augmentation) => Path.Combine(_root, folder, "search", augmentation, SearchStateStore.FileName);

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }
}

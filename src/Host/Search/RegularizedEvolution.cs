using LossBench.Sdk.Options;

namespace LossBench.Host.Search;

/// <summary>
/// Regularized (aging) evolution (Real et al., 2019) over <see cref="LossGraph"/>s: the references
/// are scored first; then random graphs fill the population; then, until the evaluation budget is
/// spent, a sample of members is drawn, the fittest of it is mutated, the child is evaluated, joins
/// the population, and the oldest member leaves. The gate's threshold is fixed after the references
/// (a relative gate needs cross-entropy's measured training accuracy) and kept in the state. Every candidate must pass the
/// <see cref="IntegrityCheck"/> (against the population's curves, so no duplicate is trained) before
/// it is trained; a rejected one is redrawn. After each evaluation the whole state, generator
/// included, goes to <paramref name="save"/>, so a stopped search continues with the very draws an
/// uninterrupted one makes.
/// </summary>
public sealed class RegularizedEvolution(EvolutionSettings settings, SearchSpace space, ICandidateFitness fitness, Func<string, ulong> referenceSeed, Func<int, ulong> candidateSeed)
{
    public SearchState Run(SearchState state, Action<SearchState> save, CancellationToken cancellation, Action<string>? log = null)
    {
        if (settings.SampleSize > settings.Population)
            throw new ArgumentException($"the sample size ({settings.SampleSize}) is larger than the population ({settings.Population})");
        foreach (var reference in settings.References)
        {
            if (state.References.Any(r => r.Loss == reference)) continue;
            cancellation.ThrowIfCancellationRequested();
            var result = fitness.Evaluate(new ConfigScalar(reference), referenceSeed(reference), gate: null, cancellation);
            state = state with { References = [.. state.References, new ReferenceResult(reference, result.Fitness, result.Status, result.Seconds, result.Message, result.GateAccuracy)] };
            save(state);
            log?.Invoke($"reference {reference}: {Describe(result)}");
        }
        if (state.History.Count == 0 && state.GateThreshold is null && settings.Gate.Kind != GateKind.None)
        {
            // Fixed once, before the first candidate, and saved: a resumed search gates with the same number.
            var accuracy = state.References.FirstOrDefault(r => r.Loss == GateRule.Reference)?.GateAccuracy;
            if (settings.Gate.Kind == GateKind.Relative && accuracy is null && state.References.All(r => r.Loss != GateRule.Reference))
                throw new ArgumentException($"the relative gate is a fraction of {GateRule.Reference}'s training accuracy: list {GateRule.Reference} among the references");
            state = state with { GateThreshold = settings.Gate.Threshold(accuracy) };
            save(state);
            log?.Invoke(settings.Gate.Kind == GateKind.Relative
                ? $"gate: training accuracy {state.GateThreshold:0.000} after the gate epochs ({settings.Gate.Value:0.###} x {GateRule.Reference}'s {accuracy:0.000})"
                : $"gate: training accuracy {state.GateThreshold:0.000} after the gate epochs");
        }

        var random = new SearchRandom(state.Random);
        var curves = new Dictionary<int, double[]>();
        while (state.History.Count < settings.Evaluations)
        {
            cancellation.ThrowIfCancellationRequested();
            var members = state.Population.Select(i => Curve(state.History[i], curves)).ToArray();
            var rejected = 0L;
            LossGraph graph;
            IntegrityResult check;
            int? parent = null;
            string? change = null;
            if (state.History.Count < settings.Population)
            {
                do
                {
                    graph = GraphMutator.RandomGraph(space, random);
                    check = IntegrityCheck.Check(graph, members);
                } while (!check.Accepted && Count(ref rejected));
            }
            else
            {
                var parentIndex = Tournament(state, random);
                var parentGraph = state.History[parentIndex].ToGraph(space);
                parent = parentIndex;
                // Retry until the integrity check passes. Near a parent whose every single mutation is turned down
                // (on the toy, many simple losses are the same line), the retries walk on from the rejected child,
                // back to the parent every WalkLength steps, so the search cannot get stuck there.
                var walk = parentGraph;
                var steps = 0;
                do
                {
                    if (steps++ % EvolutionSettings.WalkLength == 0) walk = parentGraph;
                    var mutation = GraphMutator.Mutate(walk, random);
                    graph = walk = mutation.Child;
                    change = steps % EvolutionSettings.WalkLength == 1
                        ? $"{(mutation.Swapped ? "swapped inputs" : mutation.Kind.ToString().ToLowerInvariant())} of node {mutation.NodeId}"
                        : $"{(steps - 1) % EvolutionSettings.WalkLength + 1} mutations";
                    check = IntegrityCheck.Check(graph, members);
                } while (!check.Accepted && Count(ref rejected));
            }

            var index = state.History.Count;
            var formula = check.Sign < 0 ? space.Language.Format(SearchSpace.Negation, [graph.Formula()]) : graph.Formula();
            var result = fitness.Evaluate(ConfigMapping.Of(("expr", ConfigMapping.Of(("formula", formula)))), candidateSeed(index), state.GateThreshold, cancellation);
            var member = new SearchMember(index, graph.Operations, check.Sign, formula, graph.Size, result.Fitness, result.Status, result.Seconds, parent, change, result.Message);
            curves[index] = check.NormalizedCurve!;
            var population = state.Population.Append(index).ToList();
            if (population.Count > settings.Population)
            {
                curves.Remove(population[0]); // only members' curves are compared: the cache stays the population's size
                population.RemoveAt(0);
            }
            state = state with
            {
                History = [.. state.History, member],
                Population = population,
                Random = random.State,
                Rejected = state.Rejected + rejected,
            };
            save(state);
            log?.Invoke($"candidate {index + 1}/{settings.Evaluations}: {Describe(result)}  {formula}");
        }
        return state;
    }

    /// <summary>Draws <see cref="EvolutionSettings.SampleSize"/> distinct members; the fittest of them (the first drawn among equals) is the parent.</summary>
    private int Tournament(SearchState state, SearchRandom random)
    {
        var pool = state.Population.ToArray();
        var best = -1;
        for (var k = 0; k < settings.SampleSize; k++)
        {
            var j = k + random.NextInt(pool.Length - k);
            (pool[k], pool[j]) = (pool[j], pool[k]);
            if (best < 0 || state.History[pool[k]].Fitness > state.History[best].Fitness) best = pool[k];
        }
        return best;
    }

    private double[] Curve(SearchMember member, Dictionary<int, double[]> curves)
    {
        if (curves.TryGetValue(member.Index, out var curve)) return curve;
        var check = IntegrityCheck.Check(member.ToGraph(space));
        curve = check.NormalizedCurve ?? throw new InvalidDataException($"candidate {member.Index} ({member.Formula}) no longer passes the integrity check: {check.Rejection}");
        curves[member.Index] = curve;
        return curve;
    }

    private static bool Count(ref long rejected)
    {
        if (++rejected >= EvolutionSettings.MaxIntegrityRejections)
            throw new InvalidOperationException($"{rejected} candidates in a row failed the integrity check; the search space is exhausted around this population");
        return true;
    }

    private static string Describe(FitnessResult result) =>
        result.Status == FitnessStatus.Ok ? $"{result.Fitness:0.0000} ({result.Seconds:0.0} s)" : $"{result.Status.ToString().ToLowerInvariant()} ({result.Seconds:0.0} s){(result.Message is null ? "" : ": " + result.Message)}";
}

using System.Globalization;
using System.Text.RegularExpressions;
using LossBench.Host.Matrix;
using LossBench.Host.Results;
using LossBench.Sdk.Options;
using LossBench.Torch;

namespace LossBench.Host.Search;

/// <summary>
/// Runs one regularized evolution per augmentation (the best loss depends on the augmentation), each
/// in its own folder <c>&lt;out&gt;/&lt;name&gt;/&lt;augmentation&gt;/</c> with its state file, resuming a state
/// left by an earlier run, then writes the leaderboard (leaderboard.md) and the best formulas as
/// paste-ready `expr:` entries (best-losses.yaml) for all augmentations into <c>&lt;out&gt;/&lt;name&gt;/</c>.
/// Seeds: the generator of an augmentation's search from (seed, augmentation), a candidate's training
/// run from (seed, augmentation, candidate index), a reference's from (seed, augmentation, loss).
/// </summary>
public sealed partial class SearchRunner(SearchSpace space, Func<ConfigNode, ICandidateFitness> fitnessFor, TextWriter log)
{
    public const string LeaderboardFile = "leaderboard.md";
    public const string BestLossesFile = "best-losses.yaml";

    [GeneratedRegex(@"[^A-Za-z0-9._=-]+")]
    private static partial Regex UnsafeFolderCharacters();

    /// <summary>Leaderboard rows per augmentation in the written files.</summary>
    public int Top { get; init; } = 10;

    /// <summary>The folder of a search: results root and the search's name.</summary>
    public static string Folder(string resultsRoot, SearchOptions options) => Path.Combine(resultsRoot, options.Name);

    public static string AugmentationFolder(string searchFolder, ConfigNode augmentation) =>
        Path.Combine(searchFolder, UnsafeFolderCharacters().Replace(SearchEntries.Label(augmentation), "_"));

    public IReadOnlyList<SearchState> Run(SearchOptions options, string resultsRoot, CancellationToken cancellation)
    {
        // As `run`: one libtorch thread per logical core unless told (libtorch's own default counts physical cores only).
        torch.set_num_threads(options.Threads ?? Environment.ProcessorCount);
        var folder = Folder(resultsRoot, options);
        var evolution = new EvolutionSettings(options.Population, options.SampleSize, options.Evaluations, options.References, options.Surrogate.GateRule);
        var states = new List<SearchState>();
        foreach (var augmentation in options.Surrogate.Augmentations)
        {
            var label = SearchEntries.Label(augmentation);
            var path = Path.Combine(AugmentationFolder(folder, augmentation), SearchStateStore.FileName);
            var settings = Fingerprint(options, augmentation);
            var state = SearchStateStore.TryLoad(path);
            if (state is not null && state.Settings != settings)
            {
                throw new ArgumentException($"{path} holds a search started with other settings:\n  then: {state.Settings}\n  now:  {settings}\n" +
                    "give another --out or name, or delete the folder to start afresh (only evaluations may change between runs)");
            }
            state ??= SearchState.Start(label, settings, SeedDerivation.Derive("search", options.Seed, label));
            log.WriteLine(state.History.Count == 0 && state.References.Count == 0
                ? $"search {label}: {options.Evaluations} candidate(s), population {options.Population}, sample {options.SampleSize}"
                : $"search {label}: resuming after {state.History.Count} candidate(s)");
            if (state.History.Count < options.Evaluations || state.References.Count < options.References.Count)
            {
                var fitness = fitnessFor(augmentation);
                try
                {
                    var search = new RegularizedEvolution(evolution, space, fitness,
                        reference => SeedDerivation.Derive("search-reference", options.Seed, label, reference),
                        index => SeedDerivation.Derive("search-candidate", options.Seed, label, index.ToString(CultureInfo.InvariantCulture)));
                    state = search.Run(state, s => SearchStateStore.Save(path, s), cancellation, line => log.WriteLine($"  {label}: {line}"));
                }
                finally
                {
                    (fitness as IDisposable)?.Dispose();
                }
            }
            states.Add(state);
        }
        AtomicFile.WriteAllText(Path.Combine(folder, LeaderboardFile), $"# Loss search: {options.Name}\n\n" + SearchLeaderboard.Markdown(states, Top));
        AtomicFile.WriteAllText(Path.Combine(folder, BestLossesFile), SearchLeaderboard.PasteYaml(states, Top));
        return states;
    }

    /// <summary>What must not change for a saved state to be resumed: everything but the evaluation budget.</summary>
    public static string Fingerprint(SearchOptions options, ConfigNode augmentation)
    {
        var s = options.Surrogate;
        return string.Join("; ",
            $"seed={options.Seed}", $"population={options.Population}", $"sample-size={options.SampleSize}",
            $"references=[{string.Join(", ", options.References)}]", $"augmentation={SearchEntries.ToYaml(augmentation)}",
            $"dataset={SearchEntries.ToYaml(s.Dataset)}", $"model={SearchEntries.ToYaml(s.Model)}",
            string.Create(CultureInfo.InvariantCulture, $"epochs={s.Epochs}"), $"steps={s.Steps}", $"batch-size={s.BatchSize}", $"validation={s.Validation}",
            $"optimizer={s.Optimizer}", string.Create(CultureInfo.InvariantCulture, $"lr={s.Lr:R}"), string.Create(CultureInfo.InvariantCulture, $"momentum={s.Momentum:R}"),
            string.Create(CultureInfo.InvariantCulture, $"weight-decay={s.WeightDecay:R}"), $"schedule={s.Schedule}",
            $"gate={s.GateRule}", $"gate-epochs={s.GateEpochs}", $"device={options.Device}");
    }
}

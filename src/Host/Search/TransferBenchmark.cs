using System.Text;
using System.Text.RegularExpressions;
using LossBench.Host.Config;
using LossBench.Sdk.Options;

namespace LossBench.Host.Search;

/// <summary>
/// `search --transfer`: a copy of a benchmark file whose `losses:` are the benchmark's own losses
/// followed by the search's best formulas as `expr:` entries, and whose name gets a `-transfer`
/// suffix (its results go to their own folder). Everything else (data sets, models, augmentations,
/// training, evaluations, report) is the benchmark's, so the winners are trained and evaluated by the
/// normal run path, on the larger model and data set the benchmark names.
/// </summary>
public static partial class TransferBenchmark
{
    [GeneratedRegex(@"^losses\s*:")]
    private static partial Regex LossesKey();

    [GeneratedRegex(@"^name\s*:")]
    private static partial Regex NameKey();

    public static string Rewrite(string yamlText, string file, IReadOnlyList<string> formulas)
    {
        if (YamlConfigReader.Read(yamlText, file) is not ConfigMapping root)
            throw new ConfigException(new SourceLocation(file, 1, 1), "", "a benchmark file is a mapping (name:, datasets:, models:, losses:, ...)");
        var name = root["name"] is ConfigScalar { IsNull: false } given ? given.Text : Path.GetFileNameWithoutExtension(file);
        var existing = root["losses"] switch
        {
            null or ConfigScalar { IsNull: true } => [],
            ConfigSequence sequence => sequence.Items,
            var single => [single],
        };
        var entries = existing.Select(SearchEntries.ToYaml).ToList();
        foreach (var formula in formulas)
        {
            var entry = SearchLeaderboard.Entry(formula);
            if (!entries.Contains(entry)) entries.Add(entry);
        }

        var lines = yamlText.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').ToList();
        var block = new List<string> { "losses:" };
        block.AddRange(entries.Select(e => $"  - {e}"));
        var start = lines.FindIndex(LossesKey().IsMatch);
        if (start < 0)
        {
            lines.AddRange(block);
        }
        else
        {
            var end = start + 1;
            while (end < lines.Count && (lines[end].Length == 0 || char.IsWhiteSpace(lines[end][0]) || lines[end][0] == '#' || lines[end].StartsWith('-'))) end++;
            // Keep the blank and comment lines that separate the block from the next key.
            while (end > start + 1 && (lines[end - 1].Trim().Length == 0 || lines[end - 1].TrimStart().StartsWith('#'))) end--;
            lines.RemoveRange(start, end - start);
            lines.InsertRange(start, block);
        }
        var nameLine = lines.FindIndex(NameKey().IsMatch);
        var newName = $"name: {name}-transfer";
        if (nameLine >= 0) lines[nameLine] = newName;
        else lines.Insert(0, newName);
        var text = new StringBuilder();
        text.AppendJoin('\n', lines);
        return text.ToString();
    }
}

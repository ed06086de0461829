using System.Globalization;
using LossBench.Sdk.Options;

namespace LossBench.Sdk.Datasets;

/// <summary>
/// A corrupted test split named <c>corrupt:&lt;kind&gt;@&lt;severity&gt;</c>, for example
/// <c>corrupt:gaussian-noise@3</c>: the test split under one corruption at one severity (1-5).
/// Every data set has these splits (see <see cref="DataSplits.Resolve"/>). This is the name and its
/// grammar only; the host's <see cref="ISplitCorruptor"/> makes the images.
/// </summary>
public sealed record CorruptionSplit(CorruptionKind Kind, int Severity)
{
    public const string Prefix = "corrupt:";
    public const int MinSeverity = 1;
    public const int MaxSeverity = 5;

    /// <summary>The kinds as they are written in split names, in declaration order.</summary>
    public static IReadOnlyList<string> KindNames { get; } = Enum.GetValues<CorruptionKind>().Select(NameOf).ToArray();

    /// <summary>The split's name, <c>corrupt:&lt;kind&gt;@&lt;severity&gt;</c>.</summary>
    public string Name => $"{Prefix}{NameOf(Kind)}@{Severity.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>The kind's name in split names: <see cref="CorruptionKind.GaussianNoise"/> is <c>gaussian-noise</c>.</summary>
    public static string NameOf(CorruptionKind kind) => KebabCase.From(kind.ToString());

    /// <summary>Whether a split name asks for a corruption (starts with <c>corrupt:</c>); it may still be malformed.</summary>
    public static bool IsCorruptionName(string name) => name.StartsWith(Prefix, StringComparison.Ordinal);

    /// <summary>Parses <c>corrupt:&lt;kind&gt;@&lt;severity&gt;</c>.</summary>
    /// <exception cref="ArgumentException">The name is malformed, the kind unknown or the severity outside 1-5; the message lists the valid kinds.</exception>
    public static CorruptionSplit Parse(string name)
    {
        if (!IsCorruptionName(name))
            throw Invalid(name, $"a corruption split's name starts with '{Prefix}'");
        var body = name[Prefix.Length..];
        var at = body.LastIndexOf('@');
        if (at < 0)
            throw Invalid(name, "the severity is missing: write corrupt:<kind>@<severity>, for example corrupt:gaussian-noise@3");
        var kindName = body[..at];
        var severityText = body[(at + 1)..];
        var kindIndex = KindNames.ToList().IndexOf(kindName);
        if (kindIndex < 0)
            throw Invalid(name, $"unknown corruption kind '{kindName}'{NameSuggester.DidYouMean(kindName, KindNames)}");
        if (!int.TryParse(severityText, NumberStyles.None, CultureInfo.InvariantCulture, out var severity))
            throw Invalid(name, $"the severity '{severityText}' is not a whole number from {MinSeverity} to {MaxSeverity}");
        if (severity is < MinSeverity or > MaxSeverity)
            throw Invalid(name, $"the severity {severity} is outside {MinSeverity}-{MaxSeverity}");
        return new CorruptionSplit(Enum.GetValues<CorruptionKind>()[kindIndex], severity);
    }

    private static ArgumentException Invalid(string name, string what) => new(
        $"'{name}' is not a valid corruption split: {what}. Corruption splits are corrupt:<kind>@<severity> with severity " +
        $"{MinSeverity}-{MaxSeverity} and kind one of: {string.Join(", ", KindNames)}");
}

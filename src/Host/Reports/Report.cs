namespace LossBench.Host.Reports;

/// <summary>The tables of a benchmark's report, as numbers (exporters format them).</summary>
/// <param name="Baseline">The loss label differences are taken against, or null.</param>
/// <param name="Digits">Digits after the decimal point in formatted tables.</param>
public sealed record Report(IReadOnlyList<ReportTable> Tables, string? Baseline, int Digits)
{
    /// <summary>Losses whose probabilities are not a softmax (label to link, e.g. bce: one-vs-all-sigmoid): their NLL, ECE and reliability use that link.</summary>
    public IReadOnlyDictionary<string, string> Links { get; init; } = new Dictionary<string, string>();

    /// <summary>What differs between the environments the cells ran in (<see cref="Reports.EnvironmentDifferences"/>); null when they agree.</summary>
    public IReadOnlyList<string>? EnvironmentDifferences { get; init; }
}

namespace LossBench.Host.Reports.Figures;

/// <summary>
/// One figure of a report, as data: what is drawn (series of numbers taken from the cell records,
/// the same numbers the tables are built from), its title and axis labels with units. Rendering
/// (<see cref="FigureRenderer"/>) adds nothing but pixels, so tests check figures here.
/// </summary>
/// <param name="Name">File stem under figures/ (letters, digits, '-', '.'), unique within a report.</param>
/// <param name="Kind">What the figure shows: robustness, saliency, reliability, training-loss, test-accuracy, roc, curvature-spectrum, curve, search-progress.</param>
/// <param name="Section">The data set, model and augmentation it is about (e.g. <c>dataset=mnist-10k, model=cnn-small, augmentation=none</c>).</param>
/// <param name="Note">What the lines and bands mean, shown under the figure.</param>
public sealed record Figure(string Name, string Kind, string Title, string Section, string XLabel, string YLabel, IReadOnlyList<FigureSeries> Series, string Note)
{
    /// <summary>Draw the line y = x (a perfectly calibrated model, a chance-level detector).</summary>
    public bool Diagonal { get; init; }

    /// <summary>Fix the y axis to [0, 1] (accuracies and rates), so figures of one kind compare at a glance.</summary>
    public bool UnitY { get; init; }
}

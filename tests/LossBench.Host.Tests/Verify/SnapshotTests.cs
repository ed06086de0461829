using LossBench.Host.Config;
using LossBench.Host.Verify;

namespace LossBench.Host.Tests.Verify;

/// <summary>The snapshot's text (written, read back) and its comparison, on hand-made snapshots.</summary>
public sealed class SnapshotTests
{
    private static Snapshot Make(string mean = "0.8450", string threads = "1", string label = "focal(gamma=2)") => new(
        "tiny", 4,
        [new("libtorch", "1.13.1"), new("threads", threads), new("portable", "off")],
        ["0a1b2c3d4e5f", "abcdefabcdef"],
        [
            new SnapshotTable("clean.accuracy", "clean.accuracy (dataset=mnist-10k, model=mlp)", "loss", "augmentation",
            [
                new SnapshotRow("cross-entropy", "none", ["0.8400", "0.0100", "2", "baseline", "0", "0"]),
                new SnapshotRow(label, "none", [mean, "0.0071", "2", "0.0050", "0", "0"]),
            ]),
        ]);

    [Fact]
    public void ASnapshotReadsBackAsWritten()
    {
        var snapshot = Make(label: "a|b");
        var read = SnapshotMarkdown.Read(SnapshotMarkdown.Write(snapshot), "tiny.verified.md");
        Assert.Equal(SnapshotMarkdown.Write(snapshot), SnapshotMarkdown.Write(read));
        Assert.Equal("a|b", read.Tables[0].Rows[1].Row);
        Assert.Equal("clean.accuracy", read.Tables[0].Metric);
        Assert.Equal(4, read.Digits);
    }

    [Theory]
    [InlineData(0.84504, 4, "0.8450")]
    [InlineData(-0.00001, 4, "0.0000")] // rounds to zero: no sign
    [InlineData(-0.00006, 4, "-0.0001")]
    [InlineData(null, 4, "-")]
    [InlineData(1.5, 0, "2")]
    public void NumbersHaveFixedDigitsAndNoSignedZero(double? value, int digits, string expected) =>
        Assert.Equal(expected, SnapshotBuilder.Number(value, digits));

    [Fact]
    public void AChangedValueIsNamedByTableRowColumnAndBothValues()
    {
        var comparison = SnapshotComparison.Compare(Make(), Make(mean: "0.8300"), new Dictionary<string, Tolerance>());
        Assert.Equal(["clean.accuracy (dataset=mnist-10k, model=mlp): row focal(gamma=2), column none: mean: snapshot 0.8450, this run 0.8300"], comparison.Differences);
    }

    [Theory]
    [InlineData("0.8470", true)]  // 0.002 apart: at the tolerance
    [InlineData("0.8471", false)]
    public void AToleranceIsAbsoluteAndReportedWhenUsed(string mean, bool within)
    {
        var tolerances = new Dictionary<string, Tolerance> { ["clean.accuracy"] = new(0.002, null) };
        var comparison = SnapshotComparison.Compare(Make(), Make(mean: mean), tolerances);
        Assert.Equal(within, comparison.Matches);
        if (within) Assert.StartsWith("within tolerance 0.002: clean.accuracy", Assert.Single(comparison.WithinTolerance));
        else Assert.EndsWith("(beyond tolerance 0.002)", Assert.Single(comparison.Differences));
    }

    [Fact]
    public void AnotherEnvironmentIsReportedByItsEntryAndTheTablesAreNotCompared()
    {
        var comparison = SnapshotComparison.Compare(Make(), Make(mean: "0.8300", threads: "2"), new Dictionary<string, Tolerance>());
        Assert.Equal(["threads: snapshot 1, this run 2"], comparison.EnvironmentDifferences);
        Assert.Empty(comparison.Differences);
    }

    [Fact]
    public void ARenamedRowIsOnlyInTheSnapshotAndNewInThisRun()
    {
        var comparison = SnapshotComparison.Compare(Make(), Make(label: "focal(gamma=3)"), new Dictionary<string, Tolerance>());
        Assert.Contains("clean.accuracy (dataset=mnist-10k, model=mlp): row focal(gamma=2), column none: only in the snapshot (mean 0.8450)", comparison.Differences);
        Assert.Contains("clean.accuracy (dataset=mnist-10k, model=mlp): row focal(gamma=3), column none: new in this run (mean 0.8450)", comparison.Differences);
    }
}

using System.Text.Json;
using LossBench.Host.Reports;
using static LossBench.Host.Tests.Reports.ReportCells;

namespace LossBench.Host.Tests.Reports;

public sealed class JsonReportExporterTests
{
    [Fact]
    public void NumbersKeepFullPrecisionWhateverTheDigits()
    {
        // Digits 2 round the tables, not the JSON: 0.123456789012345 comes back bit for bit.
        // 0.123456789012345 - 0.1 is the difference's exact double (one pair, so no interval).
        var json = JsonReportExporter.Export(Build([Cell("ce", 0, 0.1), Cell("focal", 0, 0.123456789012345)], Settings(digits: 2)));
        using var document = JsonDocument.Parse(json);
        var focal = document.RootElement.GetProperty("tables")[0].GetProperty("cells")[1];
        Assert.Equal("focal", focal.GetProperty("row").GetString());
        Assert.Equal(0.123456789012345, focal.GetProperty("mean").GetDouble());
        Assert.Equal(0.123456789012345 - 0.1, focal.GetProperty("difference").GetProperty("mean").GetDouble());
    }

    [Fact]
    public void KeysAreKebabCaseAndUndefinedValuesAreLeftOut()
    {
        using var document = JsonDocument.Parse(JsonReportExporter.Export(Build(TwoByTwo())));
        var root = document.RootElement;
        Assert.Equal("ce", root.GetProperty("baseline").GetString());
        Assert.Equal(4, root.GetProperty("digits").GetInt32());
        var table = root.GetProperty("tables")[0];
        Assert.Equal("loss", table.GetProperty("rows").GetString());
        Assert.Equal("augmentation", table.GetProperty("columns").GetString());
        Assert.Equal(["none", "flip"], table.GetProperty("column-labels").EnumerateArray().Select(e => e.GetString()));
        var ce = table.GetProperty("cells")[0];
        Assert.True(ce.GetProperty("is-baseline").GetBoolean());
        Assert.False(ce.TryGetProperty("difference", out _));
        var focal = table.GetProperty("cells")[2].GetProperty("difference");
        Assert.False(focal.GetProperty("significant").GetBoolean());
        Assert.Equal(3, focal.GetProperty("pairs").GetInt32());
        // Full precision: p = 1 - 3 sqrt(3) / sqrt(29) (2 df closed form), Holm over 2 comparisons doubles it.
        Assert.Equal(1 - 3 * Math.Sqrt(3) / Math.Sqrt(29), focal.GetProperty("p").GetDouble(), 12);
        Assert.Equal(2 * (1 - 3 * Math.Sqrt(3) / Math.Sqrt(29)), focal.GetProperty("adjusted-p").GetDouble(), 12);
        Assert.Equal(0.01, focal.GetProperty("sd").GetDouble(), 12);
        Assert.True(focal.TryGetProperty("mde", out _));
        Assert.Equal(2, table.GetProperty("comparisons").GetInt32());
        Assert.Equal(3, table.GetProperty("fewest-seeds").GetInt32());
        Assert.Equal(0.0864325, table.GetProperty("mde").GetDouble(), 7);

        using var single = JsonDocument.Parse(JsonReportExporter.Export(Build([Cell("ce", 0, 0.5)], Settings(baseline: null))));
        var cell = single.RootElement.GetProperty("tables")[0].GetProperty("cells")[0];
        Assert.False(cell.TryGetProperty("std", out _));
        Assert.False(single.RootElement.TryGetProperty("baseline", out _));
    }
}

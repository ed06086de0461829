using LossBench.Host.Search;

namespace LossBench.Host.Tests.Search;

/// <summary>
/// The toy: y = [0, 1], p = [x, 1 - x] at x = (i + 0.5) / 1000, so x is the probability of the wrong class.
/// Expected curves are written from their closed forms here, not taken from the graph code.
/// </summary>
public sealed class IntegrityCheckTests
{
    private static double[] Curve(Func<double, double> f) => Enumerable.Range(0, 1000).Select(i => f((i + 0.5) / 1000)).ToArray();

    [Fact]
    public void Cross_entropy_is_accepted_as_it_is()
    {
        // -sum_c y_c ln p_c = -ln(1 - x): increasing in x.
        var result = IntegrityCheck.Check(Curve(x => -Math.Log(1 - x)));
        Assert.True(result.Accepted, result.Rejection);
        Assert.Equal(1, result.Sign);
    }

    [Fact]
    public void The_baikal_curve_is_accepted_with_its_one_turn()
    {
        // -sum_c [ln p_c - y_c / p_c] = -ln x - ln(1 - x) + 1 / (1 - x): falls until 1 - x = 1/sqrt(2)
        // (x = 0.293, outside the middle), then rises to about 1008 at the right end.
        var result = IntegrityCheck.Check(Curve(x => -Math.Log(x) - Math.Log(1 - x) + 1 / (1 - x)));
        Assert.True(result.Accepted, result.Rejection);
        Assert.Equal(1, result.Sign);
    }

    [Fact]
    public void A_constant_is_a_plateau()
    {
        var result = IntegrityCheck.Check(Curve(_ => 3.0));
        Assert.False(result.Accepted);
        Assert.Contains("plateau: 999 zero differences", result.Rejection);
    }

    [Fact]
    public void An_oscillating_curve_changes_slope_too_often()
    {
        // sin(20 pi x) + x turns near x = (2k + 1) / 40 (20 turns); the nearest to the middle are at
        // about 0.488 and 0.513, outside the middle 2%, so the count is what refuses it.
        var result = IntegrityCheck.Check(Curve(x => Math.Sin(20 * Math.PI * x) + x));
        Assert.False(result.Accepted);
        Assert.Contains("slope changes sign", result.Rejection);
    }

    [Fact]
    public void A_curve_that_falls_is_flipped_and_then_matches_the_rising_one()
    {
        // ln(1 - x) is cross-entropy pointing the wrong way.
        var result = IntegrityCheck.Check(Curve(x => Math.Log(1 - x)));
        Assert.True(result.Accepted, result.Rejection);
        Assert.Equal(-1, result.Sign);
        // Normalized: (-ln(1 - x) - min) / (max - min), min at the first point, max at the last.
        double min = -Math.Log(1 - 0.0005), max = -Math.Log(1 - 0.9995);
        var expected = Curve(x => (-Math.Log(1 - x) - min) / (max - min));
        for (var i = 0; i < 1000; i++) Assert.Equal(expected[i], result.NormalizedCurve![i], 9);
    }

    [Fact]
    public void An_extremum_in_the_middle_two_percent_is_refused()
    {
        var result = IntegrityCheck.Check(Curve(x => (x - 0.5) * (x - 0.5)));
        Assert.False(result.Accepted);
        Assert.Contains("middle 2%", result.Rejection);
        // The same bowl centred at x = 0.45 is outside the middle: one turn, accepted (it rises further to the right).
        Assert.True(IntegrityCheck.Check(Curve(x => (x - 0.45) * (x - 0.45))).Accepted);
    }

    [Fact]
    public void Ten_zero_differences_are_allowed_and_eleven_are_a_plateau()
    {
        // f = x, except that the first k + 1 points share one value: k zero differences.
        double[] WithFlatStart(int k) => Curve(x => x).Select((v, i) => i <= k ? 0.0005 : v).ToArray();
        Assert.True(IntegrityCheck.Check(WithFlatStart(10)).Accepted);
        var result = IntegrityCheck.Check(WithFlatStart(11));
        Assert.False(result.Accepted);
        Assert.Contains("11 zero differences", result.Rejection);
    }

    [Fact]
    public void Two_turns_are_allowed_and_three_are_not()
    {
        // A zig-zag with turns at x = 0.2 and 0.7 (two turns), and the same with a third at 0.85.
        static double TwoTurns(double x) => x < 0.2 ? x : x < 0.7 ? 0.4 - x : x - 1.0 + 0.3 * 4;
        static double ThreeTurns(double x) => x < 0.85 ? TwoTurns(x) : 2 * TwoTurns(0.85) - TwoTurns(x);
        Assert.True(IntegrityCheck.Check(Curve(TwoTurns)).Accepted);
        var result = IntegrityCheck.Check(Curve(ThreeTurns));
        Assert.False(result.Accepted);
        Assert.Contains("3 times", result.Rejection);
    }

    [Fact]
    public void A_curve_within_one_percent_of_a_member_after_normalizing_is_a_duplicate()
    {
        var member = IntegrityCheck.Check(Curve(x => -Math.Log(1 - x))).NormalizedCurve!;
        // 2 * CE + 5 normalizes to the same curve.
        var twin = IntegrityCheck.Check(Curve(x => -2 * Math.Log(1 - x) + 5), [member]);
        Assert.False(twin.Accepted);
        Assert.Contains("duplicate", twin.Rejection);
        // A straight line differs from the normalized log curve by far more than 0.01 near the left end.
        Assert.True(IntegrityCheck.Check(Curve(x => x), [member]).Accepted);
    }

    [Fact]
    public void Not_finite_values_are_refused()
    {
        var result = IntegrityCheck.Check(Curve(x => 1 / (x - 0.0005)));
        Assert.False(result.Accepted);
        Assert.Contains("not finite", result.Rejection);
    }
}

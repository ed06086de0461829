namespace LossBench.Torch.Tests;

/// <summary>
/// Textbook formulas, written out in C# with no help from libtorch, that the tests compare
/// libtorch's results with.
/// </summary>
internal static class ReferenceMath
{
    /// <summary>Modified Bessel function of the first kind, order 0: sum (x/2)^{2k} / (k!)^2.</summary>
    public static double BesselI0(double x)
    {
        double half = x / 2, term = 1, sum = 1;
        for (var k = 1; k < 500; k++)
        {
            term *= half * half / ((double)k * k);
            sum += term;
            if (term < 1e-17 * sum) break;
        }
        return sum;
    }

    /// <summary>Modified Bessel function of the first kind, order 1: sum (x/2)^{2k+1} / (k! (k+1)!).</summary>
    public static double BesselI1(double x)
    {
        double half = x / 2, term = half, sum = half;
        for (var k = 1; k < 500; k++)
        {
            term *= half * half / ((double)k * (k + 1));
            sum += term;
            if (Math.Abs(term) < 1e-17 * Math.Abs(sum)) break;
        }
        return sum;
    }

    /// <summary>log softmax of each row, by the definition (the rows used here are small enough not to overflow).</summary>
    public static double[,] LogSoftmaxRows(double[,] logits)
    {
        int n = logits.GetLength(0), c = logits.GetLength(1);
        var result = new double[n, c];
        for (var i = 0; i < n; i++)
        {
            double total = 0;
            for (var k = 0; k < c; k++) total += Math.Exp(logits[i, k]);
            var log = Math.Log(total);
            for (var k = 0; k < c; k++) result[i, k] = logits[i, k] - log;
        }
        return result;
    }

    /// <summary>Row-major copy of a 2-D array.</summary>
    public static double[] Flat(double[,] a)
    {
        var result = new double[a.Length];
        var i = 0;
        foreach (var v in a) result[i++] = v;
        return result;
    }

    /// <summary>erf by its Maclaurin series, 2/sqrt(pi) sum (-1)^n x^{2n+1} / (n! (2n+1)); accurate for |x| &lt;= 3.</summary>
    public static double Erf(double x)
    {
        if (Math.Abs(x) > 3) throw new ArgumentOutOfRangeException(nameof(x), x, "the series loses precision beyond |x| = 3");
        double power = x, sum = x;
        for (var n = 1; n < 200; n++)
        {
            power *= -x * x / n; // (-1)^n x^{2n+1} / n!
            var term = power / (2 * n + 1);
            sum += term;
            if (Math.Abs(term) < 1e-18 * Math.Max(Math.Abs(sum), 1e-300)) break;
        }
        return 2 / Math.Sqrt(Math.PI) * sum;
    }

    /// <summary>Standard normal distribution function, (1 + erf(x / sqrt 2)) / 2.</summary>
    public static double NormalCdf(double x) => (1 + Erf(x / Math.Sqrt(2))) / 2;

    /// <summary>Standard normal density.</summary>
    public static double NormalPdf(double x) => Math.Exp(-x * x / 2) / Math.Sqrt(2 * Math.PI);

    /// <summary>Deterministic pseudo-random doubles in [-scale, scale), independent of libtorch's generators.</summary>
    public static double[] Uniform(int seed, int count, double scale = 1)
    {
        var random = new Random(seed);
        var result = new double[count];
        for (var i = 0; i < count; i++) result[i] = (2 * random.NextDouble() - 1) * scale;
        return result;
    }
}

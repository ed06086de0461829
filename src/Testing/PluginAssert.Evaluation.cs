using LossBench.Sdk.Evaluations;
using static LossBench.Torch.torch;

namespace LossBench.Testing;

public static partial class PluginAssert
{
    /// <summary>
    /// The evaluation contract on the plugin built from <paramref name="optionsYaml"/>, after <see cref="Valid{TPlugin}"/>;
    /// when it declares its metrics (IDeclaresMetrics), the result must hold exactly those.
    /// Returns the result (for further assertions on its values).
    /// </summary>
    public static EvaluationResult Evaluation<TEvaluation>(string? optionsYaml = null, EvaluationContext? context = null) where TEvaluation : class, IEvaluation
    {
        var evaluation = Build<TEvaluation>(optionsYaml, out var options);
        try
        {
            var declared = Declared<IReadOnlyList<string>>(typeof(TEvaluation), typeof(IDeclaresMetrics<>), options, nameof(IDeclaresMetrics<object>.MetricsOf));
            return Evaluation(evaluation, context, declared, NameOf(typeof(TEvaluation)));
        }
        finally
        {
            (evaluation as IDisposable)?.Dispose();
        }
    }

    /// <summary>
    /// An evaluation's contract: it returns at least one metric; every metric has a name the report can
    /// address (<c>&lt;evaluation&gt;.&lt;name&gt;</c> in tables: no spaces, no '/') and a finite value;
    /// curves have as many x as y values, all finite; per-example outcomes are consistent; and the names
    /// are exactly <paramref name="declaredMetrics"/> when given. The context defaults to
    /// <see cref="TestData.EvaluationContext"/> (a linear model fitted to a toy problem), disposed afterwards.
    /// </summary>
    public static EvaluationResult Evaluation(IEvaluation evaluation, EvaluationContext? context = null, IReadOnlyList<string>? declaredMetrics = null, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(evaluation);
        name ??= NameOf(evaluation.GetType());
        var owned = context is null;
        using var scope = NewDisposeScope();
        context ??= TestData.EvaluationContext();
        try
        {
            EvaluationResult result;
            try
            {
                result = evaluation.Evaluate(context);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                throw Fail(name, "Evaluate", $"threw {e.GetType().Name}: {e.Message}");
            }
            if (result.Metrics.Count == 0) throw Fail(name, "metrics", "the result holds no metric");
            foreach (var (metric, value) in result.Metrics)
            {
                if (string.IsNullOrEmpty(metric) || metric.Any(c => char.IsWhiteSpace(c) || c == '/'))
                    throw Fail(name, "metrics", $"the metric name '{metric}' cannot be addressed in a report table as {name}.<metric>: use a name without spaces or '/' (like accuracy or accuracy@eps=0.1)");
                if (!double.IsFinite(value)) throw Fail(name, "metrics", $"{name}.{metric} is {value}");
            }
            foreach (var (curveName, curve) in result.Curves)
            {
                if (curve.X.Count != curve.Y.Count) throw Fail(name, "curves", $"the curve '{curveName}' has {curve.X.Count} x and {curve.Y.Count} y values");
                if (curve.X.Concat(curve.Y).Any(v => !double.IsFinite(v))) throw Fail(name, "curves", $"the curve '{curveName}' holds a value that is not finite");
            }
            foreach (var (metric, outcomes) in result.Examples)
            {
                try
                {
                    outcomes.Validate();
                }
                catch (ArgumentException e)
                {
                    throw Fail(name, "example outcomes", $"{metric}: {e.Message}");
                }
            }
            if (declaredMetrics is not null)
            {
                var missing = declaredMetrics.Except(result.Metrics.Keys, StringComparer.Ordinal).ToArray();
                var extra = result.Metrics.Keys.Except(declaredMetrics, StringComparer.Ordinal).ToArray();
                if (missing.Length > 0 || extra.Length > 0)
                    throw Fail(name, "declared metrics", $"MetricsOf declares [{string.Join(", ", declaredMetrics)}], the result holds [{string.Join(", ", result.Metrics.Keys)}]");
            }
            return result;
        }
        finally
        {
            if (owned) context.Splits.Dispose();
            if (owned) context.Model.Dispose();
            if (owned) context.Generator.Dispose();
        }
    }
}

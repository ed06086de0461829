namespace LossBench.Sdk.Evaluations;

/// <summary>An evaluation plugin (clean metrics, attacks, geometry analyses) run on every trained cell.</summary>
public interface IEvaluation
{
    EvaluationResult Evaluate(EvaluationContext context);
}

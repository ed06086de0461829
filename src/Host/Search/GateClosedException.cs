namespace LossBench.Host.Search;

/// <summary>Thrown by <see cref="GatedLoss"/> to stop a surrogate run whose training accuracy stayed below the gate.</summary>
public sealed class GateClosedException(double accuracy, double gate, int epochs)
    : Exception($"training accuracy {accuracy:0.000} after {epochs} epoch(s) is below the gate {gate:0.000}")
{
    public double Accuracy { get; } = accuracy;
}

namespace LossBench.Host.Matrix;

/// <summary>The cells to run, in order, and the combinations refused at plan time.</summary>
public sealed record MatrixPlan(IReadOnlyList<Cell> Cells, IReadOnlyList<RefusedCell> Refused);

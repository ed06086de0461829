namespace LossBench.Host.Matrix;

/// <summary>A combination the plan will not run, and why (a loss that needs hard labels with an augmentation that mixes them...).</summary>
public sealed record RefusedCell(string Label, string Reason);

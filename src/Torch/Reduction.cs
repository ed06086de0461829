namespace LossBench.Torch;

/// <summary>How a loss reduces over the batch, with libtorch's codes (at::Reduction).</summary>
public enum Reduction
{
    None = 0,
    Mean = 1,
    Sum = 2,
}

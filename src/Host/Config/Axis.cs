namespace LossBench.Host.Config;

/// <summary>The axes of the matrix that tables and rules can name.</summary>
public enum Axis
{
    Dataset,
    Model,
    Loss,
    Augmentation,
}

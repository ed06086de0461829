namespace LossBench.Plugins.Augmentations;

/// <summary>What random erasing writes into the erased rectangle.</summary>
public enum ErasingFill
{
    /// <summary>Independent uniform values in [0, 1) per pixel and channel (the paper's choice).</summary>
    Random,

    /// <summary>Zeros (black).</summary>
    Zero,
}
